"""Tables of the ingest capability (registered on ``Base.metadata`` for the migrations).

An import run reads one or more files for one organisation; each file has its own counts. Every
record a file inserts or changes leaves a provenance row (which file, which line, when), so a
record's history of sources survives later updates. Records that cannot be stored go to the
quarantine with their raw text and the reason, never silently dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipcenter.core.db import Base


class ImportRun(Base):
    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    actor: Mapped[str] = mapped_column(String(80))
    requested_format: Mapped[str] = mapped_column(String(20), default="auto")
    # running → finished (every file read) | failed (a file could not be read at all)
    status: Mapped[str] = mapped_column(String(12), default="running", index=True)
    started_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # When the last batch was stored: a run "running" without progress for long was interrupted.
    progress_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    read: Mapped[int] = mapped_column(Integer, default=0)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[int] = mapped_column(Integer, default=0)

    files: Mapped[list[ImportFile]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="ImportFile.id"
    )


class ImportFile(Base):
    __tablename__ = "import_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("import_runs.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    path: Mapped[str] = mapped_column(Text)  # the file given, or the archive holding it
    member: Mapped[str | None] = mapped_column(Text)  # the name inside a zip archive
    format: Mapped[str | None] = mapped_column(String(20))
    # running → finished | failed (unknown format, unreadable) | skipped (a companion file)
    status: Mapped[str] = mapped_column(String(12), default="running")
    error: Mapped[str | None] = mapped_column(Text)  # msgid, filled from error_params
    error_params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    bytes_total: Mapped[int | None] = mapped_column(Integer)
    bytes_read: Mapped[int] = mapped_column(Integer, default=0)
    read: Mapped[int] = mapped_column(Integer, default=0)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[int] = mapped_column(Integer, default=0)

    run: Mapped[ImportRun] = relationship(back_populates="files")


class QuarantinedRecord(Base):
    """A record that could not be stored: its raw text, where it stood, and why."""

    __tablename__ = "import_quarantine"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("import_runs.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(
        ForeignKey("import_files.id", ondelete="CASCADE"), index=True
    )
    file: Mapped[str] = mapped_column(Text)
    member: Mapped[str | None] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)
    row: Mapped[int | None] = mapped_column(Integer)
    record_index: Mapped[int] = mapped_column(Integer)
    raw: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)  # an English msgid, translated on display
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    field: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class RecordProvenance(Base):
    """One file's touch on one stored patent: inserted it, updated it, or added legal events."""

    __tablename__ = "record_provenance"

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patents.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("import_runs.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(ForeignKey("import_files.id", ondelete="CASCADE"))
    file: Mapped[str] = mapped_column(Text)
    member: Mapped[str | None] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)
    row: Mapped[int | None] = mapped_column(Integer)
    record_index: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(10))  # inserted | updated | events
    # Digest of the incoming record (not set for events): the same record again is unchanged.
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
