"""US maintenance fees, EP renewal fees, PCT national phase, Madrid dependency, TM renewals.

Golden values: registry_stats.md §2 and oracle 14 (US patent granted 2020-01-07), 35 U.S.C.
41(b) and 21(b); EPC rule 51 and the EPO Guidelines A-X 5.2.4 examples (due 30 November →
earliest payment 31 August; due 31 May → 28 February), J 4/91; the WIPO PCT time-limits table;
Madrid Protocol art. 6; Trademark Law arts. 39-40 (oracle 13).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ipcenter.portfolio import Deadline, DeadlineKind, MadridFacts, RightFacts, deadlines_for

D = dt.date


def _by_key(facts: RightFacts, **kwargs: dt.date) -> dict[str, Deadline]:
    return {d.key: d for d in deadlines_for(facts, **kwargs)}


def test_us_maintenance_fees_oracle_14() -> None:
    facts = RightFacts(
        kind="invention", jurisdiction="US", filing_date=D(2017, 5, 2), grant_date=D(2020, 1, 7)
    )
    found = _by_key(facts)
    first = found["US-maintenance_fee-3.5"]
    assert (first.window_opens, first.due_date) == (D(2023, 1, 7), D(2023, 7, 7))
    # Grace ends 4 years after grant, 2024-01-07 — a Sunday, so payable on Monday (35 U.S.C. 21(b)).
    assert first.grace_end == D(2024, 1, 8)
    assert any("2024-01-07" in step for step in first.explanation.steps)
    assert found["US-maintenance_fee-7.5"].due_date == D(2027, 7, 7)
    assert found["US-maintenance_fee-11.5"].due_date == D(2031, 7, 7)


def test_us_fee_amounts_by_entity_from_2025_01_19() -> None:
    base = {"kind": "invention", "jurisdiction": "US", "grant_date": D(2022, 3, 1)}
    large = _by_key(RightFacts(**base))["US-maintenance_fee-3.5"]  # due 2025-09-01
    small = _by_key(RightFacts(**base, entity_size="small"))["US-maintenance_fee-3.5"]
    micro = _by_key(RightFacts(**base, entity_size="micro"))["US-maintenance_fee-3.5"]
    assert (large.payable_fee, small.payable_fee, micro.payable_fee) == (2150, 860, 430)
    assert large.currency == "USD"


def test_no_maintenance_fees_for_us_designs() -> None:
    facts = RightFacts(
        kind="design", jurisdiction="US", filing_date=D(2018, 1, 2), grant_date=D(2020, 1, 7)
    )
    assert not [d for d in deadlines_for(facts) if d.kind is DeadlineKind.MAINTENANCE_FEE]


def test_ep_renewal_due_at_the_end_of_the_anniversary_month() -> None:
    facts = RightFacts(kind="invention", jurisdiction="EP", filing_date=D(2009, 5, 14))
    found = _by_key(facts)
    year3 = found["EP-renewal_fee_ep-year-3"]
    assert year3.due_date == D(2011, 5, 31)
    year4 = found["EP-renewal_fee_ep-year-4"]
    # Due 31 May 2012 (a Thursday); earliest payment 3 months before, on the last day of
    # February (Guidelines A-X 5.2.4 example for a May filing).
    assert (year4.due_date, year4.window_opens) == (D(2012, 5, 31), D(2012, 2, 29))
    # J 4/91: the 6-month grace after a month-end due date ends on the last day of the month.
    assert year4.grace_end == D(2012, 11, 30)
    assert "EP-renewal_fee_ep-year-2" not in found


def test_ep_november_filing_earliest_payment_31_august() -> None:
    facts = RightFacts(kind="invention", jurisdiction="EP", filing_date=D(2008, 11, 20))
    year4 = _by_key(facts)["EP-renewal_fee_ep-year-4"]
    assert (year4.due_date, year4.window_opens) == (D(2011, 11, 30), D(2011, 8, 31))


def test_ep_fees_stop_at_grant_and_use_the_2024_amounts() -> None:
    facts = RightFacts(
        kind="invention", jurisdiction="EP", filing_date=D(2022, 6, 10), grant_date=D(2026, 3, 1)
    )
    found = _by_key(facts)
    # Due 30 June 2024, a Sunday: EPC rule 134 extends it to Monday 1 July.
    assert found["EP-renewal_fee_ep-year-3"].due_date == D(2024, 7, 1)
    assert found["EP-renewal_fee_ep-year-3"].payable_fee == Decimal(690)
    assert found["EP-renewal_fee_ep-year-4"].payable_fee == Decimal(845)
    assert "EP-renewal_fee_ep-year-5" not in found  # due 2026-06-30, after the grant


def test_pct_national_phase_30_and_31_months() -> None:
    facts = RightFacts(
        kind="invention",
        jurisdiction="WO",
        filing_date=D(2024, 3, 1),
        priority_date=D(2023, 3, 1),
        designated_offices=("CN", "EP", "KR", "US", "JP"),
    )
    found = _by_key(facts)
    assert found["WO-national_phase-CN"].due_date == D(2025, 9, 1)
    assert found["WO-national_phase-US"].due_date == D(2025, 9, 1)
    assert found["WO-national_phase-JP"].due_date == D(2025, 9, 1)
    assert found["WO-national_phase-EP"].due_date == D(2025, 10, 1)
    assert found["WO-national_phase-KR"].due_date == D(2025, 10, 1)
    # CN accepts 32 months with a surcharge: 2025-11-01 is a Saturday → Monday 2025-11-03.
    assert found["WO-national_phase-CN"].grace_end == D(2025, 11, 3)


def test_pct_without_priority_counts_from_the_international_filing_date() -> None:
    facts = RightFacts(kind="invention", jurisdiction="WO", filing_date=D(2024, 1, 15))
    found = _by_key(facts)
    assert found["WO-national_phase"].due_date == D(2026, 7, 15)


def test_madrid_dependency_ends_5_years_after_the_international_registration() -> None:
    facts = RightFacts(
        kind="trademark",
        jurisdiction="WO",
        registration_date=D(2021, 4, 20),
        madrid=MadridFacts(
            international_registration_date=D(2021, 4, 20), basic_mark_ceased_on=D(2023, 1, 5)
        ),
    )
    end = _by_key(facts)["WO-madrid_dependency_end"]
    assert end.due_date == D(2026, 4, 20)
    assert any("art. 6(3)" in step for step in end.explanation.steps)


def test_trademark_renewal_window_grace_and_next_term() -> None:
    facts = RightFacts(kind="trademark", jurisdiction="CN", registration_date=D(2015, 3, 14))
    found = _by_key(facts, until=D(2036, 1, 1))
    renewal = found["CN-renewal-2025"]
    assert (renewal.window_opens, renewal.due_date) == (D(2024, 3, 14), D(2025, 3, 13))
    # The grace ends 2025-09-13, a Saturday: the period's last day moves to Monday 2025-09-15
    # (Trademark Law Implementing Regulations art. 10).
    assert renewal.grace_end == D(2025, 9, 15)
    assert found["CN-renewal-2035"].due_date == D(2035, 3, 13)
    assert found["CN-term_expiry"].due_date == D(2025, 3, 13)
