"""Tables of the portfolio capability (registered on ``Base.metadata`` for the migrations).

``portfolio_deadlines`` keeps what the rule engine computed for each right, keyed by the engine's
stable deadline key, plus the renewal workflow state of that deadline. Regeneration upserts by
(right, key), so a recomputed deadline keeps its id and its workflow; one the engine stops
producing (a lapse, a withdrawal) is *retired*, not deleted, and comes back with its history when
the engine produces it again (a restoration). ``portfolio_right_syncs`` remembers, per right, the
fingerprint of the facts the stored deadlines were computed from, so a read can tell cheaply
which rights changed since. ``portfolio_reminders`` logs every reminder sent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from ipcenter.core.db import Base

MONEY = Numeric(14, 2)


class StoredDeadline(Base):
    """One deadline of one right, as the engine computed it, and where its workflow stands.

    ``right_type`` names the table (``patent`` or ``trademark``) and ``right_id`` the row;
    ``right_kind`` is the engine's kind (``invention`` … ``trademark``).
    """

    __tablename__ = "portfolio_deadlines"
    __table_args__ = (UniqueConstraint("right_type", "right_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    right_type: Mapped[str] = mapped_column(String(12))
    right_id: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    right_kind: Mapped[str] = mapped_column(String(20))
    jurisdiction: Mapped[str] = mapped_column(String(2))
    due_date: Mapped[dt.date] = mapped_column(Date, index=True)
    window_opens: Mapped[dt.date | None] = mapped_column(Date)
    grace_end: Mapped[dt.date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer)
    full_fee: Mapped[Decimal | None] = mapped_column(MONEY)
    payable_fee: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str | None] = mapped_column(String(3))
    loses_right: Mapped[bool] = mapped_column(Boolean, default=False)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON)
    generated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # Set when the engine no longer produces this deadline (lapse, withdrawal …).
    retired_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Renewal workflow: open → reminded → instructed (pay | abandon) → paid → closed.
    state: Mapped[str] = mapped_column(String(12), default="open", index=True)
    instruction: Mapped[str | None] = mapped_column(String(8))
    receipt_number: Mapped[str | None] = mapped_column(String(80))
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
    paid_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    state_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class RightSync(Base):
    """The facts fingerprint a right's stored deadlines were last computed from."""

    __tablename__ = "portfolio_right_syncs"
    __table_args__ = (UniqueConstraint("right_type", "right_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    right_type: Mapped[str] = mapped_column(String(12))
    right_id: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    as_of: Mapped[dt.date] = mapped_column(Date)
    generated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Reminder(Base):
    """A reminder about one deadline: to whom, when, how."""

    __tablename__ = "portfolio_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(
        ForeignKey("portfolio_deadlines.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    sent_to: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    channel: Mapped[str] = mapped_column(String(12))  # email | manual
    language: Mapped[str | None] = mapped_column(String(8))
    subject: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(80))
