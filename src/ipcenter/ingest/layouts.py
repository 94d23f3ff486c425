"""Column layouts of exports as data: one mapping file per source and layout version.

A mapping file (``data/ingest/mappings/<layout>.csv``) lists, for each column header the source
writes, the canonical field it feeds (see ``docs/ingest-exports.md`` for the vocabulary), the
separator of a multi-value cell, the order of an ambiguous date (``dmy``), the language of a
text (``en``, ``zh`` or ``auto``), whether the header must be present for the layout to be
recognised, and the source the row was read from. Lines starting with ``#`` describe the layout.

Headers are compared after NFKC folding (full-width brackets become ASCII), with spaces and a
byte-order mark removed and Latin letters case-folded, so ``公开（公告）号`` and ``公开(公告)号``
are one column. A column no mapping knows is kept verbatim in ``PatentIn.extra["columns"]``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ipcenter.core.refdata import load_table
from ipcenter.ingest.cells import cell_text, split_values

MAPPINGS = "ingest/mappings"
SKIP = "skip"
EXTRA_PREFIX = "extra:"
# At most this many leading rows are searched for the header (title rows above it in some
# Chinese exports, the search-URL line of Google's CSV).
HEADER_SEARCH_ROWS = 12


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    separator: str
    date_format: str
    lang: str
    required: bool


@dataclass(frozen=True)
class Layout:
    name: str
    columns: dict[str, Column]

    @property
    def required(self) -> frozenset[str]:
        return frozenset(key for key, column in self.columns.items() if column.required)


def header_key(header: Any) -> str:
    text = unicodedata.normalize("NFKC", cell_text(header)).replace("\ufeff", "")
    return re.sub(r"\s+", "", text).casefold()


@cache
def load_layout(name: str) -> Layout:
    table = load_table(f"{MAPPINGS}/{name}.csv")
    columns = {
        header_key(row["header"]): Column(
            header=row["header"],
            field=row["field"],
            separator=row.get("separator") or "",
            date_format=row.get("date_format") or "",
            lang=row.get("lang") or "",
            required=(row.get("required") or "").strip().lower() == "yes",
        )
        for row in table.rows
    }
    return Layout(name=name, columns=columns)


@dataclass(frozen=True)
class Header:
    """A header row matched to a layout: the column each position feeds (None: unknown)."""

    layout: Layout
    names: tuple[str, ...]
    columns: tuple[Column | None, ...]

    def read(self, cells: Sequence[Any]) -> RowFields:
        values: dict[str, list[Any]] = {}
        unknown: dict[str, str] = {}
        for position, cell in enumerate(cells):
            column = self.columns[position] if position < len(self.columns) else None
            name = self.names[position] if position < len(self.names) else f"column {position + 1}"
            text = cell_text(cell)
            if column is None:
                if text:
                    unknown[name or f"column {position + 1}"] = text
                continue
            if column.field == SKIP or not text:
                continue
            # Spreadsheet dates and numbers stay typed for the date parser.
            parts: list[Any] = (
                [cell]
                if not isinstance(cell, str) and column.date_format != "text"
                else split_values(text, column.separator)
            )
            values.setdefault(column.field, []).extend(parts)
        return RowFields(values=values, unknown=unknown, header=self)

    def column_for(self, field: str) -> Column | None:
        return next((c for c in self.columns if c is not None and c.field == field), None)


@dataclass(frozen=True)
class RowFields:
    """The values of one row by canonical field (always lists), and the unknown columns."""

    values: dict[str, list[Any]]
    unknown: dict[str, str]
    header: Header

    def first(self, field: str) -> Any:
        found = self.values.get(field)
        return found[0] if found else None

    def text(self, field: str) -> str:
        return cell_text(self.first(field))

    def all(self, field: str) -> list[Any]:
        return self.values.get(field, [])

    def header_of(self, field: str) -> str:
        column = self.header.column_for(field)
        return column.header if column else field


def match_header(cells: Sequence[Any], layouts: Sequence[Layout]) -> Header | None:
    """The layout this header row belongs to: all its required headers present, most columns
    known, ties to the first listed; None when no layout fits."""
    keys = [header_key(cell) for cell in cells]
    present = set(keys)
    best: tuple[int, Layout] | None = None
    for layout in layouts:
        if not layout.required <= present:
            continue
        score = sum(1 for key in keys if key in layout.columns)
        if best is None or score > best[0]:
            best = (score, layout)
    if best is None:
        return None
    layout = best[1]
    return Header(
        layout=layout,
        names=tuple(cell_text(cell) for cell in cells),
        columns=tuple(layout.columns.get(key) for key in keys),
    )


def layout_score(cells: Sequence[Any], layout: Layout) -> int:
    """How many required headers of ``layout`` the row has (for sniffing between layouts)."""
    present = {header_key(cell) for cell in cells}
    return len(layout.required & present) if layout.required <= present else 0
