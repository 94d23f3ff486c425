"""Reader ``uspto-xml``: USPTO full-text XML of grants and pre-grant publications, 2001 →.

One reader for the three XML families, chosen per document by its root element (a weekly file is
one family, but a concatenation of samples may mix them):

- ``us-patent-grant`` / ``us-patent-application`` (ICE DTD v4.x, 2005 →): :mod:`.uspto_v4`;
- ``patent-application-publication`` (PAP v1.x, 2001–2004): :mod:`.uspto_pap`;
- ``PATDOC`` (ST.32 "SGML" grants v2.4/2.5 written as XML, 2001–2004): :mod:`.uspto_st32`.

Every document becomes a ``Parsed`` or a ``Rejected`` (with its raw text, the line it starts on
and what is wrong); a bad document never stops the next one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from ipcenter.core.i18n import N_
from ipcenter.ingest import uspto_pap, uspto_st32, uspto_v4
from ipcenter.ingest.records import Item, Location, Parsed, Reader, Rejected, Source
from ipcenter.ingest.uspto_common import RecordError, rejected
from ipcenter.ingest.uspto_documents import decode_raw, parse_document, split_documents
from ipcenter.rights import PatentIn

_BUILDERS: dict[str, Callable[[etree._Element], PatentIn]] = {
    "us-patent-grant": uspto_v4.build,
    "us-patent-application": uspto_v4.build,
    "patent-application-publication": uspto_pap.build,
    "PATDOC": uspto_st32.build,
}
_MARKERS = tuple(
    marker for root in _BUILDERS for marker in (f"<{root}".encode(), f"<!DOCTYPE {root}".encode())
)


def sniff(name: str, head: bytes) -> bool:
    return any(marker in head for marker in _MARKERS)


def read(source: Source) -> Iterator[Item]:
    with source.open() as stream:
        for index, (line, document) in enumerate(split_documents(stream)):
            yield read_document(document, Location(file=source.name, index=index, line=line))


def read_document(document: bytes, location: Location) -> Parsed | Rejected:
    """One document → its record, or the reason it cannot be read."""
    try:
        root = parse_document(document)
    except etree.XMLSyntaxError as exc:
        return rejected(
            location,
            decode_raw(document),
            RecordError(N_("the XML document is not well-formed: {error}"), error=str(exc)),
        )
    builder = _BUILDERS.get(root.tag) if isinstance(root.tag, str) else None
    if builder is None:
        return rejected(
            location,
            decode_raw(document),
            RecordError(
                N_("<{root}> is not a USPTO patent document"), field="root", root=str(root.tag)
            ),
        )
    try:
        return Parsed(location=location, record=builder(root))
    except RecordError as error:
        return rejected(location, decode_raw(document), error)


READER = Reader(name="uspto-xml", sniff=sniff, read=read)
