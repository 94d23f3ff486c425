"""The loop every tabular reader shares: find the header, then assemble row after row.

The header is looked for in the first rows (title lines or Google's search-URL line may come
first); its layout is the one of the reader's mapping files that fits it best. A file with no
known header gives one ``Rejected`` item and nothing else; a row that cannot be read or
assembled gives a ``Rejected`` item with the row joined back as CSV, its line or sheet row, the
field and the reason, and the rows after it are read as usual. A CSV/TSV row with more or fewer
fields than the header, or one cut by the end of the file inside a quoted cell, is rejected.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ipcenter.core.i18n import N_
from ipcenter.ingest.assemble import Options, assemble
from ipcenter.ingest.cells import cell_text, row_as_csv
from ipcenter.ingest.layouts import (
    HEADER_SEARCH_ROWS,
    Header,
    Layout,
    RowFields,
    load_layout,
    match_header,
)
from ipcenter.ingest.records import Item, Location, Rejected, Source
from ipcenter.ingest.tabular import LATIN, BadRow, Row, ragged, rows_of

Preamble = Callable[[list[Row]], dict[str, Any]]
Build = Callable[[RowFields, Location, str, Options], Item]


@dataclass(frozen=True)
class TableSpec:
    """How one format's tables are read: its layouts (mapping-file names, the preferred first),
    the assembly options and the hooks. ``workbooks`` picks among the specs by header."""

    layouts: tuple[str, ...]
    options: Options
    family: str = LATIN
    clean_cell: Callable[[str], str] | None = None
    preamble: Preamble | None = None
    build: Build | None = None

    def loaded(self) -> list[Layout]:
        return [load_layout(name) for name in self.layouts]

    def read(self, source: Source) -> Iterator[Item]:
        return read_table(
            source,
            self.loaded(),
            self.options,
            family=self.family,
            clean_cell=self.clean_cell,
            preamble=self.preamble,
            build=self.build,
        )


def read_table(
    source: Source,
    layouts: Sequence[Layout],
    options: Options,
    *,
    delimiter: str = ",",
    family: str = LATIN,
    clean_cell: Callable[[str], str] | None = None,
    preamble: Preamble | None = None,
    build: Build | None = None,
) -> Iterator[Item]:
    """The items of ``source``; ``build`` turns a row into an item (default: a patent record)."""
    header: Header | None = None
    before: list[Row] = []
    index = 0
    unreadable = False  # the whole file was refused (a workbook that does not open, an .xls)
    for row in rows_of(source, delimiter=delimiter, family=family):
        if isinstance(row, BadRow):
            unreadable = unreadable or (row.line is None and row.row is None)
            yield _bad(source, index, row)
            index += 1
            continue
        if header is None:
            header = match_header(row.cells, layouts)
            if header is not None:
                if preamble is not None:
                    extra = {**options.extra, **preamble(before)}
                    options = dataclasses.replace(options, extra=extra)
                continue
            before.append(row)
            if len(before) >= HEADER_SEARCH_ROWS:
                break
            continue
        cells = _cleaned(row.cells, clean_cell)
        if not any(cell_text(cell) for cell in cells):
            continue
        broken = ragged(row, len(header.names))
        if broken is not None:
            yield _bad(source, index, broken)
            index += 1
            continue
        location = Location(file=source.name, index=index, line=row.line, row=row.row)
        yield (build or assemble)(header.read(cells), location, row_as_csv(row.cells), options)
        index += 1
    if header is None and not unreadable:
        first = before[0] if before else None
        yield Rejected(
            location=Location(
                file=source.name,
                index=0,
                line=first.line if first else None,
                row=first.row if first else None,
            ),
            raw=row_as_csv(first.cells) if first else "",
            reason=N_("no header row of a known {reader} layout in the first {count} rows"),
            params={"reader": options.reader, "count": HEADER_SEARCH_ROWS},
        )


def _cleaned(cells: tuple[Any, ...], clean: Callable[[str], str] | None) -> tuple[Any, ...]:
    if clean is None:
        return cells
    return tuple(clean(cell) if isinstance(cell, str) else cell for cell in cells)


def _bad(source: Source, index: int, row: BadRow) -> Rejected:
    return Rejected(
        location=Location(file=source.name, index=index, line=row.line, row=row.row),
        raw=row.raw,
        reason=row.reason,
        params=row.params,
    )
