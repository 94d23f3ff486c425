"""PatentsView bulk TSV tables joined by ``patent_id`` (mapping
``data/ingest/mappings/patentsview_2023.csv``).

The reader takes ``g_patent.tsv`` and opens its companions beside it through
``Source.sibling``: ``g_patent_abstract.tsv``, ``g_cpc_current.tsv``,
``g_assignee_disambiguated.tsv``, ``g_inventor_disambiguated.tsv`` and ``g_application.tsv``
(any may be missing). The companions are never read on their own.

The join is a merge join in constant memory: PatentsView writes every table sorted by
``patent_id``, so each companion is read once, in step with ``g_patent``, holding only the rows
of the current patent. Should ``g_patent`` go back in that order (a hand-edited or concatenated
file), the companions are reopened and read again from their start, which stays correct and only
costs time; a companion that itself goes out of order gets one ``Rejected`` item saying so, since
some of its rows may then be missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pydantic

from ipcenter.core.i18n import N_
from ipcenter.core.refdata import load_table
from ipcenter.ingest.cells import CellError, cell_text, is_classification_symbol, parse_date
from ipcenter.ingest.layouts import MAPPINGS, SKIP
from ipcenter.ingest.records import Item, Location, Parsed, Reader, Rejected, Source
from ipcenter.ingest.tabular import BadRow, Row, csv_rows, ragged
from ipcenter.rights import (
    InvalidNumber,
    PartyIn,
    PartyRole,
    PartyType,
    PatentIn,
    PatentType,
    PublicationIn,
    parse_publication_number,
)

MAIN = "g_patent"
COMPANIONS = (
    "g_patent_abstract",
    "g_cpc_current",
    "g_assignee_disambiguated",
    "g_inventor_disambiguated",
    "g_application",
)
ASSIGNEE_TYPES = "ingest/patentsview_assignee_types.csv"
_TYPES = {
    "utility": PatentType.INVENTION,
    "reissue": PatentType.INVENTION,
    "defensive publication": PatentType.INVENTION,
    "statutory invention registration": PatentType.INVENTION,
    "design": PatentType.DESIGN,
    "plant": PatentType.PLANT,
}


@cache
def _columns() -> dict[str, dict[str, str]]:
    """table → column → field, from the mapping file."""
    tables: dict[str, dict[str, str]] = {}
    for row in load_table(f"{MAPPINGS}/patentsview_2023.csv").rows:
        table, _, column = row["header"].partition(":")
        tables.setdefault(table, {})[column] = row["field"]
    return tables


@cache
def _assignee_types() -> dict[str, PartyType]:
    return {row["code"]: PartyType(row["party_type"]) for row in load_table(ASSIGNEE_TYPES).rows}


def _table_of(name: str) -> str | None:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    for table in (MAIN, *COMPANIONS):
        if base in (f"{table}.tsv", f"{table}.tsv.zip"):
            return table
    return None


@dataclass
class _Record:
    """One row as field → value, with the columns the mapping does not know."""

    fields: dict[str, str]
    unknown: dict[str, str]


def _records(source: Source, table: str) -> Iterator[tuple[Row, _Record] | BadRow]:
    known = _columns()[table]
    header: list[str] | None = None
    for row in csv_rows(source, delimiter="\t", encoding="utf-8-sig"):
        if isinstance(row, BadRow):
            yield row
            continue
        cells = [cell_text(cell) for cell in row.cells]
        if header is None:
            header = cells
            continue
        broken = ragged(row, len(header))
        if broken is not None:
            yield broken
            continue
        fields: dict[str, str] = {}
        unknown: dict[str, str] = {}
        for name, value in zip(header, cells, strict=False):
            field = known.get(name)
            if field is None:
                if value:
                    unknown[f"{table}.{name}"] = value
            elif field != SKIP and value:
                fields[field] = value
        yield row, _Record(fields=fields, unknown=unknown)


class _Cursor:
    """Reads one companion table in ``patent_id`` order, in step with ``g_patent``."""

    def __init__(self, source: Source, table: str) -> None:
        self.source, self.table = source, table
        self.out_of_order = False
        self.reported = False
        self.asked: str | None = None
        self._start()

    def _start(self) -> None:
        self.rows = (r for r in _records(self.source, self.table) if not isinstance(r, BadRow))
        self.last: str | None = None
        self.pending = self.advance()

    def advance(self) -> _Record | None:
        found = next(self.rows, None)
        if found is None:
            return None
        record = found[1]
        key = record.fields.get("patent_id", "")
        if self.last is not None and key < self.last:
            self.out_of_order = True
        self.last = key
        return record

    def take(self, key: str) -> list[_Record]:
        """The rows of patent ``key``; reopens the table when g_patent went back in order."""
        if self.asked is not None and key < self.asked:
            self._start()
        self.asked = key
        taken: list[_Record] = []
        while self.pending is not None and self.pending.fields.get("patent_id", "") < key:
            self.pending = self.advance()
        while self.pending is not None and self.pending.fields.get("patent_id", "") == key:
            taken.append(self.pending)
            self.pending = self.advance()
        return taken


def sniff(name: str, head: bytes) -> bool:
    if _table_of(name) == MAIN:
        return True
    first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip("\ufeff\r")
    return first.startswith("patent_id\tpatent_type\tpatent_date")


def companion(name: str) -> bool:
    return _table_of(name) in COMPANIONS


def _sibling(source: Source, table: str) -> Source | None:
    return source.sibling(f"{table}.tsv")


def read(source: Source) -> Iterator[Item]:
    cursors = {
        table: _Cursor(found, table)
        for table in COMPANIONS
        if (found := _sibling(source, table)) is not None
    }
    index = 0
    for item in _records(source, MAIN):
        if isinstance(item, BadRow):
            yield Rejected(
                location=Location(file=source.name, index=index, line=item.line),
                raw=item.raw,
                reason=item.reason,
                params=item.params,
            )
            index += 1
            continue
        row, record = item
        location = Location(file=source.name, index=index, line=row.line)
        raw = "\t".join(cell_text(cell) for cell in row.cells)
        key = record.fields.get("patent_id", "")
        joined = {table: cursor.take(key) for table, cursor in cursors.items()} if key else {}
        yield _patent(record, joined, location, raw)
        index += 1
        yield from _disorder(cursors, location)
    # Rows after the last patent are read too: only then is a companion known to be in order.
    for cursor in cursors.values():
        while cursor.pending is not None:
            cursor.pending = cursor.advance()
    yield from _disorder(cursors, Location(file=source.name, index=index))


def _disorder(cursors: dict[str, _Cursor], location: Location) -> Iterator[Rejected]:
    for table, cursor in cursors.items():
        if cursor.out_of_order and not cursor.reported:
            cursor.reported = True
            yield Rejected(
                location=location,
                raw="",
                reason=N_(
                    "the table {table} is not sorted by patent_id; some of its rows may be "
                    "missing: sort it by its first column and import again"
                ),
                field=table,
                params={"table": table},
            )


def _patent(
    record: _Record, joined: dict[str, list[_Record]], location: Location, raw: str
) -> Item:
    def reject(reason: str, field: str | None = None, /, **params: Any) -> Rejected:
        return Rejected(location=location, raw=raw, reason=reason, field=field, params=params)

    fields = record.fields
    patent_id = fields.get("patent_id", "")
    if not patent_id:
        return reject(N_("the row has no patent_id"), "patent_id")
    try:
        number = parse_publication_number(
            f"US{patent_id}{fields.get('kind', '')}", field="patent_id"
        )
        grant_date = parse_date(fields.get("grant_date"))
        applications = joined.get("g_application", [])
        filing = parse_date(applications[0].fields.get("filing_date")) if applications else None
    except InvalidNumber as exc:
        return reject(str(exc.params.get("reason")), str(exc.params.get("field")), **exc.params)
    except CellError as exc:
        return reject(exc.reason, "patent_date", **exc.params)
    extra = _extra(record, joined)
    abstracts = [
        r.fields["abstract"] for r in joined.get("g_patent_abstract", []) if "abstract" in r.fields
    ]
    try:
        return Parsed(
            location=location,
            record=PatentIn(
                jurisdiction="US",
                type=_TYPES.get(fields.get("patent_type", "").lower()),
                application_number=_application_number(joined.get("g_application", []), extra),
                filing_date=filing,
                publications=[PublicationIn(number=number.normalised, date=grant_date)],
                grant_date=grant_date,
                titles={"en": fields["title"]} if fields.get("title") else {},
                abstracts={"en": abstracts[0]} if abstracts else {},
                parties=_parties(joined),
                cpc=_cpc(joined.get("g_cpc_current", []), extra),
                source="patentsview",
                extra=extra,
            ),
        )
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        return reject(
            N_("the record does not validate: {error}"),
            ".".join(str(p) for p in first["loc"]),
            error=first["msg"],
        )


_SINGLE_ROW_TABLES = ("g_application", "g_patent_abstract")


def _extra(record: _Record, joined: dict[str, list[_Record]]) -> dict[str, Any]:
    """Mapped extra columns and unknown columns: one value from g_patent and the one-row
    tables, a list in sequence order from the tables with a row per party or symbol."""
    extra: dict[str, Any] = {}
    columns: dict[str, Any] = dict(record.unknown)
    groups = [(None, [record])] + [(t, _ordered(rows)) for t, rows in joined.items()]
    for table, rows in groups:
        listed = table is not None and table not in _SINGLE_ROW_TABLES
        for row in rows:
            for key, value in row.fields.items():
                if key.startswith("extra:"):
                    name = key.removeprefix("extra:")
                    if listed:
                        extra.setdefault(f"{table}.{name}", []).append(value)
                    else:
                        extra[name] = value
            if table is not None:
                for key, value in row.unknown.items():
                    if listed:
                        columns.setdefault(key, []).append(value)
                    else:
                        columns[key] = value
    if columns:
        extra["columns"] = columns
    return extra


def _ordered(rows: list[_Record]) -> list[_Record]:
    def sequence(row: _Record) -> int:
        text = row.fields.get("sequence", "")
        return int(text) if text.isdigit() else 0

    return sorted(rows, key=sequence)


def _parties(joined: dict[str, list[_Record]]) -> list[PartyIn]:
    parties: list[PartyIn] = []
    for row in _ordered(joined.get("g_assignee_disambiguated", [])):
        person = " ".join(
            p for p in (row.fields.get("first_name"), row.fields.get("last_name")) if p
        )
        name = row.fields.get("organisation") or person
        if name:
            code = row.fields.get("assignee_type", "")[-1:]
            parties.append(
                PartyIn(role=PartyRole.OWNER, name=name, party_type=_assignee_types().get(code))
            )
    for row in _ordered(joined.get("g_inventor_disambiguated", [])):
        name = " ".join(p for p in (row.fields.get("first_name"), row.fields.get("last_name")) if p)
        if name:
            parties.append(
                PartyIn(role=PartyRole.INVENTOR, name=name, party_type=PartyType.INDIVIDUAL)
            )
    return parties


def _cpc(rows: list[_Record], extra: dict[str, Any]) -> list[str]:
    symbols: list[str] = []
    for row in _ordered(rows):
        symbol = row.fields.get("cpc_group") or row.fields.get("cpc_subclass", "")
        if not symbol:
            continue
        if is_classification_symbol(symbol):
            if symbol not in symbols:
                symbols.append(symbol)
        else:
            extra.setdefault("unreadable_cpc", []).append(symbol)
    return symbols


def _application_number(rows: list[_Record], extra: dict[str, Any]) -> str | None:
    """``application_id`` as the 8-digit series code + serial rights.store reads."""
    if not rows:
        return None
    given = rows[0].fields.get("application_id", "")
    digits = re.sub(r"\D", "", given)
    series = rows[0].fields.get("series_code", "")
    if len(digits) == 8:
        return digits
    if len(digits) == 6 and series.isdigit():
        return f"{int(series):02d}{digits}"
    if given:
        extra["application_number_as_exported"] = given
    return None


READER = Reader(name="patentsview", sniff=sniff, read=read, companion=companion)
