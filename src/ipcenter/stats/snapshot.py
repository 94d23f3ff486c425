"""Snapshot semantics in SQL: which patents are in force on a date, and who the first patentee is.

The rule is the one ``rights.status.status_on`` applies record by record, written as one
SQLAlchemy Core expression so a statistic over millions of records runs inside the database
(SQLite, PostgreSQL, or DuckDB over Parquet) instead of in a Python loop:

- the status-changing transitions of a patent are its grant date (→ in force) and its legal events
  whose code has a status effect (``data/rights/legal_event_codes.csv``: granted, restored →
  in force; lapsed, withdrawn, refused, invalidated, expired → not);
- the status on day D is the effect of the latest transition dated on or before D (a legal event
  on the grant date comes after the grant; two events on one day: the later-stored one wins);
- a right in force is expired once D passes the last day of its statutory term
  (``data/rights/patent_terms.csv``; the anniversary of the start date is the first day it no
  longer exists);
- nothing is in force before its filing date.

Tests compare this expression with ``rights.status_on`` on hand-built cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Table,
    and_,
    case,
    cast,
    false,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    text,
    true,
)

from ipcenter.core.dates import add_years
from ipcenter.core.db import Base
from ipcenter.core.refdata import load_table
from ipcenter.core.scoping import OrgScope

IN_FORCE_EFFECTS = ("granted", "restored")
STATUS_EFFECTS = ("granted", "restored", "lapsed", "withdrawn", "refused", "invalidated", "expired")
# Hong Kong (81), Macao (82) and Taiwan (71) in GB/T 2260; "domestic" statistics exclude them.
HK_MO_TW_PREFIXES = ("71", "81", "82")
HK_MO_TW_COUNTRIES = ("HK", "MO", "TW")
LEVEL_DIGITS = {"province": 2, "city": 4, "county": 6}


def tables() -> dict[str, Table]:
    """The registry tables, by name (the rights models register them on ``Base.metadata``)."""
    import ipcenter.rights  # noqa: F401  (registers the rights tables)

    return dict(Base.metadata.tables)


def table(name: str) -> Table:
    return tables()[name]


@cache
def _status_codes() -> tuple[tuple[str, str, str], ...]:
    rows = load_table("rights/legal_event_codes.csv").rows
    return tuple(
        (row["jurisdiction"], row["code"], row["effect"])
        for row in rows
        if row["effect"] in STATUS_EFFECTS
    )


def expiry_cutoff(day: dt.date, years: int) -> dt.date:
    """The latest start date whose ``years``-year term has ended by ``day``.

    A right started on S is expired on D when ``add_years(S, years) <= D`` (the anniversary is the
    first day without the right). ``add_years`` never decreases as S grows, so the set of such S
    is everything up to one date: this one. Leap days make the plain "D minus N years" wrong by
    a day (a right filed 2004-02-29 ends with 2024-02-28).
    """
    guess = add_years(day, -years)
    while add_years(guess + dt.timedelta(days=1), years) <= day:
        guess += dt.timedelta(days=1)
    while add_years(guess, years) > day:
        guess -= dt.timedelta(days=1)
    return guess


def first_patentee(only: Any | None = None) -> Any:
    """Subquery: per patent, its first patentee (first owner; first applicant when no owner is
    recorded) with ``country``, ``region_code`` and ``party_type``.

    ``only`` (a selectable of patent ids) limits the ranking to those patents: the database
    cannot push the caller's filter into a window, so without it every party is ranked.
    """
    parties = table("patent_parties")
    ranked_select = select(
        parties.c.patent_id,
        parties.c.country,
        parties.c.region_code,
        parties.c.party_type,
        func.row_number()
        .over(
            partition_by=parties.c.patent_id,
            order_by=(
                case((parties.c.role == "owner", 0), else_=1),
                parties.c.seq,
                parties.c.id,
            ),
        )
        .label("rank"),
    ).where(parties.c.role.in_(("owner", "applicant")))
    if only is not None:
        ranked_select = ranked_select.where(parties.c.patent_id.in_(only))
    ranked = ranked_select.subquery("ranked_parties")
    return (
        select(ranked.c.patent_id, ranked.c.country, ranked.c.region_code, ranked.c.party_type)
        .where(ranked.c.rank == 1)
        .subquery("first_patentee")
    )


def one_organisation(session: Any, scope: OrgScope) -> bool:
    """True when every patent in scope belongs to one organisation, so none is held twice and
    counting needs no de-duplication (two index probes, not a scan)."""
    if scope.org_ids is not None and len(scope.org_ids) <= 1:
        return True
    patents = table("patents")
    first = session.scalar(select(func.min(patents.c.org_id)))
    if first is None:
        return True
    other = session.scalar(
        select(patents.c.id)
        .where(patents.c.org_id > first, scope_condition(patents.c.org_id, scope))
        .limit(1)
    )
    return other is None


def tune_for_statistics(session: Any) -> None:
    """Give PostgreSQL room to sort and hash in memory for this transaction's aggregate queries
    (the default 4 MB work_mem spills the per-patent ranking of millions of rows to disk)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL work_mem = '256MB'"))


def domestic_condition(country: Any, region_code: Any) -> ColumnElement[bool]:
    """Mainland China: a CN party (or one with a GB/T 2260 code and no country), not Hong Kong,
    Macao or Taiwan by code or by country."""
    prefix = leading(func.coalesce(region_code, ""), 2)
    return and_(
        or_(country == "CN", and_(country.is_(None), region_code.is_not(None))),
        func.coalesce(country, "CN").not_in(HK_MO_TW_COUNTRIES),
        prefix.not_in(HK_MO_TW_PREFIXES),
    )


@dataclass(frozen=True)
class RegionFilter:
    """A region (a GB/T 2260 code at a level) and the level to break results down by."""

    code: str | None = None  # the region the figures are for; None = all of the mainland
    level: str | None = None  # the level of ``code`` (province, city or county)
    group_level: str | None = None  # break down by this level (None = one total)

    def prefix(self) -> str | None:
        if self.code is None or self.level is None:
            return None
        return self.code[: LEVEL_DIGITS[self.level]]


def leading(column: Any, digits: int) -> ColumnElement[Any]:
    """The first ``digits`` characters; the lengths are written into the SQL (not bound), so
    that the same expression in SELECT and GROUP BY is the same text to PostgreSQL."""
    return func.substr(column, literal_column("1"), literal_column(str(int(digits))))


def level_code(region_code: Any, level: str) -> ColumnElement[Any]:
    """The code's region at ``level`` (its first 2, 4 or 6 digits), NULL when it has none there:
    no code, or a code given only to a higher level (``150000`` has no city, ``150100`` no
    county: the digits of that level are ``00``)."""
    digits = LEVEL_DIGITS[level]
    if digits == 2:
        return leading(region_code, 2)
    own = func.substr(region_code, literal_column(str(digits - 1)), literal_column("2"))
    return case((own == literal_column("'00'"), null()), else_=leading(region_code, digits))


def region_key(region_code: Any, level: str | None) -> ColumnElement[Any]:
    """The region a code rolls up to at ``level`` (``level_code``), or '' for none there."""
    if level is None:
        return literal_column("''")
    return func.coalesce(level_code(region_code, level), literal_column("''"))


def group_keys(region_code: Any, level: str | None) -> list[ColumnElement[Any]]:
    """What to GROUP BY for a breakdown at ``level``: nothing for one total (PostgreSQL refuses
    a constant in GROUP BY)."""
    return [] if level is None else [region_key(region_code, level)]


def region_condition(region_code: Any, regions: RegionFilter) -> ColumnElement[bool]:
    prefix = regions.prefix()
    if prefix is None:
        return true()
    return leading(region_code, len(prefix)) == prefix


def scope_condition(column: Any, scope: OrgScope) -> ColumnElement[bool]:
    if scope.org_ids is None:
        return true()
    if not scope.org_ids:
        return false()
    condition: ColumnElement[bool] = column.in_(sorted(scope.org_ids))
    return condition


def distinct_key(patents: Table) -> ColumnElement[Any]:
    """A patent counted once however many organisations' registries hold it."""
    return func.coalesce(
        patents.c.jurisdiction + literal(":") + patents.c.application_number,
        literal("#") + cast(patents.c.id, String),
    )


def compile_sql(statement: Select[Any], dialect: str = "postgresql") -> str:
    """The statement as SQL text with its values inline (for DuckDB and for the docs)."""
    from sqlalchemy.dialects import postgresql, sqlite

    chosen: Any = postgresql.dialect() if dialect == "postgresql" else sqlite.dialect()  # type: ignore[no-untyped-call]
    return str(statement.compile(dialect=chosen, compile_kwargs={"literal_binds": True}))
