"""Tables of the stats capability: user-maintained reference lists that the indicator SQL joins.

Both are centre-wide reference data (like the shipped tables under ``data/stats/``), not an
organisation's records: an uploaded SEI concordance replaces the shipped partial one, and the
award list adds patents that won a national science award or a China Patent Award.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from ipcenter.core.db import Base
from ipcenter.rights import LegalEvent


class SeiRule(Base):
    """A row of an uploaded 战略性新兴产业 ↔ IPC concordance (as data/stats/sei_concordance.csv)."""

    __tablename__ = "stats_sei_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    sector_code: Mapped[str] = mapped_column(String(12))
    sector_zh: Mapped[str] = mapped_column(Text)
    ipc_prefix: Mapped[str] = mapped_column(String(32), index=True)
    keyword: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class AwardedPatent(Base):
    """A patent (by CN application number) that won a national S&T award or China Patent Award."""

    __tablename__ = "stats_awarded_patents"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_number: Mapped[str] = mapped_column(String(40), index=True, unique=True)
    award: Mapped[str] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)


# The snapshot SQL ranks each patent's status events and parties; these indexes (created by
# migration 0005 on the rights tables) let the database read them in order per patent.
_events = LegalEvent.__table__
_parties = Base.metadata.tables["patent_parties"]
Index("ix_stats_legal_events_patent_date", _events.c.patent_id, _events.c.event_date)
Index("ix_stats_patent_parties_patent_role", _parties.c.patent_id, _parties.c.role)
