"""Legal status as of any date, derived from a right's dates, legal events and term.

Status is a function, not a stored fact: the same record answers "in force on 2019-12-31?" and
"in force today?" differently, which is what snapshot statistics and freedom-to-operate need.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ipcenter.core.dates import add_years
from ipcenter.core.refdata import Row, load_table
from ipcenter.rights.vocab import RightStatus

EFFECT_TO_STATUS: dict[str, RightStatus] = {
    "granted": RightStatus.IN_FORCE,
    "restored": RightStatus.IN_FORCE,
    "lapsed": RightStatus.LAPSED,
    "withdrawn": RightStatus.WITHDRAWN,
    "refused": RightStatus.REFUSED,
    "invalidated": RightStatus.INVALIDATED,
    "expired": RightStatus.EXPIRED,
}


@dataclass(frozen=True)
class EventFact:
    """What status derivation needs of a legal event."""

    date: dt.date
    code: str


@dataclass(frozen=True)
class Term:
    years: int
    counted_from: str  # "filing" or "grant"
    source: str
    expiry_date: dt.date  # the anniversary: first day the right no longer exists
    last_day_in_force: dt.date


@cache
def _event_codes() -> dict[tuple[str, str], Row]:
    # Status is derived for every record of a list or a statistic: look codes up in a dict.
    table = load_table("rights/legal_event_codes.csv")
    return {(row["jurisdiction"], row["code"]): row for row in table.rows}


ANY_OFFICE = "*"  # jurisdiction of the codes any office's records may carry (REPORTED-*)


def event_effect(jurisdiction: str, code: str) -> str | None:
    """The effect of a legal-event code (``granted``, ``lapsed`` …) or None when unknown."""
    codes = _event_codes()
    row = codes.get((jurisdiction, code)) or codes.get((ANY_OFFICE, code))
    return row["effect"] if row else None


def term_of(
    jurisdiction: str, patent_type: str, *, filing_date: dt.date | None, grant_date: dt.date | None
) -> Term | None:
    """The statutory term of a right, or None when its start date or the rule is unknown.

    The rules in force are chosen by the filing date (the law that applies to the application);
    an office without rows of its own takes the ``*`` rows (inventions: the TRIPS minimum). When
    several rules apply the term ends last; a rule with ``if_in_force_on`` counts only when the
    right under the others is still in force that day (the US transition of 35 U.S.C. 154(c)).
    """
    chooser = filing_date or grant_date
    if chooser is None:
        return None
    table = load_table("rights/patent_terms.csv")
    rows = table.where(chooser, jurisdiction=jurisdiction, patent_type=patent_type)
    if not rows and not table.where(jurisdiction=jurisdiction, patent_type=patent_type):
        rows = table.where(chooser, jurisdiction="*", patent_type=patent_type)
    base = [
        t
        for row in rows
        if not row.get("if_in_force_on")
        for t in _term(row, filing_date, grant_date)
    ]
    if not base:
        return None
    best = max(base, key=lambda term: term.expiry_date)
    for row in rows:
        condition = row.get("if_in_force_on")
        if condition and best.last_day_in_force >= dt.date.fromisoformat(condition):
            best = max([best, *_term(row, filing_date, grant_date)], key=lambda t: t.expiry_date)
    return best


def _term(row: Row, filing_date: dt.date | None, grant_date: dt.date | None) -> list[Term]:
    start = filing_date if row["counted_from"] == "filing" else grant_date
    if start is None:
        return []
    expiry = add_years(start, int(row["years"]))
    return [
        Term(
            years=int(row["years"]),
            counted_from=row["counted_from"],
            source=row["source"],
            expiry_date=expiry,
            last_day_in_force=expiry - dt.timedelta(days=1),
        )
    ]


def status_on(
    day: dt.date,
    *,
    jurisdiction: str,
    patent_type: str,
    filing_date: dt.date | None,
    grant_date: dt.date | None,
    events: Iterable[EventFact],
) -> RightStatus | None:
    """The status on ``day``; None when the application had not been filed yet."""
    if filing_date is not None and day < filing_date:
        return None
    transitions: list[tuple[dt.date, RightStatus]] = []
    if grant_date is not None:
        transitions.append((grant_date, RightStatus.IN_FORCE))
    for event in events:
        effect = event_effect(jurisdiction, event.code)
        if effect in EFFECT_TO_STATUS:
            transitions.append((event.date, EFFECT_TO_STATUS[effect]))
    status = RightStatus.PENDING
    for when, new_status in sorted(transitions, key=lambda item: item[0]):
        if when > day:
            break
        status = new_status
    if status is RightStatus.IN_FORCE:
        term = term_of(jurisdiction, patent_type, filing_date=filing_date, grant_date=grant_date)
        if term is not None and day > term.last_day_in_force:
            return RightStatus.EXPIRED
    return status
