"""Controlled vocabularies of the canonical model: right types, statuses, party roles and types."""

from __future__ import annotations

from enum import StrEnum


class PatentType(StrEnum):
    INVENTION = "invention"
    UTILITY_MODEL = "utility_model"
    DESIGN = "design"
    PLANT = "plant"


class RightStatus(StrEnum):
    """Legal status of a right on a given date (derived from its legal events and term)."""

    PENDING = "pending"
    IN_FORCE = "in_force"
    LAPSED = "lapsed"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    REFUSED = "refused"
    INVALIDATED = "invalidated"


class PartyRole(StrEnum):
    APPLICANT = "applicant"
    OWNER = "owner"
    INVENTOR = "inventor"
    AGENT = "agent"


class PartyType(StrEnum):
    ENTERPRISE = "enterprise"
    UNIVERSITY = "university"
    RESEARCH_INSTITUTE = "research_institute"
    PUBLIC_BODY = "public_body"
    INDIVIDUAL = "individual"


class ClassificationScheme(StrEnum):
    IPC = "ipc"
    CPC = "cpc"


class CitationType(StrEnum):
    PATENT = "patent"
    NPL = "npl"


class TextKind(StrEnum):
    TITLE = "title"
    ABSTRACT = "abstract"
    CLAIM = "claim"
    DESCRIPTION = "description"


class TrademarkKind(StrEnum):
    ORDINARY = "ordinary"
    COLLECTIVE = "collective"
    CERTIFICATION = "certification"


class GiRegime(StrEnum):
    """China protects geographical indications under two regimes, counted separately."""

    GI_PRODUCT = "gi_product"  # 地理标志产品
    GI_MARK = "gi_mark"  # 地理标志集体商标 / 证明商标
