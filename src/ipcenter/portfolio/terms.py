"""Terms of protection: patents (via ``rights.term_of``) and trademarks with their renewals.

A term's end is never moved for weekends or holidays (Examination Guidelines Part V Ch. 9 §2.1:
the utility model filed 1999-09-06 ends 2009-09-05 although 2009-09-06 was a Sunday).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from ipcenter.core.dates import add_months, add_years
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.core.refdata import Row, load_table
from ipcenter.portfolio.rules import rules_for
from ipcenter.portfolio.types import RightKind
from ipcenter.rights import term_of

ONE_DAY = dt.timedelta(days=1)
# Patent Law (2020) art. 42 ¶2 on term compensation applies to patents granted from 2021-06-01.
_COMPENSATION_FROM = dt.date(2021, 6, 1)
COMPENSATION_SOURCE = (
    "Patent Law (2020) art. 42 ¶2: invention granted more than 4 years after filing and more "
    "than 3 years after the examination request (in force 2021-06-01) [V, registry_stats.md §2]"
)


class TermInfo(BaseModel):
    """The term of one right: when it starts, its last day in force and the day it expires."""

    model_config = ConfigDict(frozen=True)

    jurisdiction: str
    right_kind: RightKind
    counted_from: str  # filing | grant | registration | previous_expiry
    start_date: dt.date
    years: int
    last_day_in_force: dt.date
    expiry_date: dt.date  # the anniversary: the first day the right no longer exists
    source: str
    # CN inventions only: None when not applicable or a needed date is unknown.
    term_compensation_eligible: bool | None = None
    renewal_window_opens: dt.date | None = None  # trademarks
    renewal_grace_end: dt.date | None = None  # trademarks: last day of the grace period
    next_term_start: dt.date | None = None  # trademarks
    next_term_last_day: dt.date | None = None  # trademarks


def patent_term(
    jurisdiction: str,
    kind: RightKind,
    *,
    filing_date: dt.date | None,
    grant_date: dt.date | None = None,
    examination_request_date: dt.date | None = None,
) -> TermInfo | None:
    """The statutory term of a patent (None when the rule or the start date is unknown)."""
    term = term_of(jurisdiction, kind.value, filing_date=filing_date, grant_date=grant_date)
    if term is None:
        return None
    start = filing_date if term.counted_from == "filing" else grant_date
    if start is None:  # term_of already returns None without its start date
        return None
    return TermInfo(
        jurisdiction=jurisdiction,
        right_kind=kind,
        counted_from=term.counted_from,
        start_date=start,
        years=term.years,
        last_day_in_force=term.last_day_in_force,
        expiry_date=term.expiry_date,
        source=term.source,
        term_compensation_eligible=compensation_eligible(
            jurisdiction,
            kind,
            filing_date=filing_date,
            grant_date=grant_date,
            examination_request_date=examination_request_date,
        ),
    )


def compensation_eligible(
    jurisdiction: str,
    kind: RightKind,
    *,
    filing_date: dt.date | None,
    grant_date: dt.date | None,
    examination_request_date: dt.date | None,
) -> bool | None:
    """CN art. 42 ¶2 test: granted > 4 y after filing and > 3 y after the examination request."""
    if jurisdiction != "CN" or kind is not RightKind.INVENTION:
        return None
    if filing_date is None or grant_date is None or examination_request_date is None:
        return None
    if grant_date < _COMPENSATION_FROM:
        return False
    return grant_date > add_years(filing_date, 4) and grant_date > add_years(
        examination_request_date, 3
    )


def trademark_last_day(start: dt.date, years: int) -> dt.date:
    """The last day of a trademark term of ``years`` from ``start``.

    Trademark Law Implementing Regulations art. 12 ¶2: the day before the corresponding day of
    the last month; when that month has no corresponding day (a term starting on 29 February),
    the last day of that month.
    """
    anniversary = add_years(start, years)
    if anniversary.day != start.day:  # clamped: the corresponding day does not exist
        return anniversary
    return anniversary - ONE_DAY


def trademark_rule(jurisdiction: str, registration_date: dt.date) -> Row:
    """The trademark term rule for ``jurisdiction`` in force on the registration date."""
    table = load_table("portfolio/trademark_terms.csv")
    rows = table.where(registration_date, jurisdiction=jurisdiction)
    if not rows:
        raise ValidationError(
            field="--jurisdiction",
            reason=N_("no trademark term rule for this jurisdiction"),
            value=jurisdiction,
        )
    return rows[0]


def trademark_term(
    jurisdiction: str,
    *,
    registration_date: dt.date,
    current_expiry: dt.date | None = None,
    as_of: dt.date | None = None,
) -> TermInfo:
    """The current term of a mark: the first one, or the renewal in force on ``as_of``.

    ``current_expiry`` (the last day of the term as recorded after renewals) wins when given.
    Renewals are assumed granted for the as_of projection: each runs ``renewal_years`` from the
    day after the previous expiry (Trademark Law art. 40).
    """
    rule = trademark_rule(jurisdiction, registration_date)
    years, renewal_years = int(rule["term_years"]), int(rule["renewal_years"])
    start, counted_from = registration_date, "registration"
    last_day = trademark_last_day(registration_date, years)
    if current_expiry is not None and current_expiry != last_day:
        last_day, counted_from = current_expiry, "previous_expiry"
        start = add_years(current_expiry + ONE_DAY, -renewal_years)
        years = renewal_years
    while as_of is not None and as_of > last_day:
        start, counted_from, years = last_day + ONE_DAY, "previous_expiry", renewal_years
        last_day = trademark_last_day(start, renewal_years)
    renewal = rules_for(
        jurisdiction, RightKind.TRADEMARK, on=registration_date, deadline_kind="renewal"
    )
    window = renewal[0].window_months if renewal else None
    grace = renewal[0].grace_months if renewal else None
    next_start = last_day + ONE_DAY
    return TermInfo(
        jurisdiction=jurisdiction,
        right_kind=RightKind.TRADEMARK,
        counted_from=counted_from,
        start_date=start,
        years=years,
        last_day_in_force=last_day,
        expiry_date=next_start,
        source=rule["source"],
        renewal_window_opens=add_months(next_start, -window) if window is not None else None,
        renewal_grace_end=add_months(last_day, grace) if grace is not None else None,
        next_term_start=next_start,
        next_term_last_day=trademark_last_day(next_start, renewal_years),
    )
