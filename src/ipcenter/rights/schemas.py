"""Pydantic shapes of rights records: what the CLI prints, the API returns and pages render."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class PartyPublic(BaseModel):
    role: str
    name: str
    name_normalised: str
    country: str | None = None
    region_code: str | None = None
    party_type: str | None = None
    uscc: str | None = None


class PriorityPublic(BaseModel):
    country: str
    number: str
    date: dt.date | None = None


class PublicationPublic(BaseModel):
    number: str
    kind: str | None = None
    date: dt.date | None = None


class CitationPublic(BaseModel):
    type: Literal["patent", "npl"]
    number: str | None = None
    text: str | None = None
    category: str | None = None


class LegalEventPublic(BaseModel):
    date: dt.date
    code: str
    text: str | None = None
    effect: str | None = None
    source: str | None = None


class PatentSummary(BaseModel):
    """One row of the registry list."""

    id: int
    publication_number: str | None
    jurisdiction: str
    type: str
    application_number: str | None
    filing_date: dt.date | None
    grant_date: dt.date | None
    title: str | None
    applicants: list[str]
    ipc_main: str | None
    status: str | None
    is_demo: bool


class PatentPublic(BaseModel):
    """The canonical record, as ``ipcenter patents show --json`` prints it."""

    id: int
    publication_number: str | None
    kind: str | None
    jurisdiction: str
    type: str
    application_number: str | None
    filing_date: dt.date | None
    publication_date: dt.date | None
    grant_date: dt.date | None
    publications: list[PublicationPublic]
    priority_claims: list[PriorityPublic]
    title: str | None
    titles: dict[str, str]
    abstract: str | None
    abstracts: dict[str, str]
    claims: list[str]
    claims_by_language: dict[str, list[str]]
    applicants: list[str]
    owners: list[str]
    inventors: list[str]
    agents: list[str]
    parties: list[PartyPublic]
    ipc: list[str]
    cpc: list[str]
    citations: list[CitationPublic]
    family_id: str | None
    legal_events: list[LegalEventPublic]
    status: str | None
    status_as_of: dt.date
    expiry_date: dt.date | None
    last_day_in_force: dt.date | None
    is_demo: bool
    demo_fields: list[str] = Field(default_factory=list)
    source: str | None
    org_id: int


class PatentList(BaseModel):
    data: list[PatentSummary]
    count: int
    page: int
    page_size: int


class TrademarkClassPublic(BaseModel):
    nice_class: int
    items: list[str]


class TrademarkPublic(BaseModel):
    id: int
    jurisdiction: str
    mark_text: str
    transliteration: str | None
    kind: str
    nice_classes: list[TrademarkClassPublic]
    registrant_name: str
    registrant_region_code: str | None
    application_number: str | None
    registration_number: str | None
    application_date: dt.date | None
    registration_date: dt.date | None
    expiry_date: dt.date | None
    status: str
    is_demo: bool
    demo_fields: list[str] = Field(default_factory=list)
    source: str | None


class GeographicalIndicationPublic(BaseModel):
    id: int
    product_name: str
    product_name_en: str | None
    regime: str
    protected_area: str | None
    region_code: str | None
    standard: str | None
    protecting_body: str | None
    authorised_users: list[str] = Field(default_factory=list)
    approval_date: dt.date | None
    approval_ref: str | None
    is_demo: bool
    demo_fields: list[str] = Field(default_factory=list)
    source: str | None


class TrademarkList(BaseModel):
    data: list[TrademarkPublic]
    count: int


class GeographicalIndicationList(BaseModel):
    data: list[GeographicalIndicationPublic]
    count: int
