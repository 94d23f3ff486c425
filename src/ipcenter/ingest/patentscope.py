"""WIPO PATENTSCOPE result-list exports, CSV or XLSX (same columns; mapping
``data/ingest/mappings/patentscope_2015.csv``).

PATENTSCOPE writes ``NA`` for an empty cell and lower-case office codes for some offices
(``kr1020010067590``); both are read. Excel 97-2003 ``.xls`` downloads are refused with a message
asking for XLSX or CSV (no reader for that binary format is shipped).
"""

from __future__ import annotations

from collections.abc import Iterator

from ipcenter.ingest.assemble import Options
from ipcenter.ingest.layouts import layout_score, load_layout
from ipcenter.ingest.records import Item, Reader, Source
from ipcenter.ingest.table_reader import TableSpec
from ipcenter.ingest.tabular import first_text_lines, is_xlsx

LAYOUT = "patentscope_2015"
_OPTIONS = Options(reader="patentscope", null_tokens=frozenset({"NA"}))


def sniff(name: str, head: bytes) -> bool:
    if is_xlsx(name, head):
        return "patentscope" in name.lower()
    rows = first_text_lines(head)
    return bool(rows) and layout_score(rows[0], load_layout(LAYOUT)) > 0


SPEC = TableSpec(layouts=(LAYOUT,), options=_OPTIONS)


def read(source: Source) -> Iterator[Item]:
    return SPEC.read(source)


READER = Reader(name="patentscope", sniff=sniff, read=read)
