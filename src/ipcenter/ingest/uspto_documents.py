"""Splitting a USPTO bulk XML file into its documents and parsing each one safely.

A weekly file is thousands of complete XML documents written one after the other, each with its
own ``<?xml ...?>`` declaration and DOCTYPE. No XML parser accepts that as one document, so the
stream is cut on document boundaries (a line starting with ``<?xml`` or ``<!DOCTYPE`` once the
current document has an element) and each piece is parsed alone. The stream is read in chunks and
only the current document is held, so memory stays bounded by the largest document, not the file.

Parsing is locked down the way defusedxml locks down the standard library: no DTD is loaded, no
entity is expanded, nothing is fetched from the network. The files use ISO 8879 named entities
(``&deg;``, ``&mgr;``, ``&lsqb;``) that only their external DTDs define; they are rewritten into
numeric character references before parsing (HTML5's table first, then
``data/ingest/uspto_entities.csv`` for the Greek letters HTML5 lacks). An unknown name is kept as
visible text (``&name;`` becomes the characters ``&name;``), never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from html.entities import html5
from typing import BinaryIO

from lxml import etree

from ipcenter.core.refdata import load_table

ENTITIES_TABLE = "ingest/uspto_entities.csv"
_CHUNK = 1 << 20
# A document starts where a line opens with an XML declaration or a DOCTYPE (followed by a
# space or "?", so that "<?xml-stylesheet" is no boundary).
_MARKERS = (b"\n<?xml", b"\n<!DOCTYPE")
_AFTER_MARKER = {b"\n<?xml": b" \t\r\n?", b"\n<!DOCTYPE": b" \t\r\n"}
_CONTENT = re.compile(rb"\S")
_ELEMENT = re.compile(rb"<[A-Za-z]")
_DOCTYPE_LINE = re.compile(rb"^<!DOCTYPE\s", re.MULTILINE)
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9._-]*);")
# The external identifier of a DOCTYPE: never loaded, and one sample declares the XHTML 1.0 DTD,
# which libxml2 then insists on fetching even with DTD loading off.
_EXTERNAL_ID = re.compile(
    rb"(<!DOCTYPE\s+[^\s>\[]+)\s+(?:PUBLIC\s+(?:\"[^\"]*\"|'[^']*')\s*|SYSTEM\s*)(?:\"[^\"]*\"|'[^']*')"
)
_PREDEFINED = frozenset({b"lt", b"gt", b"amp", b"quot", b"apos"})
# Long enough to hold "\n<!DOCTYPE " split across two reads.
_OVERLAP = 16


def split_documents(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line number where the document starts, document bytes)`` for each document."""
    buffer = b""
    first_line = 1  # line number of buffer[0]
    search_from = 0
    read_size = _CHUNK
    while True:
        chunk = stream.read(read_size)
        buffer = buffer + chunk if buffer else chunk
        start, line = 0, first_line
        for cut in _boundaries(buffer, search_from):
            if _starts_document(buffer, start, cut):
                if _CONTENT.search(buffer, start, cut):
                    yield line, buffer[start:cut]
                line += buffer.count(b"\n", start, cut)
                start = cut
        if start:
            first_line = line
            buffer = buffer[start:]
            read_size = _CHUNK
        else:
            # No boundary in the whole buffer: read more at once, so a large document costs a
            # logarithmic number of copies instead of one per chunk.
            read_size = max(_CHUNK, len(buffer))
        search_from = max(0, len(buffer) - _OVERLAP)
        if not chunk:
            break
    if _CONTENT.search(buffer):
        yield first_line, buffer


def _boundaries(buffer: bytes, position: int) -> Iterator[int]:
    """Offsets (just after a newline) of the lines that open with an XML declaration or a
    DOCTYPE, in order. ``bytes.find`` runs at memory speed; a regex over every line would not."""
    found = {marker: buffer.find(marker, position) for marker in _MARKERS}
    while True:
        pending = [(at, marker) for marker, at in found.items() if at >= 0]
        if not pending:
            return
        at, marker = min(pending)
        found[marker] = buffer.find(marker, at + 1)
        after = buffer[at + len(marker) : at + len(marker) + 1]
        if after and after in _AFTER_MARKER[marker]:
            yield at + 1


def _starts_document(buffer: bytes, start: int, cut: int) -> bool:
    """Whether the declaration or DOCTYPE at ``cut`` opens a new document after the one that
    began at ``start``. An XML declaration can only open a document, so it always does, even
    after a document cut off in its prolog; a DOCTYPE right after the declaration belongs to it,
    and opens a new document only once the current one has an element or a DOCTYPE of its own.
    """
    if buffer.startswith(b"<?xml", cut):
        return True
    return bool(_ELEMENT.search(buffer, start, cut) or _DOCTYPE_LINE.search(buffer, start, cut))


@cache
def _entity_bytes() -> dict[bytes, bytes]:
    table: dict[bytes, bytes] = {}
    for name, text in html5.items():
        if name.endswith(";"):
            table[name[:-1].encode()] = "".join(f"&#{ord(c)};" for c in text).encode()
    for row in load_table(ENTITIES_TABLE).rows:
        table[row["name"].encode()] = f"&#{int(row['code_point'][2:], 16)};".encode()
    return table


def _replace_entity(match: re.Match[bytes]) -> bytes:
    name = match.group(1)
    if name in _PREDEFINED:
        return match.group(0)
    return _entity_bytes().get(name) or b"&amp;" + name + b";"


def replace_named_entities(document: bytes) -> bytes:
    """``&deg;`` → ``&#176;``; the five XML entities stay; unknown names become literal text."""
    if b"&" not in document:
        return document
    return _ENTITY.sub(_replace_entity, document)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def parse_document(document: bytes) -> etree._Element:
    """Parse one document; raises ``etree.XMLSyntaxError`` when it is not well-formed."""
    # A fresh parser per call: lxml parsers are not safe to share between threads.
    text = _EXTERNAL_ID.sub(rb"\1", replace_named_entities(document), count=1)
    return etree.fromstring(text, _parser())


def decode_raw(document: bytes) -> str:
    return document.decode("utf-8", errors="replace")
