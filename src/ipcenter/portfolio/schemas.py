"""Public shapes of stored deadlines: one model behind the CLI's --json, the API and the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ipcenter.portfolio.types import Money


class DeadlinePublic(BaseModel):
    """A stored deadline with the right it belongs to and where its workflow stands.

    ``bucket`` places it relative to ``as_of``: ``overdue`` (due date passed, not settled),
    ``due_30``, ``due_90`` or ``later``; ``in_grace`` when it is overdue but still payable
    (with surcharge), ``missed`` when even the grace period has passed.
    """

    id: int
    org_id: int
    org_name: str
    right_type: str  # patent | trademark
    right_id: int
    right_kind: str
    right_number: str
    right_title: str | None
    key: str
    kind: str
    kind_label: str
    jurisdiction: str
    due_date: dt.date
    window_opens: dt.date | None
    grace_end: dt.date | None
    year: int | None
    full_fee: Money | None
    payable_fee: Money | None
    currency: str | None
    loses_right: bool
    state: str
    state_label: str
    instruction: str | None
    receipt_number: str | None
    paid_on: dt.date | None
    paid_amount: Money | None
    bucket: str
    days_left: int
    in_grace: bool
    missed: bool
    informational: bool
    retired: bool
    is_demo: bool


class SkippedRight(BaseModel):
    """A right whose stored facts the engine cannot read: no deadline of it is (re)computed."""

    right_type: str
    right_id: int
    org_id: int
    right_number: str
    field: str | None
    reason: str


class DeadlineList(BaseModel):
    data: list[DeadlinePublic]
    count: int
    as_of: dt.date
    until: dt.date
    buckets: dict[str, int]
    # Rights whose deadlines could not be computed (unreadable facts), with the reason.
    skipped: list[SkippedRight] = []


class ReminderPublic(BaseModel):
    sent_to: str
    sent_at: dt.datetime
    channel: str
    language: str | None
    subject: str | None
    actor: str


class DeadlineDetail(DeadlinePublic):
    """A deadline with its explanation (rule, trigger, arithmetic, sources) and history."""

    explanation: dict[str, Any]
    generated_at: dt.datetime
    allowed_actions: list[str]
    reminders: list[ReminderPublic]


class ForecastRow(BaseModel):
    year: int
    currency: str
    kind: str
    kind_label: str
    amount: Money
    count: int


class ForecastTotal(BaseModel):
    year: int
    currency: str
    amount: Money


class Forecast(BaseModel):
    """Fees expected per calendar year, per currency and deadline kind (open deadlines only)."""

    as_of: dt.date
    years: list[int]
    rows: list[ForecastRow]
    totals: list[ForecastTotal]
    currencies: list[str]
    skipped: list[SkippedRight] = []

    def amount(self, year: int, currency: str, kind: str) -> Decimal:
        for row in self.rows:
            if (row.year, row.currency, row.kind) == (year, currency, kind):
                return row.amount
        return Decimal(0)
