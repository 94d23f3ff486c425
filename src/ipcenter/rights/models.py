"""The canonical rights model: every importer writes it, every capability reads it.

A patent is one application in one jurisdiction. Its publications, priorities, texts (per language),
parties (per role), classifications, citations and legal events hang off it in child tables.
Legal status is never stored as the truth: it is derived from the legal events and the term as of
any date (see ``rights.status``); ``status_cache`` only speeds up listing today's status.
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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipcenter.core.db import Base


class OrgOwned:
    """Columns every organisation-owned record has: the owner, demo flag and provenance."""

    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class Patent(OrgOwned, Base):
    __tablename__ = "patents"
    __table_args__ = (UniqueConstraint("org_id", "jurisdiction", "application_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction: Mapped[str] = mapped_column(String(2), index=True)
    patent_type: Mapped[str] = mapped_column(String(20), index=True)
    # None when a source gives only publication numbers (Google Patents CSV); such a record is
    # known by its publication numbers, which are unique within an organisation.
    application_number: Mapped[str | None] = mapped_column(String(40), index=True)
    filing_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    publication_date: Mapped[dt.date | None] = mapped_column(Date)
    grant_date: Mapped[dt.date | None] = mapped_column(Date)
    family_id: Mapped[str | None] = mapped_column(String(40), index=True)
    extended_family_id: Mapped[str | None] = mapped_column(String(40))
    # Status on ``status_as_of``; refreshed when a record changes or a new day starts.
    status_cache: Mapped[str | None] = mapped_column(String(20), index=True)
    status_as_of: Mapped[dt.date | None] = mapped_column(Date, index=True)

    publications: Mapped[list[Publication]] = relationship(
        back_populates="patent", cascade="all, delete-orphan", order_by="Publication.seq"
    )
    priorities: Mapped[list[PriorityClaim]] = relationship(
        cascade="all, delete-orphan", order_by="PriorityClaim.seq"
    )
    texts: Mapped[list[PatentText]] = relationship(
        cascade="all, delete-orphan", order_by="(PatentText.kind, PatentText.lang, PatentText.seq)"
    )
    parties: Mapped[list[PatentParty]] = relationship(
        cascade="all, delete-orphan", order_by="(PatentParty.role, PatentParty.seq)"
    )
    classifications: Mapped[list[Classification]] = relationship(
        cascade="all, delete-orphan", order_by="(Classification.scheme, Classification.seq)"
    )
    citations: Mapped[list[Citation]] = relationship(
        cascade="all, delete-orphan", order_by="Citation.seq"
    )
    legal_events: Mapped[list[LegalEvent]] = relationship(
        cascade="all, delete-orphan", order_by="(LegalEvent.event_date, LegalEvent.id)"
    )


class Publication(Base):
    __tablename__ = "patent_publications"
    __table_args__ = (UniqueConstraint("org_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patents.id", ondelete="CASCADE"), index=True)
    # Denormalised owner so a publication number is unique within one organisation's registry.
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), index=True)  # normalised, e.g. US8930553B2
    kind: Mapped[str | None] = mapped_column(String(4))
    publication_date: Mapped[dt.date | None] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer, default=0)

    patent: Mapped[Patent] = relationship(back_populates="publications")


class PriorityClaim(Base):
    __tablename__ = "patent_priorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patents.id", ondelete="CASCADE"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    number: Mapped[str] = mapped_column(String(40))
    priority_date: Mapped[dt.date | None] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer, default=0)


class PatentText(Base):
    """A title, abstract, claim or description in one language (claims: one row per claim)."""

    __tablename__ = "patent_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    lang: Mapped[str] = mapped_column(String(8))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)


class PatentParty(Base):
    """A party in one role on one patent, with the name as written and as normalised."""

    __tablename__ = "patent_parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patents.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(12))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(Text)
    name_normalised: Mapped[str] = mapped_column(Text, index=True)
    country: Mapped[str | None] = mapped_column(String(2))
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    party_type: Mapped[str | None] = mapped_column(String(20))
    uscc: Mapped[str | None] = mapped_column(String(18))


class Classification(Base):
    __tablename__ = "patent_classifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patents.id", ondelete="CASCADE"), index=True)
    scheme: Mapped[str] = mapped_column(String(4))
    symbol: Mapped[str] = mapped_column(String(32), index=True)  # normalised, e.g. "A23C 9/12"
    seq: Mapped[int] = mapped_column(Integer, default=0)


class Citation(Base):
    __tablename__ = "patent_citations"

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patents.id", ondelete="CASCADE"), index=True)
    citation_type: Mapped[str] = mapped_column(String(8))
    number: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(Integer, default=0)


class LegalEvent(Base):
    __tablename__ = "legal_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patents.id", ondelete="CASCADE"), index=True)
    event_date: Mapped[dt.date] = mapped_column(Date, index=True)
    code: Mapped[str] = mapped_column(String(20), index=True)
    text: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)


class Trademark(OrgOwned, Base):
    __tablename__ = "trademarks"

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction: Mapped[str] = mapped_column(String(2), default="CN", index=True)
    mark_text: Mapped[str] = mapped_column(Text)
    transliteration: Mapped[str | None] = mapped_column(Text)
    image_ref: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    registrant_name: Mapped[str] = mapped_column(Text)
    registrant_name_normalised: Mapped[str] = mapped_column(Text, index=True)
    registrant_country: Mapped[str | None] = mapped_column(String(2))
    registrant_region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    registrant_party_type: Mapped[str | None] = mapped_column(String(20))
    application_number: Mapped[str | None] = mapped_column(String(40))
    registration_number: Mapped[str | None] = mapped_column(String(40), index=True)
    application_date: Mapped[dt.date | None] = mapped_column(Date)
    registration_date: Mapped[dt.date | None] = mapped_column(Date)
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), index=True)

    classes: Mapped[list[TrademarkClass]] = relationship(
        cascade="all, delete-orphan", order_by="TrademarkClass.nice_class"
    )


class TrademarkClass(Base):
    __tablename__ = "trademark_classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    trademark_id: Mapped[int] = mapped_column(
        ForeignKey("trademarks.id", ondelete="CASCADE"), index=True
    )
    nice_class: Mapped[int] = mapped_column(Integer)
    items: Mapped[list[str]] = mapped_column(JSON, default=list)


class GeographicalIndication(OrgOwned, Base):
    __tablename__ = "geographical_indications"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_name: Mapped[str] = mapped_column(Text)
    product_name_en: Mapped[str | None] = mapped_column(Text)
    regime: Mapped[str] = mapped_column(String(12), index=True)
    protected_area: Mapped[str | None] = mapped_column(Text)
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    standard: Mapped[str | None] = mapped_column(Text)
    protecting_body: Mapped[str | None] = mapped_column(Text)
    authorised_users: Mapped[list[str]] = mapped_column(JSON, default=list)
    approval_date: Mapped[dt.date | None] = mapped_column(Date)
    approval_ref: Mapped[str | None] = mapped_column(Text)
