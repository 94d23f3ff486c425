"""The audit log is append-only in the database itself, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ipcenter.core import audit
from ipcenter.core.scoping import OrgScope


def test_events_are_recorded_and_listed(session: Session) -> None:
    audit.record(session, "thing-happened", actor="tester", after={"a": 1})
    session.commit()
    events = audit.list_events(session, scope=OrgScope.everything())
    assert [(e.action, e.actor, e.after) for e in events] == [
        ("thing-happened", "tester", {"a": 1})
    ]


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_events SET actor = 'forger'", "DELETE FROM audit_events"],
)
def test_history_cannot_be_rewritten(engine: Engine, session: Session, statement: str) -> None:
    audit.record(session, "thing-happened", actor="tester")
    session.commit()
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT actor FROM audit_events")).scalars().all() == ["tester"]
