"""EPO Espacenet result-list CSV exports with citation columns (mapping
``data/ingest/mappings/espacenet_2015.csv``).

The sample was saved through a chain of encodings: UTF-8 text read as Windows-1252 and written
as Mac Roman, so the en space before each ``[UA]`` country mark reads ``â€‚``. Cells are repaired
before they are read; the country mark becomes ``PartyIn.country``. Application numbers are
DOCDB's spelling; CN ones are converted to CNIPA's (``CN20082137630U`` → ``200820137630.3``
with its check digit), US ones lack the series code and are kept in ``extra`` only.
"""

from __future__ import annotations

from collections.abc import Iterator

from ipcenter.ingest.assemble import Options
from ipcenter.ingest.cells import repair_mojibake
from ipcenter.ingest.layouts import layout_score, load_layout
from ipcenter.ingest.records import Item, Reader, Source
from ipcenter.ingest.table_reader import TableSpec
from ipcenter.ingest.tabular import first_text_lines

LAYOUT = "espacenet_2015"
_OPTIONS = Options(reader="espacenet", docdb_application_numbers=True)


def _clean(cell: str) -> str:
    return repair_mojibake(cell).replace("\u2002", " ")


def sniff(name: str, head: bytes) -> bool:
    rows = first_text_lines(head)
    return bool(rows) and layout_score(rows[0], load_layout(LAYOUT)) > 0


SPEC = TableSpec(layouts=(LAYOUT,), options=_OPTIONS, clean_cell=_clean)


def read(source: Source) -> Iterator[Item]:
    return SPEC.read(source)


READER = Reader(name="espacenet", sniff=sniff, read=read)
