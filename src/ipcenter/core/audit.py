"""The append-only audit log: who did what, when, to which record, with before/after values.

Rows are only ever inserted. The migration adds database triggers that refuse UPDATE and DELETE on
``audit_events`` on both SQLite and PostgreSQL, so not even a stray SQL statement rewrites history.
Actions are kebab-case event names (``user-created``, ``demo-loaded``, ``user-logged-in``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ipcenter.core.db import Base
from ipcenter.core.scoping import OrgScope, scoped


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(80))  # username, or "cli"/"system"
    # The organisation the event belongs to (scoping); None for system-wide events.
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    detail: Mapped[str | None] = mapped_column(Text)


def record(
    session: Session,
    action: str,
    *,
    actor: str,
    org_id: int | None = None,
    entity_type: str | None = None,
    entity_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (so it lands or vanishes with the change)."""
    event = AuditEvent(
        actor=actor,
        org_id=org_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before=before,
        after=after,
        detail=detail,
    )
    session.add(event)
    return event


def list_events(session: Session, *, scope: OrgScope, limit: int = 200) -> list[AuditEvent]:
    statement = scoped(select(AuditEvent), AuditEvent, scope).order_by(AuditEvent.id.desc())
    return list(session.scalars(statement.limit(limit)))
