"""Tables of the stats capability: user-maintained reference lists that the indicator SQL joins.

Both are centre-wide reference data (like the shipped tables under ``data/stats/``), not an
organisation's records: an uploaded SEI concordance replaces the shipped partial one, and the
award list adds patents that won a national science award or a China Patent Award.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text, func
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


class PatentFact(Base):
    """Per patent, the attribution facts the indicators group and filter by (derived; rebuilt by
    ``stats.refresh_facts`` from the registry, never edited)."""

    __tablename__ = "stats_patent_facts"

    patent_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    org_id: Mapped[int] = mapped_column(Integer)
    jurisdiction: Mapped[str] = mapped_column(String(2))
    patent_type: Mapped[str] = mapped_column(String(20))
    # Counted once however many organisations' registries hold it: jurisdiction:application no.
    patent_key: Mapped[str] = mapped_column(String(48))
    application_number: Mapped[str | None] = mapped_column(String(40), index=True)
    family_id: Mapped[str | None] = mapped_column(String(40))
    filing_date: Mapped[dt.date | None] = mapped_column(Date)
    grant_date: Mapped[dt.date | None] = mapped_column(Date)
    # The first patentee (first owner; first applicant when no owner is recorded).
    country: Mapped[str | None] = mapped_column(String(2))
    region_code: Mapped[str | None] = mapped_column(String(6))
    province: Mapped[str | None] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(4))
    county: Mapped[str | None] = mapped_column(String(6))
    domestic: Mapped[bool] = mapped_column(Boolean)
    applicant_type: Mapped[str] = mapped_column(String(20))
    service: Mapped[str] = mapped_column(String(12))  # service (职务), non_service, unknown
    sei: Mapped[int] = mapped_column(Integer)  # strategic emerging industry (export or concordance)


class InForceInterval(Base):
    """A period [valid_from, valid_to) in which a patent is in force (valid_to NULL: still is)."""

    __tablename__ = "stats_patent_in_force"

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)


class FactRefresh(Base):
    """The registry watermark the facts were last built from (one row)."""

    __tablename__ = "stats_fact_refresh"

    id: Mapped[int] = mapped_column(primary_key=True)
    watermark: Mapped[str] = mapped_column(Text)
    refreshed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    patents: Mapped[int] = mapped_column(Integer)
    intervals: Mapped[int] = mapped_column(Integer)


_facts = PatentFact.__table__
_intervals = InForceInterval.__table__
# The indicator scans: facts filtered by kind and grouped by region, intervals joined by patent.
Index(
    "ix_stats_patent_facts_kind",
    _facts.c.jurisdiction,
    _facts.c.patent_type,
    _facts.c.domestic,
    _facts.c.province,
)
Index("ix_stats_patent_facts_family", _facts.c.family_id)
Index("ix_stats_patent_in_force_patent", _intervals.c.patent_id, _intervals.c.valid_from)
Index("ix_stats_patent_in_force_dates", _intervals.c.valid_from, _intervals.c.valid_to)
Index("ix_stats_patents_updated_at", Base.metadata.tables["patents"].c.updated_at)
