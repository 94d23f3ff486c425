"""Deadlines of other offices: US maintenance fees, EP renewal fees, PCT national phase, Madrid
dependency; and trademark renewals (CN and Madrid)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ipcenter.core.dates import add_months, add_years
from ipcenter.core.refdata import Row, load_table
from ipcenter.portfolio.calendar import shift_date
from ipcenter.portfolio.cn_fees import money
from ipcenter.portfolio.rules import Rule, end_of_month, rules_for
from ipcenter.portfolio.terms import ONE_DAY, trademark_term
from ipcenter.portfolio.types import Deadline, DeadlineKind, Explanation, RightFacts, RightKind

_DEFAULT_PCT_MONTHS = 30
_DEFAULT_ENTITY = "large"


def ruled_deadline(
    facts: RightFacts,
    rule: Rule,
    *,
    key: str,
    trigger_event: str,
    trigger_date: dt.date,
    unshifted: dt.date,
    steps: list[str],
    sources: tuple[str, ...] = (),
    window_opens: dt.date | None = None,
    grace_end: dt.date | None = None,
    year: int | None = None,
    fee: Decimal | None = None,
    currency: str | None = None,
    office: str | None = None,
    loses_right: bool = True,
) -> Deadline:
    """A deadline of ``rule`` due on ``unshifted`` (moved per the rule's date kind), with its
    explanation; CN and the other offices share it."""
    due, shift = shift_date(unshifted, office or facts.jurisdiction, rule.date_kind)
    if shift.shifted and shift.reason:
        steps = [*steps, f"moved: {shift.reason}"]
    shifted_grace = grace_end
    if grace_end is not None:
        shifted_grace, grace_shift = shift_date(
            grace_end, office or facts.jurisdiction, rule.date_kind
        )
        if grace_shift.shifted and grace_shift.reason:
            steps = [*steps, f"end of grace moved: {grace_shift.reason}"]
    return Deadline(
        key=key,
        kind=DeadlineKind(rule.deadline_kind),
        jurisdiction=facts.jurisdiction,
        right_kind=facts.kind,
        due_date=due,
        window_opens=window_opens,
        grace_end=shifted_grace,
        year=year,
        full_fee=money(fee) if fee is not None else None,
        payable_fee=money(fee) if fee is not None else None,
        currency=currency,
        loses_right=loses_right,
        explanation=Explanation(
            rule_id=rule.rule_id,
            trigger_event=trigger_event,
            trigger_date=trigger_date,
            steps=tuple(steps),
            sources=(rule.source, *sources),
            shift=shift,
        ),
    )


def us_maintenance_deadlines(facts: RightFacts, as_of: dt.date | None) -> list[Deadline]:
    """US utility patents: fees due 3.5, 7.5 and 11.5 years after grant (35 U.S.C. 41(b))."""
    if facts.jurisdiction != "US" or facts.kind is not RightKind.INVENTION:
        return []
    if facts.grant_date is None:
        return []
    chooser = facts.filing_date or facts.grant_date
    entity = facts.entity_size or _DEFAULT_ENTITY
    found = []
    for rule in rules_for("US", facts.kind, on=chooser, deadline_kind="maintenance_fee"):
        stage = rule.rule_id.rsplit("-", 1)[1]
        unshifted = rule.due_from(facts.grant_date)
        window = add_months(unshifted, -(rule.window_months or 0))
        grace = add_months(unshifted, rule.grace_months or 0)
        steps = [
            f"granted {facts.grant_date.isoformat()} + {rule.offset_text()} = "
            f"{unshifted.isoformat()}",
            f"payable without surcharge from {window.isoformat()}; with surcharge until "
            f"{grace.isoformat()}, then the patent expires",
        ]
        fee: Decimal | None = None
        currency: str | None = None
        sources: tuple[str, ...] = ()
        row = _us_fee(stage, entity, unshifted)
        if facts.entity_size is None:
            steps.append("entity size not recorded: large-entity fee shown")
        if row is None:
            steps.append(f"no fee amount shipped for {unshifted.isoformat()}")
        else:
            fee, currency, sources = Decimal(row["amount"]), row["currency"], (row["source"],)
            steps.append(
                f"{entity} entity fee {currency} {row['amount']}, surcharge in grace "
                f"{currency} {row['surcharge']}"
            )
        found.append(
            ruled_deadline(
                facts,
                rule,
                key=f"US-maintenance_fee-{stage}",
                trigger_event="grant",
                trigger_date=facts.grant_date,
                unshifted=unshifted,
                steps=steps,
                sources=sources,
                window_opens=window,
                grace_end=grace,
                fee=fee,
                currency=currency,
            )
        )
    return found


def _us_fee(stage: str, entity: str, on: dt.date) -> Row | None:
    rows = load_table("portfolio/us_maintenance_fees.csv").where(on, stage=stage, entity=entity)
    return rows[0] if rows else None


def ep_renewal_deadlines(facts: RightFacts, as_of: dt.date | None) -> list[Deadline]:
    """Pending European applications: renewal fees from year 3 to the year of grant."""
    if facts.jurisdiction != "EP" or facts.kind is not RightKind.INVENTION:
        return []
    if facts.filing_date is None:
        return []
    rules = rules_for("EP", facts.kind, on=facts.filing_date, deadline_kind="renewal_fee_ep")
    if not rules:
        return []
    rule = rules[0]
    found = []
    for year in range(int(rule.first_year), 21):
        anniversary = add_years(facts.filing_date, year - 1)
        unshifted = rule.due_from(anniversary)
        # The last fee paid to the EPO is the one due by the publication of the mention of grant.
        if facts.grant_date is not None and unshifted > facts.grant_date:
            break
        early = 6 if year == int(rule.first_year) else rule.window_months or 0
        window = end_of_month(add_months(unshifted, -early))
        grace = add_months(unshifted, rule.grace_months or 0)
        if rule.grace_end_of_month:
            grace = end_of_month(grace)
        steps = [
            f"anniversary {anniversary.isoformat()} (filing {facts.filing_date.isoformat()} + "
            f"{year - 1} years); due on the last day of that month: {unshifted.isoformat()}",
            f"payable from {window.isoformat()} ({early} months before); with the 50 % "
            f"additional fee until {grace.isoformat()}",
        ]
        fee: Decimal | None = None
        currency: str | None = None
        sources: tuple[str, ...] = ()
        row = _ep_fee(year, unshifted)
        if row is None:
            steps.append(f"no fee amount shipped for year {year} on {unshifted.isoformat()}")
        else:
            fee, currency, sources = Decimal(row["amount"]), row["currency"], (row["source"],)
            extra = money(fee * Decimal(row["surcharge_rate"]))
            steps.append(f"year {year} renewal fee {currency} {fee}; additional fee {extra}")
        found.append(
            ruled_deadline(
                facts,
                rule,
                key=f"EP-renewal_fee_ep-year-{year}",
                trigger_event="filing",
                trigger_date=facts.filing_date,
                unshifted=unshifted,
                steps=steps,
                sources=sources,
                window_opens=window,
                grace_end=grace,
                year=year,
                fee=fee,
                currency=currency,
            )
        )
    return found


def _ep_fee(year: int, on: dt.date) -> Row | None:
    for row in load_table("portfolio/ep_renewal_fees.csv").valid_on(on):
        upper = int(row["year_to"]) if row["year_to"] else 99
        if int(row["year_from"]) <= year <= upper:
            return row
    return None


def pct_office_months(office: str) -> tuple[int, int | None, str]:
    """Months from priority for national phase entry at ``office`` (and a later limit)."""
    rows = load_table("portfolio/pct_national_phase.csv").where(office=office)
    if not rows:
        return _DEFAULT_PCT_MONTHS, None, ""
    row = rows[0]
    late = int(row["late_months"]) if row["late_months"] else None
    return int(row["months"]), late, row["source"]


def pct_deadlines(facts: RightFacts, as_of: dt.date | None) -> list[Deadline]:
    """PCT applications: national/regional phase entry, 30 or 31 months from priority."""
    if facts.jurisdiction != "WO" or facts.kind is RightKind.TRADEMARK:
        return []
    if facts.filing_date is None:
        return []
    rules = rules_for("WO", facts.kind, on=facts.filing_date, deadline_kind="national_phase")
    if not rules:
        return []
    rule = rules[0]
    base, name = facts.filing_date, "international filing"
    if facts.priority_date is not None and facts.priority_date < facts.filing_date:
        base, name = facts.priority_date, "priority"
    offices = facts.designated_offices or ("",)
    found = []
    for office in offices:
        months, late, source = (
            pct_office_months(office) if office else (_DEFAULT_PCT_MONTHS, None, "")
        )
        unshifted = add_months(base, months)
        steps = [f"{name} date {base.isoformat()} + {months} months = {unshifted.isoformat()}"]
        if not office:
            steps.append("no designated offices recorded: 30 months (some offices allow 31)")
        elif not source:
            steps.append(f"{office} not in the shipped office table: 30 months assumed")
        grace = add_months(base, late) if late is not None else None
        if grace is not None:
            steps.append(f"{office} accepts entry until {grace.isoformat()} with a surcharge")
        found.append(
            ruled_deadline(
                facts,
                rule,
                key=f"WO-national_phase-{office}" if office else "WO-national_phase",
                trigger_event=name,
                trigger_date=base,
                unshifted=unshifted,
                steps=steps,
                sources=(source,) if source else (),
                grace_end=grace,
                office="CN" if office == "CN" else None,
            )
        )
    return found


def madrid_deadlines(facts: RightFacts, as_of: dt.date | None) -> list[Deadline]:
    """International registrations: end of the 5-year dependency on the basic mark."""
    if facts.kind is not RightKind.TRADEMARK or facts.madrid is None:
        return []
    registered = facts.madrid.international_registration_date
    rules = rules_for("WO", facts.kind, on=registered, deadline_kind="madrid_dependency_end")
    if not rules:
        return []
    rule = rules[0]
    end = rule.due_from(registered)
    steps = [
        f"international registration {registered.isoformat()} + {rule.offset_text()} = "
        f"{end.isoformat()}",
        "until then the international registration falls with the basic mark",
    ]
    ceased = facts.madrid.basic_mark_ceased_on
    if ceased is not None and ceased < end:
        steps.append(
            f"the basic mark ceased on {ceased.isoformat()}, within the 5 years: the "
            "international registration is cancelled to the same extent (Madrid Protocol art. 6(3))"
        )
    return [
        ruled_deadline(
            facts,
            rule,
            key="WO-madrid_dependency_end",
            trigger_event="international_registration",
            trigger_date=registered,
            unshifted=end,
            steps=steps,
            loses_right=False,
        )
    ]


def trademark_renewal_deadlines(
    facts: RightFacts, as_of: dt.date | None, until: dt.date | None = None
) -> list[Deadline]:
    """The renewal of the current term, and of later terms while their due date ≤ ``until``."""
    if facts.kind is not RightKind.TRADEMARK or facts.registration_date is None:
        return []
    jurisdiction = "WO" if facts.madrid is not None else facts.jurisdiction
    start = facts.madrid.international_registration_date if facts.madrid else None
    registered = start or facts.registration_date
    rules = rules_for(jurisdiction, facts.kind, on=registered, deadline_kind="renewal")
    if not rules:
        return []
    rule = rules[0]
    term = trademark_term(
        jurisdiction,
        registration_date=registered,
        current_expiry=facts.current_expiry,
        as_of=as_of,
    )
    found = []
    while True:
        last_day = term.last_day_in_force
        window = add_months(last_day + ONE_DAY, -(rule.window_months or 0))
        grace = add_months(last_day, rule.grace_months or 0)
        steps = [
            f"term {term.start_date.isoformat()} … {last_day.isoformat()} ({term.years} years "
            f"from {term.counted_from.replace('_', ' ')})",
            f"renewal window opens {window.isoformat()} ({rule.window_months} months before "
            f"expiry); grace with surcharge until {grace.isoformat()}",
            f"the renewed term runs {term.next_term_start} … {term.next_term_last_day}",
        ]
        found.append(
            ruled_deadline(
                facts,
                rule,
                key=f"{jurisdiction}-renewal-{last_day.year}",
                trigger_event="term_end",
                trigger_date=last_day,
                unshifted=last_day,
                steps=steps,
                sources=(term.source,),
                window_opens=window,
                grace_end=grace,
                office=jurisdiction,
            )
        )
        if until is None or term.next_term_last_day is None or last_day >= until:
            return found
        term = trademark_term(
            jurisdiction,
            registration_date=registered,
            current_expiry=term.next_term_last_day,
        )
