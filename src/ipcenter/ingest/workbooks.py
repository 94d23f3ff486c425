"""Spreadsheet exports whose format only their header tells (format name ``xlsx``).

An XLSX file keeps its header row inside the zip, out of reach of the 64 KiB that sniffing sees,
so the readers of each database recognise a workbook only by a hint in its file name. This
reader takes every other workbook: it opens it (read-only, values only), looks at its first rows
and reads it with the tabular format whose layout fits the header best — PATENTSCOPE, incoPat,
PatSnap, Lens, Google, Espacenet or a CNIPA event list; records then carry that format's name as
their source. Excel 97-2003 ``.xls`` files are refused here with a message, instead of being
reported as an unknown format.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from ipcenter.core.i18n import N_
from ipcenter.ingest import cn_exports, cnipa_events, espacenet, google, lens, patentscope
from ipcenter.ingest.layouts import HEADER_SEARCH_ROWS, Layout, header_key
from ipcenter.ingest.records import Item, Location, Reader, Rejected, Source
from ipcenter.ingest.table_reader import TableSpec
from ipcenter.ingest.tabular import (
    BadRow,
    Row,
    is_legacy_xls,
    is_xlsx,
    legacy_xls_refusal,
    xlsx_rows,
)

SPECS: tuple[TableSpec, ...] = (
    patentscope.SPEC,
    cn_exports.INCOPAT_SPEC,
    cn_exports.PATSNAP_SPEC,
    lens.SPEC,
    google.SPEC,
    espacenet.SPEC,
    cnipa_events.SPEC,
)


def _fit(layout: Layout, rows: list[Row]) -> int:
    """How many headers of its best-fitting row ``layout`` knows (0: no row has its required
    headers)."""
    best = 0
    for row in rows:
        keys = {header_key(cell) for cell in row.cells}
        if layout.required <= keys:
            best = max(best, sum(1 for key in keys if key in layout.columns))
    return best


def choose(rows: list[Row]) -> TableSpec | None:
    """The spec whose layout fits one of ``rows`` best. incoPat's and PatSnap's specs share
    both layouts, so a tie goes to the spec whose own (first) layout fits, then to the first
    listed."""
    best: tuple[int, bool, int] | None = None
    chosen: TableSpec | None = None
    for position, spec in enumerate(SPECS):
        fits = [_fit(layout, rows) for layout in spec.loaded()]
        score = max(fits)
        key = (score, fits[0] == score, -position)
        if score and (best is None or key > best):
            best, chosen = key, spec
    return chosen


def sniff(name: str, head: bytes) -> bool:
    return is_xlsx(name, head) or is_legacy_xls(name, head)


def read(source: Source) -> Iterator[Item]:
    with source.open() as stream:
        head = stream.read(8)
    if not is_xlsx(source.name, head) and is_legacy_xls(source.name, head):
        refusal = legacy_xls_refusal()
        yield Rejected(location=Location(file=source.name, index=0), raw="", reason=refusal.reason)
        return
    rows = xlsx_rows(source)
    try:
        first = list(islice(rows, HEADER_SEARCH_ROWS))
    finally:
        rows.close()  # the workbook is opened again by the chosen reader
    bad = next((row for row in first if isinstance(row, BadRow)), None)
    if bad is not None:
        yield Rejected(
            location=Location(file=source.name, index=0, row=bad.row),
            raw=bad.raw,
            reason=bad.reason,
            params=bad.params,
        )
        return
    spec = choose([row for row in first if isinstance(row, Row)])
    if spec is None:
        yield Rejected(
            location=Location(file=source.name, index=0, row=1 if first else None),
            raw="",
            reason=N_("the workbook's first rows hold the header of no known export"),
        )
        return
    yield from spec.read(source)


READER = Reader(name="xlsx", sniff=sniff, read=read)
