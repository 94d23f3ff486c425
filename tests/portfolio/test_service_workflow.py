"""The renewal workflow: open → reminded → instructed (pay | abandon) → paid → closed, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.core.audit import AuditEvent
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import gettext
from ipcenter.core.scoping import OrgScope
from ipcenter.portfolio import (
    InvalidTransition,
    NoWorkflow,
    TransitionIn,
    get_deadline,
    list_deadlines,
    transition_deadline,
)
from tests.portfolio.deadline_registry import build_registry, on

EVERYTHING = OrgScope.everything()
AS_OF = on("2027-01-15")


def _ids(session: Session) -> tuple[int, int]:
    """The year-8 fee of the invention and its end-of-term date (informational)."""
    reg = build_registry(session)
    rows = list_deadlines(
        session, scope=OrgScope.only(reg.yili), as_of=AS_OF, until=on("2041-01-01")
    ).data
    fee = next(r for r in rows if r.key == "CN-annual_fee-year-8")
    term = next(r for r in rows if r.kind == "term_expiry")
    return fee.id, term.id


def step(session: Session, deadline_id: int, action: str, **fields: object) -> str:
    detail = transition_deadline(
        session,
        deadline_id,
        TransitionIn.model_validate({"action": action, **fields}),
        scope=EVERYTHING,
        actor="tester",
        as_of=AS_OF,
    )
    return detail.state


def test_pay_path_to_closed_with_receipt_and_audit(session: Session) -> None:
    fee, _ = _ids(session)
    assert get_deadline(session, fee, scope=EVERYTHING, as_of=AS_OF).allowed_actions == [
        "remind",
        "instruct_pay",
        "instruct_abandon",
    ]
    assert step(session, fee, "remind", reminded_whom="伊利 IP 部 by phone") == "reminded"
    assert step(session, fee, "remind") == "reminded"  # a second reminder is fine
    assert step(session, fee, "instruct_pay") == "instructed"
    assert step(
        session,
        fee,
        "pay",
        receipt_number="CNIPA-2027-000123",
        paid_on="2027-02-01",
        paid_amount="2000",
    ) == ("paid")
    detail = get_deadline(session, fee, scope=EVERYTHING, as_of=AS_OF)
    assert detail.receipt_number == "CNIPA-2027-000123"
    assert detail.paid_on == dt.date(2027, 2, 1) and detail.paid_amount == Decimal(2000)
    assert [r.channel for r in detail.reminders] == ["manual", "manual"]
    assert detail.reminders[-1].sent_to == "伊利 IP 部 by phone"
    assert step(session, fee, "close") == "closed"
    actions = session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.entity_type == "portfolio_deadline", AuditEvent.entity_id == fee)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "deadline-remind",
        "deadline-remind",
        "deadline-instruct-pay",
        "deadline-pay",
        "deadline-close",
    ]
    last = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "deadline-pay", AuditEvent.entity_id == fee)
    ).one()
    assert last.before is not None and last.before["state"] == "instructed"
    assert last.after is not None and last.after["receipt_number"] == "CNIPA-2027-000123"
    assert last.actor == "tester"
    # A closed deadline leaves the dashboard.
    listed = list_deadlines(session, scope=EVERYTHING, as_of=AS_OF, until=on("2027-06-30"))
    assert fee not in {row.id for row in listed.data}


def test_abandon_path(session: Session) -> None:
    fee, _ = _ids(session)
    assert step(session, fee, "instruct_abandon") == "instructed"
    assert get_deadline(session, fee, scope=EVERYTHING, as_of=AS_OF).allowed_actions == ["close"]
    with pytest.raises(InvalidTransition):
        step(session, fee, "pay", receipt_number="x", paid_on="2027-02-01", paid_amount="1")
    assert step(session, fee, "close") == "closed"


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], "pay"),
        ([], "close"),
        (["instruct_pay"], "remind"),
        (["instruct_pay"], "instruct_abandon"),
        (["instruct_pay"], "close"),
        (["instruct_abandon", "close"], "remind"),
    ],
)
def test_invalid_transitions_are_refused_and_change_nothing(
    session: Session, path: list[str], refused: str
) -> None:
    fee, _ = _ids(session)
    for action in path:
        step(session, fee, action)
    before = get_deadline(session, fee, scope=EVERYTHING, as_of=AS_OF)
    fields = (
        {"receipt_number": "r", "paid_on": "2027-02-01", "paid_amount": "1"}
        if refused == "pay"
        else {}
    )
    with pytest.raises(InvalidTransition) as caught:
        step(session, fee, refused, **fields)
    after = get_deadline(session, fee, scope=EVERYTHING, as_of=AS_OF)
    assert (after.state, after.instruction) == (before.state, before.instruction)
    message = caught.value.render(lambda text: gettext(text, "en"))
    assert f"Deadline {fee}" in message and before.state_label in message
    assert caught.value.status == 409


def test_payment_needs_receipt_date_and_amount(session: Session) -> None:
    fee, _ = _ids(session)
    step(session, fee, "instruct_pay")
    for missing in ("receipt_number", "paid_on", "paid_amount"):
        fields = {"receipt_number": "R-1", "paid_on": "2027-02-01", "paid_amount": "2000"}
        del fields[missing]
        with pytest.raises(ValidationError) as caught:
            step(session, fee, "pay", **fields)
        assert caught.value.params["field"] == missing
    assert get_deadline(session, fee, scope=EVERYTHING, as_of=AS_OF).state == "instructed"


def test_informational_dates_have_no_workflow(session: Session) -> None:
    _, term = _ids(session)
    assert get_deadline(session, term, scope=EVERYTHING, as_of=AS_OF).allowed_actions == []
    with pytest.raises(NoWorkflow) as caught:
        step(session, term, "remind")
    assert "information" in caught.value.render(lambda text: gettext(text, "en"))
    assert "仅供参考" in caught.value.render(lambda text: gettext(text, "zh_CN"))
