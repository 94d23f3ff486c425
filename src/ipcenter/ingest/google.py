"""Google Patents search-result CSV (mapping ``data/ingest/mappings/google_2023.csv``).

The first line is ``search URL:,<url>``; the URL is kept in ``extra["search_url"]``. The export
has publication numbers only (``US-9254383-B2``), so records carry no application number and are
keyed by their publication number.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ipcenter.ingest.assemble import Options
from ipcenter.ingest.cells import cell_text
from ipcenter.ingest.layouts import layout_score, load_layout
from ipcenter.ingest.records import Item, Reader, Source
from ipcenter.ingest.table_reader import TableSpec
from ipcenter.ingest.tabular import Row, first_text_lines

LAYOUT = "google_2023"
_OPTIONS = Options(reader="google")


def _search_url(before: list[Row]) -> dict[str, Any]:
    for row in before:
        cells = [cell_text(cell) for cell in row.cells]
        if cells and cells[0].lower().startswith("search url") and len(cells) > 1:
            return {"search_url": cells[1]}
    return {}


def sniff(name: str, head: bytes) -> bool:
    rows = first_text_lines(head)
    return any(layout_score(row, load_layout(LAYOUT)) > 0 for row in rows[:3])


SPEC = TableSpec(layouts=(LAYOUT,), options=_OPTIONS, preamble=_search_url)


def read(source: Source) -> Iterator[Item]:
    return SPEC.read(source)


READER = Reader(name="google", sniff=sniff, read=read)
