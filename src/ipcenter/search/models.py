"""Tables of the search capability (registered on ``Base.metadata`` for the migrations).

The index itself lives in files (``search.index``); the database keeps what must survive a lost
index directory and what ties the index to the registry:

* ``search_indexed``: one row per indexed document with the digest of the text and metadata it
  was indexed from, so a reindex writes only what changed and is idempotent;
* ``search_runs``: each reindex (the watermark it reached, its counts, the embedding job);
* ``search_documents``: documents added beside patents (non-patent literature, internal
  invention disclosures);
* ``saved_searches`` / ``search_alerts``: searches kept by a user, re-run after each reindex, with
  an alert listing the documents that newly match;
* ``search_feedback``: relevant / irrelevant marks, per saved search or per browser session.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from ipcenter.core.db import Base


class IndexedDocument(Base):
    """What the index holds for one document, as of its last indexing."""

    __tablename__ = "search_indexed"

    doc_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    org_id: Mapped[int | None] = mapped_column(Integer, index=True)
    digest: Mapped[str] = mapped_column(String(64))
    indexed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class IndexRun(Base):
    """One reindex: lexical step at once, dense embedding as a resumable job afterwards."""

    __tablename__ = "search_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    full: Mapped[bool] = mapped_column(Boolean, default=False)
    actor: Mapped[str] = mapped_column(String(80), default="cli")
    # running → finished | failed; embedding: none | pending | running | finished | failed
    status: Mapped[str] = mapped_column(String(12), default="running", index=True)
    embedding: Mapped[str] = mapped_column(String(12), default="none")
    started_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Registry rows changed at or after this moment are looked at by the next incremental run.
    watermark: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    seen: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    embedded: Mapped[int] = mapped_column(Integer, default=0)
    pending: Mapped[int] = mapped_column(Integer, default=0)
    alerts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)


class AddedDocument(Base):
    """A non-patent text searchable beside patents (``add-documents``)."""

    __tablename__ = "search_documents"
    __table_args__ = (UniqueConstraint("org_id", "kind", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)  # npl | internal
    external_id: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    doc_date: Mapped[dt.date | None] = mapped_column(Date)
    lang: Mapped[str | None] = mapped_column(String(8))
    source: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class SavedSearch(Base):
    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    alert: Mapped[bool] = mapped_column(Boolean, default=True)
    # Ids of the documents the last run returned: the next run's new matches are the others.
    last_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    last_run_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class SearchAlert(Base):
    """Documents that newly matched a saved search when it was re-run."""

    __tablename__ = "search_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(
        ForeignKey("saved_searches.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    doc_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class FeedbackMark(Base):
    """A relevant / irrelevant mark on one document, for a saved search or a session."""

    __tablename__ = "search_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    saved_search_id: Mapped[int | None] = mapped_column(
        ForeignKey("saved_searches.id", ondelete="CASCADE"), index=True
    )
    session_key: Mapped[str | None] = mapped_column(String(64), index=True)
    doc_id: Mapped[str] = mapped_column(String(80))
    relevant: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
