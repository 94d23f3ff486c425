"""Stored deadlines generated from the registry, kept in step with legal events, scoped.

Expected dates and amounts are worked out by hand from the rules in
shared/reference/notes/registry_stats.md §2 (Examination Guidelines Part V Ch. 9 §2.2.1: patent
years run from the filing date and each fee after the grant year is due on the filing-date
anniversary; late payment within 6 months; invention fees 2,000 CNY for years 7-9, utility
model 1,200 CNY for years 6-8; 85 % reduction for the first 10 years counted from the grant year).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.core.errors import NotFound
from ipcenter.core.scoping import OrgScope
from ipcenter.portfolio import (
    TransitionIn,
    get_deadline,
    list_deadlines,
    refresh_deadlines,
    transition_deadline,
)
from ipcenter.rights import LegalEvent, Patent
from tests.portfolio.deadline_registry import build_registry, on

EVERYTHING = OrgScope.everything()


def annual_fees(session: Session, scope: OrgScope, as_of: str, until: str) -> dict[str, object]:
    result = list_deadlines(session, scope=scope, as_of=on(as_of), until=on(until), lang="en")
    return {row.key: row for row in result.data if row.kind == "annual_fee"}


def test_invention_fees_from_the_filing_anniversary(session: Session) -> None:
    """Filed 2020-03-12, granted 2023-05-12 (patent year 4: 2023-03-12 … 2024-03-11).

    On 2027-01-15 the year-7 fee (due 2026-03-12, payable with surcharge until 2026-09-12) is
    past every remedy and so not reported; the year-8 fee is due on 2027-03-12 (a Friday),
    56 days later (16 days left in January + 28 + 12): 2,000 CNY. The 6 months of late payment
    end on 2027-09-12, a Sunday, so on the next working day, Monday 2027-09-13 (a period ending on
    a rest day ends on the next working day, Guidelines Part V Ch. 7).
    """
    reg = build_registry(session)
    rows = annual_fees(session, reg.scope(reg.yili), "2027-01-15", "2027-06-30")
    assert list(rows) == ["CN-annual_fee-year-8"]
    year8 = rows["CN-annual_fee-year-8"]
    assert year8.due_date == on("2027-03-12")
    assert year8.grace_end == on("2027-09-13")
    assert year8.full_fee == year8.payable_fee == Decimal(2000)
    assert year8.currency == "CNY"
    assert (year8.bucket, year8.days_left) == ("due_90", 56)
    assert year8.right_number == "202010123456.2"
    assert year8.right_title == "A method of making fermented milk"
    assert year8.org_id == reg.yili and year8.state == "open"


def test_utility_model_fee_and_the_90_day_edge(session: Session) -> None:
    """UM filed 2021-04-15, granted 2021-11-30 (grant year = year 1). Year-7 fee due 2027-04-15:
    from 2027-01-15 that is 16 + 28 + 31 + 15 = 90 days, still in the 90-day bucket; UM years
    6-8 cost 1,200 CNY."""
    reg = build_registry(session)
    rows = annual_fees(session, reg.scope(reg.mengniu), "2027-01-15", "2027-04-15")
    year7 = rows["CN-annual_fee-year-7"]
    assert year7.due_date == on("2027-04-15")
    assert year7.payable_fee == Decimal(1200)
    assert (year7.bucket, year7.days_left) == ("due_90", 90)
    assert "CN-annual_fee-year-6" not in rows  # due 2026-04-15, grace ended 2026-10-15


def test_overdue_within_grace(session: Session) -> None:
    """On 2027-03-20 the year-8 fee (due 2027-03-12) is overdue but payable until 2027-09-13."""
    reg = build_registry(session)
    refresh_deadlines(session, scope=EVERYTHING, as_of=on("2027-01-15"))
    rows = annual_fees(session, reg.scope(reg.yili), "2027-03-20", "2027-03-31")
    year8 = rows["CN-annual_fee-year-8"]
    assert year8.bucket == "overdue" and year8.in_grace and not year8.missed


def test_reduction_applies_to_the_payable_fee(session: Session) -> None:
    """85 % reduction (single eligible owner): year 8 is within the 10 years counted from the
    grant year (years 4-13), so 2,000 x 15 % = 300 CNY is payable; the full fee stays 2,000."""
    reg = build_registry(session, invention_extra={"portfolio": {"reduction_rate": "0.85"}})
    year8 = annual_fees(session, reg.scope(reg.yili), "2027-01-15", "2027-06-30")[
        "CN-annual_fee-year-8"
    ]
    assert (year8.full_fee, year8.payable_fee) == (Decimal(2000), Decimal(300))


def test_refresh_is_idempotent_and_keeps_the_workflow(session: Session) -> None:
    reg = build_registry(session)
    first = refresh_deadlines(session, scope=EVERYTHING, as_of=on("2027-01-15"))
    assert first.rights_refreshed == 3 and first.created > 0
    again = refresh_deadlines(session, scope=EVERYTHING, as_of=on("2027-01-15"))
    assert again.rights_refreshed == 0 and again.created == 0
    year8 = annual_fees(session, reg.scope(reg.yili), "2027-01-15", "2027-06-30")[
        "CN-annual_fee-year-8"
    ]
    transition_deadline(
        session,
        year8.id,
        TransitionIn(action="instruct_pay"),
        scope=EVERYTHING,
        actor="t",
        as_of=on("2027-01-15"),
    )
    forced = refresh_deadlines(session, scope=EVERYTHING, as_of=on("2027-01-15"), force=True)
    assert forced.rights_refreshed == 3 and forced.created == 0 and forced.retired == 0
    after = annual_fees(session, reg.scope(reg.yili), "2027-01-16", "2027-06-30")[
        "CN-annual_fee-year-8"
    ]
    assert after.id == year8.id
    assert (after.state, after.instruction) == ("instructed", "pay")


def _add_event(session: Session, patent_id: int, day: str, code: str) -> None:
    session.add(LegalEvent(patent_id=patent_id, event_date=on(day), code=code))
    session.flush()


def test_lapse_retires_later_fees_and_restoration_brings_them_back(session: Session) -> None:
    """CF01 (termination for non-payment) on 2027-10-08, after the year-8 grace ended
    2027-09-13: the fees of years 9-20 (due from 2028-03-12) are no longer produced and are
    retired; RF01 (restoration) brings them back with their ids."""
    reg = build_registry(session)
    before = annual_fees(session, reg.scope(reg.yili), "2027-01-15", "2040-01-01")
    later = {key: row.id for key, row in before.items() if key != "CN-annual_fee-year-8"}
    assert "CN-annual_fee-year-9" in later and "CN-annual_fee-year-20" in later
    _add_event(session, reg.invention, "2027-10-08", "CF01")
    lapsed = annual_fees(session, reg.scope(reg.yili), "2027-10-15", "2040-01-01")
    assert not set(later) & set(lapsed)
    retired = get_deadline(
        session, later["CN-annual_fee-year-9"], scope=EVERYTHING, as_of=on("2027-10-15")
    )
    assert retired.retired and retired.allowed_actions == []
    # The year-8 fee that was missed stays visible as missed, so the lapse can be followed up.
    assert lapsed["CN-annual_fee-year-8"].missed
    _add_event(session, reg.invention, "2027-11-20", "RF01")
    restored = annual_fees(session, reg.scope(reg.yili), "2027-11-25", "2040-01-01")
    assert {key: restored[key].id for key in later} == later
    assert not any(row.retired for row in restored.values())


def test_transfer_moves_the_deadlines_to_the_new_owner(session: Session) -> None:
    """A transfer (TR01) recorded by moving the patent to mengniu, which has no reduction: the
    deadlines follow the owner, yili no longer sees them, and the payable fee is the full one."""
    reg = build_registry(session, invention_extra={"portfolio": {"reduction_rate": "0.85"}})
    year8 = annual_fees(session, reg.scope(reg.yili), "2027-01-15", "2027-06-30")[
        "CN-annual_fee-year-8"
    ]
    assert year8.payable_fee == Decimal(300)
    patent = session.get_one(Patent, reg.invention)
    _add_event(session, reg.invention, "2027-01-20", "TR01")
    patent.org_id = reg.mengniu
    patent.extra = {}
    session.flush()
    moved = annual_fees(session, reg.scope(reg.mengniu), "2027-01-21", "2027-06-30")
    assert moved["CN-annual_fee-year-8"].id == year8.id
    assert moved["CN-annual_fee-year-8"].org_id == reg.mengniu
    assert moved["CN-annual_fee-year-8"].payable_fee == Decimal(2000)
    assert "CN-annual_fee-year-8" not in annual_fees(
        session, reg.scope(reg.yili), "2027-01-21", "2027-06-30"
    )
    with pytest.raises(NotFound):
        get_deadline(session, year8.id, scope=reg.scope(reg.yili), as_of=on("2027-01-21"))


def test_yili_cannot_see_mengniu_deadlines(session: Session) -> None:
    reg = build_registry(session)
    mengniu = list_deadlines(
        session, scope=reg.scope(reg.mengniu), as_of=on("2027-01-15"), until=on("2030-01-01")
    )
    assert mengniu.count > 0 and {row.org_id for row in mengniu.data} == {reg.mengniu}
    yili = list_deadlines(
        session, scope=reg.scope(reg.yili), as_of=on("2027-01-15"), until=on("2030-01-01")
    )
    assert {row.org_id for row in yili.data} == {reg.yili}
    for row in mengniu.data:
        with pytest.raises(NotFound):
            get_deadline(session, row.id, scope=reg.scope(reg.yili), as_of=on("2027-01-15"))
    with pytest.raises(NotFound):
        list_deadlines(
            session, scope=reg.scope(reg.yili), as_of=on("2027-01-15"), org_id=reg.mengniu
        )


def test_centre_staff_see_both_companies(session: Session) -> None:
    reg = build_registry(session)
    centre = reg.scope(reg.centre, reg.yili, reg.mengniu)
    rows = list_deadlines(session, scope=centre, as_of=on("2027-01-15"), until=on("2030-01-01"))
    assert {row.org_id for row in rows.data} == {reg.yili, reg.mengniu}
    only_yili = list_deadlines(
        session, scope=centre, as_of=on("2027-01-15"), until=on("2030-01-01"), org_id=reg.yili
    )
    assert {row.org_id for row in only_yili.data} == {reg.yili}


def test_deleted_right_retires_its_deadlines(session: Session) -> None:
    from ipcenter.portfolio.models import StoredDeadline

    reg = build_registry(session)
    refresh_deadlines(session, scope=EVERYTHING, as_of=on("2027-01-15"))
    session.delete(session.get_one(Patent, reg.utility_model))
    session.flush()
    summary = refresh_deadlines(session, scope=EVERYTHING, as_of=on("2027-01-15"))
    assert summary.retired > 0
    live = session.scalars(
        select(StoredDeadline).where(
            StoredDeadline.right_id == reg.utility_model,
            StoredDeadline.right_type == "patent",
            StoredDeadline.retired_at.is_(None),
        )
    ).all()
    assert live == []
