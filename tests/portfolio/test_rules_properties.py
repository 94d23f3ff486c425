"""Properties of the rule engine that must hold for any input (Hypothesis, bounded examples)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ipcenter.core.dates import add_years
from ipcenter.portfolio import (
    DeadlineKind,
    RightFacts,
    RightKind,
    annual_fee_schedule,
    deadlines_for,
    late_payment,
    patent_term,
)

PATENT_KINDS = st.sampled_from([RightKind.INVENTION, RightKind.UTILITY_MODEL, RightKind.DESIGN])
FILING = st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2026, 12, 31))
REDUCTIONS = st.sampled_from([None, Decimal("0.85"), Decimal("0.70")])
FAST = settings(max_examples=60, deadline=None)


@FAST
@given(
    kind=PATENT_KINDS,
    filed=FILING,
    grant_after=st.integers(min_value=0, max_value=9 * 365),
    reduction=REDUCTIONS,
    open_licence=st.booleans(),
)
def test_payable_never_exceeds_full(
    kind: RightKind,
    filed: dt.date,
    grant_after: int,
    reduction: Decimal | None,
    open_licence: bool,
) -> None:
    granted = filed + dt.timedelta(days=grant_after)
    term = patent_term("CN", kind, filing_date=filed)
    if term is None or granted > term.last_day_in_force:
        return
    schedule = annual_fee_schedule(
        kind,
        filing_date=filed,
        grant_date=granted,
        reduction_rate=reduction,
        open_licence=open_licence,
    )
    for entry in schedule.entries:
        assert 0 < entry.payable_fee <= entry.full_fee
        if entry.due_date is not None:
            assert entry.anniversary is not None and entry.due_date >= entry.anniversary


@FAST
@given(
    kind=PATENT_KINDS,
    due=st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2026, 6, 30)),
    first=st.integers(min_value=-30, max_value=220),
    second=st.integers(min_value=-30, max_value=220),
    year=st.integers(min_value=1, max_value=10),
)
def test_surcharge_is_monotone_in_lateness(
    kind: RightKind, due: dt.date, first: int, second: int, year: int
) -> None:
    early, late = sorted((first, second))
    a = late_payment(kind, year=year, due_date=due, paid_date=due + dt.timedelta(days=early))
    b = late_payment(kind, year=year, due_date=due, paid_date=due + dt.timedelta(days=late))
    assert a.surcharge <= b.surcharge
    assert a.total <= b.total
    assert a.month_late <= b.month_late
    assert b.surcharge <= b.full_fee * Decimal("0.25")


@FAST
@given(
    kind=PATENT_KINDS,
    jurisdiction=st.sampled_from(["CN", "US", "EP", "WO"]),
    filed=st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2025, 12, 31)),
    grant_after=st.one_of(st.none(), st.integers(min_value=200, max_value=6 * 365)),
    priority_before=st.one_of(st.none(), st.integers(min_value=1, max_value=365)),
)
def test_deadlines_are_sorted_and_term_expiry_is_never_shifted(
    kind: RightKind,
    jurisdiction: str,
    filed: dt.date,
    grant_after: int | None,
    priority_before: int | None,
) -> None:
    facts = RightFacts(
        kind=kind,
        jurisdiction=jurisdiction,
        filing_date=filed,
        grant_date=filed + dt.timedelta(days=grant_after) if grant_after is not None else None,
        priority_date=(
            filed - dt.timedelta(days=priority_before) if priority_before is not None else None
        ),
    )
    found = deadlines_for(facts)
    assert [(d.due_date, d.key) for d in found] == sorted((d.due_date, d.key) for d in found)
    assert len({d.key for d in found}) == len(found)
    for deadline in found:
        if deadline.kind is DeadlineKind.TERM_EXPIRY:
            shift = deadline.explanation.shift
            assert shift is not None and not shift.shifted
            assert deadline.due_date == shift.unshifted
        if deadline.grace_end is not None:
            assert deadline.grace_end >= deadline.due_date
        if deadline.window_opens is not None:
            assert deadline.window_opens <= deadline.due_date


@FAST
@given(registered=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2026, 12, 31)))
def test_trademark_renewals_chain_without_gaps(registered: dt.date) -> None:
    facts = RightFacts(kind="trademark", jurisdiction="CN", registration_date=registered)
    renewals = [
        d
        for d in deadlines_for(facts, until=add_years(registered, 35))
        if d.kind is DeadlineKind.RENEWAL
    ]
    unshifted = [d.explanation.trigger_date for d in renewals]
    for previous, following in itertools.pairwise(unshifted):
        assert following == add_years(previous + dt.timedelta(days=1), 10) - dt.timedelta(days=1)
