"""Reference tables shipped under ``src/ipcenter/data/``.

Rules and classifications are data, not code: each table is a UTF-8 CSV (or a JSON list of
objects) whose every row names its ``source``. Dated rules carry ``valid_from``/``valid_to``
(ISO dates, either may be empty = open-ended; ``valid_to`` is exclusive) so a law change is a new
row, never an edited one. A table that breaks these rules fails loudly at load time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ipcenter.core.errors import ConfigurationError

Row = dict[str, str]


@dataclass(frozen=True)
class RefTable:
    """A loaded reference table: its rows, each with a source and an optional validity period."""

    name: str
    rows: tuple[Row, ...]

    def valid_on(self, day: dt.date) -> list[Row]:
        """The rows in force on ``day`` (``valid_from`` <= day < ``valid_to``)."""
        return [row for row in self.rows if _in_force(row, day)]

    def where(self, day: dt.date | None = None, **match: str) -> list[Row]:
        """Rows whose columns equal ``match`` (and, when ``day`` is given, in force that day)."""
        rows = self.valid_on(day) if day is not None else list(self.rows)
        return [row for row in rows if all(row.get(k) == v for k, v in match.items())]


def _in_force(row: Row, day: dt.date) -> bool:
    start, end = row.get("valid_from") or "", row.get("valid_to") or ""
    if start and day < dt.date.fromisoformat(start):
        return False
    return not (end and day >= dt.date.fromisoformat(end))


@cache
def load_table(name: str) -> RefTable:
    """Load ``data/<name>`` (``.csv`` or ``.json``) and check that every row cites a source."""
    try:
        text = resources.files("ipcenter").joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigurationError(reason=f"reference table {name} is missing") from exc
    rows = _parse(name, text)
    for number, row in enumerate(rows, start=2):
        where = f"{name} row {number}"
        if not row.get("source", "").strip():
            raise ConfigurationError(reason=f"{where} has no source")
        for column in ("valid_from", "valid_to"):
            value = row.get(column) or ""
            if value:
                try:
                    dt.date.fromisoformat(value)
                except ValueError as exc:
                    raise ConfigurationError(
                        reason=f"{where}: {column} {value!r} is not an ISO date"
                    ) from exc
    return RefTable(name=name, rows=tuple(rows))


def _parse(name: str, text: str) -> list[Row]:
    if name.endswith(".csv"):
        # Lines starting with '#' carry notes about the whole table.
        lines = [line for line in text.splitlines() if not line.startswith("#")]
        return [dict(row) for row in csv.DictReader(io.StringIO("\n".join(lines)))]
    if name.endswith(".json"):
        data: Any = json.loads(text)
        if not isinstance(data, list):
            raise ConfigurationError(reason=f"{name} must hold a JSON list of objects")
        return [{k: "" if v is None else str(v) for k, v in item.items()} for item in data]
    raise ConfigurationError(reason=f"{name}: reference tables are .csv or .json")
