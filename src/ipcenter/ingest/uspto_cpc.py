"""The USPTO's CPC files: the Master Classification File (patent data) and scheme files (not).

``uspto-cpc-master`` reads the CPC Master Classification File (ST.96 XML, one
``CPCMasterClassificationRecord`` per granted patent: application number, patent number, kind,
grant date and the current main and further CPC symbols). Each record becomes a sparse canonical
record; the upsert merges its CPC symbols into the patent stored from the full text. The file is
one large XML document, read with ``iterparse`` and each record cleared once read, so memory
stays flat; if the document breaks off, the records before the break are kept and the break is
reported as one rejected item.

``uspto-cpc-scheme`` recognises CPC *scheme* files (``class-scheme``: the titles and hierarchy
of the CPC symbols, no patent in them) so that they are reported as such instead of "format not
recognised": reading one yields a single Rejected item saying what the file is.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from ipcenter.core.i18n import N_
from ipcenter.ingest.records import Item, Location, Parsed, Reader, Source
from ipcenter.ingest.uspto_common import (
    RecordError,
    ipc_symbol,
    parse_date,
    patent_in,
    rejected,
    require,
    us_application_number,
    us_publication_number,
)
from ipcenter.rights import PatentIn

_COM = "{http://www.wipo.int/standards/XMLSchema/ST96/Common}"
_PAT = "{http://www.wipo.int/standards/XMLSchema/ST96/Patent}"
_USPAT = "{patent:uspto:doc:us:gov}"
_RECORD = f"{_USPAT}CPCMasterClassificationRecord"


def sniff_master(name: str, head: bytes) -> bool:
    return b"CPCMasterClassificationFile" in head


def sniff_scheme(name: str, head: bytes) -> bool:
    return b"<class-scheme" in head


def _text(element: etree._Element, path: str) -> str:
    return (element.findtext(path) or "").strip()


def build_master(record: etree._Element) -> PatentIn:
    raw_number = require(
        _text(
            record,
            f"{_PAT}ApplicationIdentification/{_COM}ApplicationNumber/{_COM}ApplicationNumberText",
        ),
        "ApplicationNumberText",
    )
    application = us_application_number(raw_number)
    if application is None:
        raise RecordError(
            N_("{value!r} is not a US application number"),
            field="application_number",
            value=raw_number,
        )
    grant = record.find(f"{_PAT}PatentGrantIdentification")
    publications = []
    granted = None
    if grant is not None:
        granted = parse_date(_text(grant, f"{_PAT}GrantDate"), "grant_date")
        number = require(_text(grant, f"{_PAT}PatentNumber"), "PatentNumber")
        publications.append(
            {
                "number": us_publication_number(
                    number, _text(grant, f"{_COM}PatentDocumentKindCode")
                ),
                "date": granted,
            }
        )
    cpc: list[str] = []
    for item in record.iter(f"{_PAT}CPCClassification"):
        symbol = ipc_symbol(
            _text(item, f"{_PAT}CPCSection")
            + _text(item, f"{_PAT}Class")
            + _text(item, f"{_PAT}Subclass"),
            _text(item, f"{_PAT}MainGroup"),
            _text(item, f"{_PAT}Subgroup"),
        )
        if symbol and symbol not in cpc:
            cpc.append(symbol)
    return patent_in(
        {
            "jurisdiction": "US",
            "source": "uspto-cpc-master",
            "application_number": application,
            "publications": publications,
            "grant_date": granted,
            "cpc": cpc,
        }
    )


def read_master(source: Source) -> Iterator[Item]:
    index = 0
    with source.open() as stream:
        records = etree.iterparse(
            stream,
            events=("end",),
            tag=_RECORD,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            for _event, record in records:
                location = Location(file=source.name, index=index, line=record.sourceline)
                try:
                    yield Parsed(location=location, record=build_master(record))
                except RecordError as error:
                    yield rejected(location, etree.tostring(record, encoding="unicode"), error)
                index += 1
                record.clear()
                parent = record.getparent()
                while parent is not None and record.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            yield rejected(
                Location(file=source.name, index=index, line=exc.lineno),
                "",
                RecordError(N_("the XML document is not well-formed: {error}"), error=str(exc)),
            )


def read_scheme(source: Source) -> Iterator[Item]:
    with source.open() as stream:
        head = stream.read(2000).decode("utf-8", errors="replace")
    yield rejected(
        Location(file=source.name, index=0, line=1),
        head,
        RecordError(
            N_(
                "this is a CPC classification scheme file (titles of classification symbols), "
                "not patent records: nothing to import"
            ),
            field="class-scheme",
        ),
    )


MASTER_READER = Reader(name="uspto-cpc-master", sniff=sniff_master, read=read_master)
SCHEME_READER = Reader(name="uspto-cpc-scheme", sniff=sniff_scheme, read=read_scheme)
