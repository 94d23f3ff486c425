"""Grant dates told by grant publications, and source status labels as REPORTED-* events, for the
records stored before either was derived at import (a re-import of an unchanged file is skipped,
so it would never add them).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import op

from ipcenter.ingest.reported_status import is_granted, reported_code, reported_event
from ipcenter.rights import REPORTED_PREFIX, is_grant_publication

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The columns this step reads and writes, spelled out: the models may change after this revision.
patents = sa.table(
    "patents",
    sa.column("id", sa.Integer),
    sa.column("grant_date", sa.Date),
    sa.column("extra", sa.JSON),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
publications = sa.table(
    "patent_publications",
    sa.column("patent_id", sa.Integer),
    sa.column("number", sa.String),
    sa.column("kind", sa.String),
    sa.column("publication_date", sa.Date),
)
events = sa.table(
    "legal_events",
    sa.column("patent_id", sa.Integer),
    sa.column("event_date", sa.Date),
    sa.column("code", sa.String),
    sa.column("text", sa.Text),
    sa.column("source", sa.Text),
)
CHUNK = 2000


def upgrade() -> None:
    connection = op.get_bind()
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC)
    last = 0
    while True:
        rows = connection.execute(
            sa.select(patents.c.id, patents.c.grant_date, patents.c.extra)
            .where(patents.c.id > last)
            .order_by(patents.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        pubs: dict[int, list[Any]] = {}
        for pub in connection.execute(
            sa.select(publications).where(publications.c.patent_id.in_(ids))
        ):
            pubs.setdefault(pub.patent_id, []).append(pub)
        reported = set(
            connection.scalars(
                sa.select(events.c.patent_id).where(
                    events.c.patent_id.in_(ids), events.c.code.like(f"{REPORTED_PREFIX}%")
                )
            )
        )
        new_events = []
        for row in rows:
            grant_date = row.grant_date or _grant_date(pubs.get(row.id, []))
            if grant_date != row.grant_date:
                connection.execute(
                    sa.update(patents)
                    .where(patents.c.id == row.id)
                    .values(grant_date=grant_date, updated_at=now)
                )
            extra = row.extra if isinstance(row.extra, dict) else {}
            parts = [(p.number, p.kind, p.publication_date) for p in pubs.get(row.id, [])]
            granted = is_granted(grant_date, extra, parts)
            found = None if row.id in reported else reported_code(extra, granted=granted)
            if found is not None:
                event = reported_event(*found, today)
                new_events.append(
                    {
                        "patent_id": row.id,
                        "event_date": event.date,
                        "code": event.code,
                        "text": event.text,
                        "source": event.source,
                    }
                )
        if new_events:
            connection.execute(sa.insert(events), new_events)
        last = ids[-1]


def _grant_date(pubs: list[Any]) -> dt.date | None:
    dates = [
        p.publication_date
        for p in pubs
        if p.publication_date is not None
        and is_grant_publication(p.number[:2], p.kind, on=p.publication_date)
    ]
    return min(dates, default=None)


def downgrade() -> None:
    # Derived values only: the grant dates and events are kept (removing them loses nothing a
    # re-derivation would not give back, but nothing tells derived from imported ones apart).
    pass
