"""The renewal workflow of a stored deadline, every step audited.

    open ──remind──▶ reminded ──instruct (pay | abandon)──▶ instructed
      │                 ▲  │remind                             │
      └──instruct───────┼──┘                 pay (receipt) ◀───┤ instruction pay
                        │                        │             │
                        │                      paid ──close──▶ closed ◀──close── (abandon)

A step that does not start from the state it needs is refused with :class:`InvalidTransition`
(nothing changes). Deadlines that are only dates to know (end of term, end of the Madrid
dependency) and deadlines the engine no longer produces take no steps.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from ipcenter.core import audit
from ipcenter.core.errors import IpcenterError, ValidationError
from ipcenter.core.i18n import N_
from ipcenter.portfolio.labels import action_label, state_label
from ipcenter.portfolio.models import Reminder, StoredDeadline

Action = Literal["remind", "instruct_pay", "instruct_abandon", "pay", "close"]
ACTIONS: tuple[str, ...] = ("remind", "instruct_pay", "instruct_abandon", "pay", "close")
# Dates to know, not acts: they have no workflow.
INFORMATIONAL_KINDS = frozenset({"term_expiry", "madrid_dependency_end"})
FINISHED_STATES = frozenset({"paid", "closed"})


class InvalidTransition(IpcenterError):
    key = "portfolio.invalid_transition"
    status = 409
    message = N_("Deadline {deadline_id}: cannot “{action}” while it is “{state}”.")


class NoWorkflow(IpcenterError):
    key = "portfolio.no_workflow"
    status = 409
    message = N_("Deadline {deadline_id}: {reason}")


class TransitionIn(BaseModel):
    """One workflow step; ``pay`` needs the receipt number, the payment date and the amount."""

    model_config = ConfigDict(extra="forbid")

    action: Action
    receipt_number: str | None = Field(default=None, max_length=80)
    paid_on: dt.date | None = None
    paid_amount: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    # Who was reminded and how, for a reminder given outside ipcenter's e-mail (phone, letter).
    reminded_whom: str | None = Field(default=None, max_length=200)


def allowed_actions(deadline: StoredDeadline) -> list[str]:
    """The steps the deadline can take now (empty for informational or retired deadlines)."""
    if deadline.kind in INFORMATIONAL_KINDS or deadline.retired_at is not None:
        return []
    state, instruction = deadline.state, deadline.instruction
    if state in ("open", "reminded"):
        return ["remind", "instruct_pay", "instruct_abandon"]
    if state == "instructed":
        return ["pay"] if instruction == "pay" else ["close"]
    if state == "paid":
        return ["close"]
    return []


def apply_transition(
    session: Session, deadline: StoredDeadline, step: TransitionIn, *, actor: str
) -> StoredDeadline:
    """Move ``deadline`` one step along the workflow and audit it, or refuse."""
    if deadline.kind in INFORMATIONAL_KINDS:
        raise NoWorkflow(
            deadline_id=deadline.id, reason=N_("this date is for information; it has no workflow")
        )
    if deadline.retired_at is not None:
        raise NoWorkflow(
            deadline_id=deadline.id,
            reason=N_("the rules no longer produce this deadline for the right as it stands now"),
        )
    if step.action not in allowed_actions(deadline):
        raise InvalidTransition(
            deadline_id=deadline.id,
            action=action_label(step.action),
            state=state_label(deadline.state),
        )
    before = _snapshot(deadline)
    if step.action == "remind":
        deadline.state = "reminded"
        session.add(
            Reminder(
                deadline_id=deadline.id,
                org_id=deadline.org_id,
                sent_to=(step.reminded_whom or "").strip() or actor,
                channel="manual",
                actor=actor,
            )
        )
    elif step.action in ("instruct_pay", "instruct_abandon"):
        deadline.state = "instructed"
        deadline.instruction = "pay" if step.action == "instruct_pay" else "abandon"
    elif step.action == "pay":
        _record_payment(deadline, step)
    else:
        deadline.state = "closed"
    deadline.state_changed_at = dt.datetime.now(dt.UTC)
    audit.record(
        session,
        f"deadline-{step.action.replace('_', '-')}",
        actor=actor,
        org_id=deadline.org_id,
        entity_type="portfolio_deadline",
        entity_id=deadline.id,
        before=before,
        after=_snapshot(deadline),
    )
    session.flush()
    return deadline


def mark_reminded(session: Session, deadline: StoredDeadline, *, actor: str) -> None:
    """The state change of an e-mail reminder (the caller logs the reminder itself)."""
    if deadline.state not in ("open", "reminded"):
        return
    before = _snapshot(deadline)
    deadline.state = "reminded"
    deadline.state_changed_at = dt.datetime.now(dt.UTC)
    audit.record(
        session,
        "deadline-remind",
        actor=actor,
        org_id=deadline.org_id,
        entity_type="portfolio_deadline",
        entity_id=deadline.id,
        before=before,
        after=_snapshot(deadline),
        detail="email",
    )


def _record_payment(deadline: StoredDeadline, step: TransitionIn) -> None:
    receipt = (step.receipt_number or "").strip()
    if not receipt:
        raise ValidationError(field="receipt_number", reason=N_("is required"))
    if step.paid_on is None:
        raise ValidationError(field="paid_on", reason=N_("is required"))
    if step.paid_amount is None:
        raise ValidationError(field="paid_amount", reason=N_("is required"))
    deadline.state = "paid"
    deadline.receipt_number = receipt
    deadline.paid_on = step.paid_on
    deadline.paid_amount = step.paid_amount


def _snapshot(deadline: StoredDeadline) -> dict[str, Any]:
    return {
        "state": deadline.state,
        "instruction": deadline.instruction,
        "receipt_number": deadline.receipt_number,
        "paid_on": deadline.paid_on.isoformat() if deadline.paid_on else None,
        "paid_amount": str(deadline.paid_amount) if deadline.paid_amount is not None else None,
    }
