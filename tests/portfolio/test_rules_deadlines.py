"""``deadlines_for``: legal events, notices, explanations, status hints, facts from records.

Golden values: registry_stats.md §2 (GL examples: invention filed 1998-06-01 → examination request
by 2001-06-01; notice dispatched 1999-12-16 → received 1999-12-31 → 2-month time limit
2000-02-29; annual-fee due dates; restoration = fee + 25 % + 1000) and §4.1 (CN legal-event codes).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ipcenter.core.errors import ValidationError
from ipcenter.portfolio import (
    DeadlineKind,
    DeadlineStatus,
    LegalEventFact,
    Notice,
    RightFacts,
    deadlines_for,
    facts_from_patent,
    facts_from_trademark,
)
from ipcenter.rights import LegalEvent, Patent, Trademark

D = dt.date
GL_FACTS = RightFacts(
    kind="invention", jurisdiction="CN", filing_date=D(1997, 6, 3), grant_date=D(2001, 8, 1)
)


def test_exam_request_deadline_of_the_guidelines_example() -> None:
    facts = RightFacts(kind="invention", jurisdiction="CN", filing_date=D(1998, 6, 1))
    (exam,) = [d for d in deadlines_for(facts) if d.kind is DeadlineKind.EXAM_REQUEST]
    assert exam.due_date == D(2001, 6, 1)
    assert exam.key == "CN-exam_request"
    assert exam.explanation.rule_id == "CN-exam_request"


def test_exam_request_counts_from_the_priority_date() -> None:
    facts = RightFacts(
        kind="invention",
        jurisdiction="CN",
        filing_date=D(2022, 5, 10),
        priority_date=D(2021, 11, 16),
    )
    (exam,) = [d for d in deadlines_for(facts) if d.kind is DeadlineKind.EXAM_REQUEST]
    assert exam.due_date == D(2024, 11, 18)  # 2024-11-16 is a Saturday
    assert exam.explanation.trigger_event == "priority"


def test_exam_request_disappears_once_examination_took_effect() -> None:
    facts = RightFacts(
        kind="invention",
        jurisdiction="CN",
        filing_date=D(2022, 5, 10),
        events=(LegalEventFact(date=D(2023, 1, 4), code="SE01", effect="examination"),),
    )
    assert not [d for d in deadlines_for(facts) if d.kind is DeadlineKind.EXAM_REQUEST]


def test_notice_presumed_received_15_days_after_dispatch() -> None:
    facts = RightFacts(
        kind="invention",
        jurisdiction="CN",
        filing_date=D(1998, 1, 5),
        notices=(Notice(kind="office_action", dispatched=D(1999, 12, 16)),),
    )
    (response,) = [d for d in deadlines_for(facts) if d.kind is DeadlineKind.OFFICE_ACTION_RESPONSE]
    assert response.explanation.trigger_date == D(1999, 12, 31)
    assert response.due_date == D(2000, 2, 29)


def test_unknown_notice_kind_is_refused() -> None:
    facts = RightFacts(
        kind="invention",
        jurisdiction="CN",
        filing_date=D(2020, 1, 5),
        notices=(Notice(kind="love_letter", dispatched=D(2021, 1, 4)),),
    )
    with pytest.raises(ValidationError) as caught:
        deadlines_for(facts)
    assert caught.value.params["field"] == "notices[0].kind"


def test_annual_fees_after_the_grant_year_with_explanations() -> None:
    fees = [d for d in deadlines_for(GL_FACTS) if d.kind is DeadlineKind.ANNUAL_FEE]
    assert [d.year for d in fees] == list(range(6, 21))
    year6 = fees[0]
    assert (year6.key, year6.due_date, year6.payable_fee) == (
        "CN-annual_fee-year-6",
        D(2002, 6, 3),
        Decimal(1200),
    )
    assert year6.grace_end == D(2002, 12, 3)
    assert year6.explanation.trigger_event == "filing"
    assert any("Examination Guidelines Part V Ch. 9" in s for s in year6.explanation.sources)
    assert any("2002-06-03" in step for step in year6.explanation.steps)


def test_a_lapse_drops_later_fees_and_a_restoration_brings_them_back() -> None:
    lapsed = GL_FACTS.model_copy(
        update={"events": (LegalEventFact(date=D(2004, 2, 1), code="CF01", effect="lapsed"),)}
    )
    years = [d.year for d in deadlines_for(lapsed) if d.kind is DeadlineKind.ANNUAL_FEE]
    # Year 7 (due 2003-06-03, late period to 2003-12-03) is the missed fee; year 8 onwards is moot.
    assert years == [6, 7]
    restored = GL_FACTS.model_copy(
        update={
            "events": (
                LegalEventFact(date=D(2004, 2, 1), code="CF01", effect="lapsed"),
                LegalEventFact(date=D(2004, 5, 1), code="RF01", effect="restored"),
            )
        }
    )
    years = [d.year for d in deadlines_for(restored) if d.kind is DeadlineKind.ANNUAL_FEE]
    assert years == list(range(6, 21))


def test_restoration_after_a_termination_notice_costs_fee_plus_25_percent_plus_1000() -> None:
    # Year 6 fee (due 2002-06-03) unpaid: late period ended 2002-12-03; notice 2003-01-10.
    facts = GL_FACTS.model_copy(
        update={
            "notices": (
                Notice(kind="termination_notice", dispatched=D(2003, 1, 10), served=D(2003, 1, 20)),
            )
        }
    )
    (restoration,) = [d for d in deadlines_for(facts) if d.kind is DeadlineKind.RESTORATION]
    assert restoration.due_date == D(2003, 3, 20)
    assert restoration.payable_fee == Decimal(1200 + 300 + 1000)


def test_term_compensation_request_deadline() -> None:
    facts = RightFacts(
        kind="invention",
        jurisdiction="CN",
        filing_date=D(2018, 1, 10),
        examination_request_date=D(2018, 6, 1),
        grant_date=D(2022, 3, 1),
    )
    (request,) = [
        d for d in deadlines_for(facts) if d.kind is DeadlineKind.TERM_COMPENSATION_REQUEST
    ]
    assert request.due_date == D(2022, 6, 1)


def test_deadlines_are_sorted_cut_at_until_and_get_a_status() -> None:
    found = deadlines_for(GL_FACTS, until=D(2006, 1, 1), as_of=D(2003, 7, 1))
    assert [d.due_date for d in found] == sorted(d.due_date for d in found)
    assert max(d.due_date for d in found) <= D(2006, 1, 1)
    by_year = {d.year: d for d in found}
    assert by_year[6].status is DeadlineStatus.MISSED
    assert by_year[7].status is DeadlineStatus.GRACE  # due 2003-06-03, grace to 2003-12-03
    assert by_year[8].status is DeadlineStatus.OPEN


def test_inconsistent_facts_name_the_field() -> None:
    facts = RightFacts(
        kind="invention", jurisdiction="CN", filing_date=D(2020, 1, 1), grant_date=D(2019, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        deadlines_for(facts)
    assert caught.value.params["field"] == "grant_date"


def test_facts_from_a_stored_patent() -> None:
    patent = Patent(
        jurisdiction="CN",
        patent_type="invention",
        application_number="200710146622.5",
        filing_date=D(2007, 8, 31),
        grant_date=D(2011, 6, 15),
        extra={"portfolio": {"reduction_rate": "0.85"}},
    )
    patent.legal_events = [
        LegalEvent(event_date=D(2008, 3, 5), code="SE01"),
        LegalEvent(event_date=D(2011, 6, 15), code="GR01"),
    ]
    facts = facts_from_patent(patent)
    assert facts is not None
    assert facts.examination_request_date == D(2008, 3, 5)
    assert facts.reduction_rate == Decimal("0.85")
    assert [e.effect for e in facts.events] == ["examination", "granted"]
    fees = [d for d in deadlines_for(facts) if d.kind is DeadlineKind.ANNUAL_FEE]
    assert fees[0].key == "CN-annual_fee-year-5"  # granted in year 4 (2010-08-31 … 2011-08-30)


def test_plant_patents_have_no_facts() -> None:
    patent = Patent(jurisdiction="US", patent_type="plant", application_number="x")
    assert facts_from_patent(patent) is None


def test_facts_from_a_stored_trademark() -> None:
    mark = Trademark(
        jurisdiction="CN",
        mark_text="伊利",
        kind="ordinary",
        registrant_name="内蒙古伊利实业集团股份有限公司",
        registrant_name_normalised="内蒙古伊利实业集团股份有限公司",
        registration_date=D(2015, 3, 14),
        expiry_date=D(2025, 3, 13),
        status="registered",
    )
    facts = facts_from_trademark(mark)
    assert facts.current_expiry == D(2025, 3, 13)
    keys = {d.key for d in deadlines_for(facts)}
    assert "CN-renewal-2025" in keys
