"""The derived snapshot facts the indicators read: one attribution row per patent and its in-force
intervals, rebuilt set-based from the registry.

Ranking every patent's status events and parties at query time costs a sort of the whole event
and party tables per snapshot date (209 s for all indicators over 5 M patents). Both answers
change only when the registry does, so they are computed once, here, by
``INSERT ... SELECT`` with the same window-function logic:

- ``stats_patent_facts``: the patent's kind, owner organisation, de-duplication key, dates, its
  first patentee's country and region (province, city, county prefixes, NULL at a level the code
  does not reach), the domestic flag, the applicant type and 职务/非职务, and the
  strategic-emerging-industry flag;
- ``stats_patent_in_force``: the periods [valid_from, valid_to) in which the patent is in force.
  The status-changing transitions (the grant, then the legal events with a status effect, in
  date order, a grant before an event of the same day, two events of a day in stored order) are
  reduced to the points where the status changes; each change to "in force" opens an interval
  that the next change closes. The interval is clipped to start no earlier than the filing date
  and to end at the anniversary of the statutory term (``patent_terms.csv``), the first day
  without the right. In force on D ⇔ ``valid_from <= D AND (valid_to IS NULL OR valid_to > D)``.

``refresh_facts`` replaces both tables in the caller's transaction (readers see the old facts
until it commits, never half of them) and records the registry watermark it was built from;
``ensure_fresh`` rebuilds only when the watermark has changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Table,
    and_,
    case,
    cast,
    delete,
    false,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from ipcenter.core.refdata import load_table
from ipcenter.rights import ANY_OFFICE
from ipcenter.stats.models import InForceInterval, PatentFact
from ipcenter.stats.reference import SEI_CONCORDANCE, sei_rules_source
from ipcenter.stats.snapshot import (
    IN_FORCE_EFFECTS,
    RegionFilter,
    _status_codes,
    distinct_key,
    domestic_condition,
    first_patentee,
    level_code,
    table,
)

SERVICE_TYPES = ("enterprise", "university", "research_institute", "public_body")
# Serialises refreshes on PostgreSQL (two sessions rebuilding at once would collide on the keys).
_LOCK_KEY = 5_0005


class add_years_sql(FunctionElement[dt.date]):
    """``core.dates.add_years`` in SQL: the same day N years later, 29 February → 28 February."""

    type = Date()
    inherit_cache = True
    name = "add_years_sql"


@compiles(add_years_sql)
def _add_years_default(element: Any, compiler: Any, **kw: Any) -> str:
    day, years = list(element.clauses)
    # PostgreSQL (and DuckDB) clamp to the month's last day, as add_years does.
    return f"CAST(({compiler.process(day, **kw)} + INTERVAL '{int(years.value)} years') AS DATE)"


@compiles(add_years_sql, "sqlite")
def _add_years_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    day, years = list(element.clauses)
    d = compiler.process(day, **kw)
    n = f"'+{int(years.value)} years'"
    # SQLite rolls 29 February over to 1 March of a common year; step back to the 28th.
    return (
        f"(CASE WHEN strftime('%m-%d', {d}) = '02-29' "
        f"AND strftime('%m-%d', date({d}, {n})) = '03-01' "
        f"THEN date({d}, {n}, '-1 day') ELSE date({d}, {n}) END)"
    )


def _term_end(patents: Any) -> Any:
    """The first day without the right under its filing-based statutory term (NULL: none)."""
    whens: list[tuple[Any, Any]] = []
    for row in load_table("rights/patent_terms.csv").rows:
        if row["counted_from"] != "filing" or row.get("if_in_force_on"):
            continue
        if row["jurisdiction"] == "*":
            continue
        start, end = row.get("valid_from") or "", row.get("valid_to") or ""
        conditions = [
            patents.c.jurisdiction == row["jurisdiction"],
            patents.c.patent_type == row["patent_type"],
        ]
        if start:
            conditions.append(patents.c.filing_date >= dt.date.fromisoformat(start))
        if end:
            conditions.append(patents.c.filing_date < dt.date.fromisoformat(end))
        whens.append(
            (and_(*conditions), add_years_sql(patents.c.filing_date, literal(int(row["years"]))))
        )
    if not whens:
        return cast(literal(None), Date)
    return case(*whens, else_=cast(literal(None), Date))


def intervals_select() -> Any:
    """SELECT (patent_id, valid_from, valid_to) of every in-force period of every patent."""
    patents = table("patents")
    events = table("legal_events")
    codes = _status_codes()

    def office_code(jurisdiction: str, code: str) -> Any:
        if jurisdiction == ANY_OFFICE:
            return events.c.code == code
        return and_(patents.c.jurisdiction == jurisdiction, events.c.code == code)

    # An office's own row comes before a code any office may carry (as rights.event_effect).
    ordered = sorted(codes, key=lambda c: c[0] == ANY_OFFICE)
    effect_in_force = case(
        *[
            (office_code(j, code), literal(1 if eff in IN_FORCE_EFFECTS else 0))
            for j, code, eff in ordered
        ],
        else_=literal(None, Integer),
    )
    grants = select(
        patents.c.id.label("patent_id"),
        patents.c.grant_date.label("day"),
        literal(0).label("kind"),
        literal(0).label("seq"),
        literal(1).label("is_on"),
    ).where(patents.c.grant_date.is_not(None))
    status_events = (
        select(
            events.c.patent_id,
            events.c.event_date.label("day"),
            literal(1).label("kind"),
            events.c.id.label("seq"),
            effect_in_force.label("is_on"),
        )
        .select_from(events.join(patents, patents.c.id == events.c.patent_id))
        .where(
            events.c.code.in_(sorted({code for _, code, _ in codes})),
            or_(*[office_code(j, code) for j, code, _ in ordered]),
        )
    )
    transitions = union_all(grants, status_events).subquery("transitions")
    order = (transitions.c.day, transitions.c.kind, transitions.c.seq)
    with_previous = select(
        transitions.c.patent_id,
        transitions.c.day,
        transitions.c.kind,
        transitions.c.seq,
        transitions.c.is_on,
        func.lag(transitions.c.is_on)
        .over(partition_by=transitions.c.patent_id, order_by=order)
        .label("previous"),
    ).subquery("with_previous")
    changes = (
        select(
            with_previous.c.patent_id,
            with_previous.c.day,
            with_previous.c.is_on,
            func.lead(with_previous.c.day)
            .over(
                partition_by=with_previous.c.patent_id,
                order_by=(with_previous.c.day, with_previous.c.kind, with_previous.c.seq),
            )
            .label("next_day"),
        )
        .where(with_previous.c.is_on != func.coalesce(with_previous.c.previous, 0))
        .subquery("changes")
    )
    term_end = _term_end(patents)
    start = case(
        (
            and_(patents.c.filing_date.is_not(None), patents.c.filing_date > changes.c.day),
            patents.c.filing_date,
        ),
        else_=changes.c.day,
    )
    end = case(
        (term_end.is_(None), changes.c.next_day),
        (changes.c.next_day.is_(None), term_end),
        (term_end < changes.c.next_day, term_end),
        else_=changes.c.next_day,
    )
    clipped = (
        select(changes.c.patent_id, start.label("valid_from"), end.label("valid_to"))
        .select_from(changes.join(patents, patents.c.id == changes.c.patent_id))
        .where(changes.c.is_on == 1)
        .subquery("clipped")
    )
    return select(clipped.c.patent_id, clipped.c.valid_from, clipped.c.valid_to).where(
        or_(clipped.c.valid_to.is_(None), clipped.c.valid_to > clipped.c.valid_from)
    )


def facts_select(session: Session) -> Any:
    """SELECT one attribution row per patent (columns of ``stats_patent_facts``, in order)."""
    patents = table("patents")
    classes = table("patent_classifications")
    texts = table("patent_texts")
    party = first_patentee()
    rules = sei_rules_source(session)
    export_sei = patents.c.extra["strategic_emerging_industry"].as_string()
    same_class = and_(
        func.substr(classes.c.symbol, 1, 3) == func.substr(rules.c.ipc_prefix, 1, 3),
        classes.c.symbol.like(rules.c.ipc_prefix + "%"),
    )
    by_symbol = (
        select(classes.c.patent_id)
        .select_from(classes.join(rules, same_class))
        .where(classes.c.scheme == "ipc", rules.c.keyword.is_(None))
    )
    by_symbol_and_title = (
        select(classes.c.patent_id)
        .select_from(
            classes.join(rules, same_class).join(
                texts,
                and_(
                    texts.c.patent_id == classes.c.patent_id,
                    texts.c.kind == "title",
                    texts.c.text.contains(rules.c.keyword),
                ),
            )
        )
        .where(classes.c.scheme == "ipc", rules.c.keyword.is_not(None))
    )
    sei = case(
        (export_sei.is_not(None), case((export_sei != "", 1), else_=0)),
        (patents.c.id.in_(union_all(by_symbol, by_symbol_and_title)), 1),
        else_=0,
    )
    region = party.c.region_code
    domestic = case(
        (
            and_(party.c.patent_id.is_not(None), domestic_condition(party.c.country, region)),
            true(),
        ),
        else_=false(),
    )
    service = case(
        (party.c.party_type.in_(SERVICE_TYPES), "service"),
        (party.c.party_type == "individual", "non_service"),
        else_="unknown",
    )

    return select(
        patents.c.id,
        patents.c.org_id,
        patents.c.jurisdiction,
        patents.c.patent_type,
        distinct_key(patents),
        patents.c.application_number,
        patents.c.family_id,
        patents.c.filing_date,
        patents.c.grant_date,
        party.c.country,
        region,
        level_code(region, "province"),
        level_code(region, "city"),
        level_code(region, "county"),
        domestic,
        func.coalesce(party.c.party_type, "unknown"),
        service,
        sei,
    ).select_from(patents.outerjoin(party, party.c.patent_id == patents.c.id))


FACT_COLUMNS = (
    "patent_id",
    "org_id",
    "jurisdiction",
    "patent_type",
    "patent_key",
    "application_number",
    "family_id",
    "filing_date",
    "grant_date",
    "country",
    "region_code",
    "province",
    "city",
    "county",
    "domestic",
    "applicant_type",
    "service",
    "sei",
)


# Raised when the meaning of a fact column changes, so stored facts are rebuilt (2: city and
# county are NULL for a code given only to a higher level, e.g. 150000 has no city).
FACTS_LAYOUT = "2"


def _reference_version() -> str:
    """A digest of the shipped tables the facts depend on and of the facts' layout (a new
    release rebuilds them)."""
    digest = hashlib.sha256(FACTS_LAYOUT.encode())
    for name in ("rights/legal_event_codes.csv", "rights/patent_terms.csv", SEI_CONCORDANCE):
        digest.update(repr(load_table(name).rows).encode())
    return digest.hexdigest()[:16]


def watermark(session: Session) -> str:
    """What the facts depend on, cheaply: row count and highest id of the patents, parties,
    classifications, titles, legal events and uploaded SEI rules, the patents' latest
    ``updated_at`` (a patent edited in place), and the shipped reference tables' digest.

    Adding, deleting or replacing a row changes a count or a highest id; editing a party, event
    or classification row in place (no importer does: they replace the rows) is not seen —
    run ``ipcenter stats refresh`` after such a repair."""
    patents = table("patents")
    parts: list[Any] = [
        select(func.max(patents.c.updated_at)).scalar_subquery(),
    ]
    for name in (
        "patents",
        "patent_parties",
        "patent_classifications",
        "patent_texts",
        "legal_events",
        "stats_sei_rules",
    ):
        t = table(name)
        parts.append(select(func.count()).select_from(t).scalar_subquery())
        parts.append(select(func.max(t.c.id)).scalar_subquery())
    row = session.execute(select(*parts)).one()
    return "|".join(str(value) for value in row) + "|" + _reference_version()


@dataclass(frozen=True)
class RefreshResult:
    patents: int
    intervals: int
    seconds: float
    refreshed: bool = True


def refresh_facts(session: Session) -> RefreshResult:
    """Rebuild both fact tables from the registry in the caller's transaction."""
    started = time.perf_counter()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})"))
        session.execute(text("SET LOCAL work_mem = '256MB'"))
    mark = watermark(session)
    facts = table("stats_patent_facts")
    intervals = table("stats_patent_in_force")
    state = table("stats_fact_refresh")
    session.execute(delete(intervals))
    session.execute(delete(facts))
    session.execute(
        insert(facts).from_select([facts.c[name] for name in FACT_COLUMNS], facts_select(session))
    )
    session.execute(
        insert(intervals).from_select(
            [intervals.c.patent_id, intervals.c.valid_from, intervals.c.valid_to],
            intervals_select(),
        )
    )
    n_facts = int(session.scalar(select(func.count()).select_from(facts)) or 0)
    n_intervals = int(session.scalar(select(func.count()).select_from(intervals)) or 0)
    session.execute(delete(state))
    session.execute(
        insert(state).values(id=1, watermark=mark, patents=n_facts, intervals=n_intervals)
    )
    if session.get_bind().dialect.name == "postgresql":
        for name in ("stats_patent_facts", "stats_patent_in_force"):
            session.execute(text(f"ANALYZE {name}"))
    return RefreshResult(n_facts, n_intervals, time.perf_counter() - started)


def ensure_fresh(session: Session) -> RefreshResult | None:
    """Rebuild the facts when the registry changed since the last refresh (None: it had not)."""
    state = table("stats_fact_refresh")
    stored = session.scalar(select(state.c.watermark).where(state.c.id == 1))
    if stored is not None and stored == watermark(session):
        return None
    return refresh_facts(session)


def facts_table() -> Table:
    return table(PatentFact.__tablename__)


def intervals_table() -> Table:
    return table(InForceInterval.__tablename__)


def fact_region_key(facts: Any, level: str | None) -> Any:
    """The region a patent rolls up to at ``level`` (its province, city or county prefix), or ''
    when its first patentee has none at that level (no code, or one of a higher level only)."""
    if level is None:
        return literal_column("''")
    return func.coalesce(facts.c[level], literal_column("''"))


def fact_group_keys(facts: Any, level: str | None) -> list[Any]:
    return [] if level is None else [fact_region_key(facts, level)]


def fact_region_condition(facts: Any, regions: RegionFilter) -> Any:
    prefix = regions.prefix()
    if prefix is None or regions.level is None:
        return true()
    return facts.c[regions.level] == prefix


def in_force_on(intervals: Any, day: dt.date) -> Any:
    """The interval contains ``day`` (valid_from inclusive, valid_to exclusive)."""
    return and_(
        intervals.c.valid_from <= day,
        or_(intervals.c.valid_to.is_(None), intervals.c.valid_to > day),
    )
