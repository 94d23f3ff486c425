"""Lens.org patent CSV exports: the 2015 layout (dates dd/mm/yy), the 2016 layout (with Lens ID,
ISO dates) and the current layout (Display Key, abstracts, owners, legal status).

Multi-value cells are separated by ``;;`` in all three. The layouts are the mapping files
``data/ingest/mappings/lens_2015.csv``, ``lens_2016.csv`` and ``lens_current.csv``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ipcenter.ingest.assemble import Options
from ipcenter.ingest.layouts import Layout, layout_score, load_layout
from ipcenter.ingest.records import Item, Reader, Source
from ipcenter.ingest.table_reader import TableSpec
from ipcenter.ingest.tabular import first_text_lines

LAYOUTS = ("lens_current", "lens_2016", "lens_2015")


def _layouts() -> list[Layout]:
    return [load_layout(name) for name in LAYOUTS]


def sniff(name: str, head: bytes) -> bool:
    rows = first_text_lines(head)
    return bool(rows) and any(layout_score(rows[0], layout) for layout in _layouts())


SPEC = TableSpec(layouts=LAYOUTS, options=Options(reader="lens"))


def read(source: Source) -> Iterator[Item]:
    return SPEC.read(source)


READER = Reader(name="lens", sniff=sniff, read=read)
