"""Writing canonical records: validated input models in, normalised rows out.

The demo loader uses this today and every importer will: numbers are normalised here, names and
classification symbols too, so nothing downstream sees a raw spelling it has to clean again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.rights.kinds import patent_type_for_publication
from ipcenter.rights.models import (
    Citation,
    Classification,
    GeographicalIndication,
    LegalEvent,
    Patent,
    PatentParty,
    PatentText,
    PriorityClaim,
    Publication,
    Trademark,
    TrademarkClass,
)
from ipcenter.rights.names import normalise_classification, normalise_party_name
from ipcenter.rights.numbers import (
    PublicationNumber,
    normalise_us_application_number,
    parse_cn_application_number,
    parse_publication_number,
)
from ipcenter.rights.queries import patent_status_on
from ipcenter.rights.vocab import (
    ClassificationScheme,
    GiRegime,
    PartyRole,
    PartyType,
    PatentType,
    RightStatus,
    TextKind,
    TrademarkKind,
)


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PublicationIn(_Input):
    number: str
    date: dt.date | None = None


class PriorityIn(_Input):
    country: str = Field(pattern=r"^[A-Z]{2}$")
    number: str
    date: dt.date | None = None


class PartyIn(_Input):
    role: PartyRole
    name: str = Field(min_length=1)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$")
    party_type: PartyType | None = None
    uscc: str | None = Field(default=None, pattern=r"^[0-9A-HJ-NPQRTUWXY]{18}$")


class CitationIn(_Input):
    type: Literal["patent", "npl"]
    number: str | None = None
    text: str | None = None
    category: str | None = None


class LegalEventIn(_Input):
    date: dt.date
    code: str = Field(min_length=1)
    text: str | None = None
    source: str | None = None


class PatentIn(_Input):
    jurisdiction: str = Field(pattern=r"^[A-Z]{2}$")
    type: PatentType | None = None  # derived from the numbers and kind codes when absent
    # Some exports (Google Patents CSV) carry only publication numbers.
    application_number: str | None = None
    filing_date: dt.date | None = None
    publications: list[PublicationIn] = Field(default_factory=list)
    grant_date: dt.date | None = None
    priorities: list[PriorityIn] = Field(default_factory=list)
    titles: dict[str, str] = Field(default_factory=dict)
    abstracts: dict[str, str] = Field(default_factory=dict)
    claims: dict[str, list[str]] = Field(default_factory=dict)
    parties: list[PartyIn] = Field(default_factory=list)
    ipc: list[str] = Field(default_factory=list)
    cpc: list[str] = Field(default_factory=list)
    citations: list[CitationIn] = Field(default_factory=list)
    family_id: str | None = None
    legal_events: list[LegalEventIn] = Field(default_factory=list)
    demo: bool = False
    demo_fields: list[str] = Field(default_factory=list)
    source: str | None = None
    # Source columns no mapping knows, kept verbatim (never dropped), and reader-specific facts
    # such as the strategic-emerging-industry class an export gives.
    extra: dict[str, Any] = Field(default_factory=dict)


class ClassItemsIn(_Input):
    nice_class: int = Field(alias="class", ge=1, le=45)
    items: list[str] = Field(default_factory=list)


class RegistrantIn(_Input):
    name: str = Field(min_length=1)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$")
    party_type: PartyType | None = None


class TrademarkIn(_Input):
    jurisdiction: str = Field(default="CN", pattern=r"^[A-Z]{2}$")
    mark_text: str = Field(min_length=1)
    transliteration: str | None = None
    image_ref: str | None = None
    kind: TrademarkKind
    nice_classes: list[ClassItemsIn]
    registrant: RegistrantIn
    application_number: str | None = None
    registration_number: str | None = None
    application_date: dt.date | None = None
    registration_date: dt.date | None = None
    expiry_date: dt.date | None = None
    status: RightStatus
    demo: bool = False
    demo_fields: list[str] = Field(default_factory=list)
    source: str | None = None


class GeographicalIndicationIn(_Input):
    product_name: str = Field(min_length=1)
    product_name_en: str | None = None
    regime: GiRegime
    protected_area: str | None = None
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$")
    standard: str | None = None
    protecting_body: str | None = None
    authorised_users: list[str] = Field(default_factory=list)
    approval_date: dt.date | None = None
    approval_ref: str | None = None
    demo: bool = False
    demo_fields: list[str] = Field(default_factory=list)
    source: str | None = None


def _read_application_number(data: PatentIn) -> tuple[str, PatentType | None]:
    """The stored spelling of the application number (CN with its check digit: 202310104843.5)
    and, for CN, the patent type its type digit fixes."""
    if not data.application_number:
        raise ValidationError(field="application_number", reason=N_("is required"))
    if data.jurisdiction == "CN":
        number = parse_cn_application_number(data.application_number)
        return number.formatted, number.patent_type
    if data.jurisdiction == "US":
        return normalise_us_application_number(data.application_number), None
    return data.application_number.replace(" ", "").upper(), None


def add_patent(session: Session, data: PatentIn, *, org_id: int) -> Patent:
    """Insert one patent with all its parts; raises ValidationError naming the bad field."""
    _check_dates(data)
    publications = [
        (parse_publication_number(p.number, field="publications.number"), p.date)
        for p in data.publications
    ]
    application_number, type_from_number = _read_application_number(data)
    patent_type = _patent_type(data, type_from_number, [pub for pub, _ in publications])
    patent = Patent(
        org_id=org_id,
        jurisdiction=data.jurisdiction,
        patent_type=patent_type.value,
        application_number=application_number,
        filing_date=data.filing_date,
        publication_date=min((d for _, d in publications if d), default=None),
        grant_date=data.grant_date,
        family_id=data.family_id,
        is_demo=data.demo,
        source=data.source,
        extra={**data.extra, **({"demo_fields": data.demo_fields} if data.demo_fields else {})},
    )
    patent.publications = [
        Publication(
            org_id=org_id, number=pub.normalised, kind=pub.kind, publication_date=day, seq=i
        )
        for i, (pub, day) in enumerate(publications)
    ]
    patent.priorities = [
        PriorityClaim(country=p.country, number=p.number, priority_date=p.date, seq=i)
        for i, p in enumerate(data.priorities)
    ]
    patent.texts = _texts(data)
    patent.parties = [
        PatentParty(
            role=p.role.value,
            seq=i,
            name=p.name.strip(),
            name_normalised=normalise_party_name(p.name),
            country=p.country,
            region_code=p.region_code,
            party_type=p.party_type.value if p.party_type else None,
            uscc=p.uscc,
        )
        for i, p in enumerate(data.parties)
    ]
    patent.classifications = [
        Classification(scheme=scheme.value, seq=i, symbol=normalise_classification(s, field=field))
        for scheme, field, symbols in (
            (ClassificationScheme.IPC, "ipc", data.ipc),
            (ClassificationScheme.CPC, "cpc", data.cpc),
        )
        for i, s in enumerate(symbols)
    ]
    patent.citations = [
        Citation(citation_type=c.type, number=c.number, text=c.text, category=c.category, seq=i)
        for i, c in enumerate(data.citations)
    ]
    patent.legal_events = [
        LegalEvent(event_date=e.date, code=e.code, text=e.text, source=e.source)
        for e in data.legal_events
    ]
    today = dt.date.today()
    status = patent_status_on(patent, today)
    patent.status_cache, patent.status_as_of = (status.value if status else None), today
    session.add(patent)
    session.flush()
    return patent


def _patent_type(
    data: PatentIn, type_from_number: PatentType | None, publications: list[PublicationNumber]
) -> PatentType:
    """A CN application number's type digit decides (a given type must agree with it); elsewhere
    the given type, or else the one the publications' kind codes imply."""
    if type_from_number is not None:
        if data.type is not None and data.type != type_from_number:
            raise ValidationError(
                field="type",
                value=data.type.value,
                reason=N_("the application number is of type {implied}"),
                implied=type_from_number.value,
            )
        return type_from_number
    if data.type is not None:
        return data.type
    for publication in publications:
        implied = patent_type_for_publication(publication)
        if implied is not None:
            return implied
    raise ValidationError(
        field="type", reason=N_("cannot be told from the numbers or kind codes; give it")
    )


def _texts(data: PatentIn) -> list[PatentText]:
    texts = [
        PatentText(kind=TextKind.TITLE.value, lang=lang, seq=0, text=text)
        for lang, text in data.titles.items()
    ]
    texts += [
        PatentText(kind=TextKind.ABSTRACT.value, lang=lang, seq=0, text=text)
        for lang, text in data.abstracts.items()
    ]
    texts += [
        PatentText(kind=TextKind.CLAIM.value, lang=lang, seq=i, text=text)
        for lang, claims in data.claims.items()
        for i, text in enumerate(claims)
    ]
    return texts


def _check_dates(data: PatentIn) -> None:
    if data.filing_date and data.grant_date and data.grant_date < data.filing_date:
        raise ValidationError(field="grant_date", reason=N_("is before the filing date"))
    for pub in data.publications:
        if data.filing_date and pub.date and pub.date < data.filing_date:
            raise ValidationError(
                field="publications.date",
                value=pub.number,
                reason=N_("published before the filing date"),
            )


def add_trademark(session: Session, data: TrademarkIn, *, org_id: int) -> Trademark:
    if data.registration_date and data.expiry_date and data.expiry_date < data.registration_date:
        raise ValidationError(field="expiry_date", reason=N_("is before the registration date"))
    mark = Trademark(
        org_id=org_id,
        jurisdiction=data.jurisdiction,
        mark_text=data.mark_text,
        transliteration=data.transliteration,
        image_ref=data.image_ref,
        kind=data.kind.value,
        registrant_name=data.registrant.name,
        registrant_name_normalised=normalise_party_name(data.registrant.name),
        registrant_country=data.registrant.country,
        registrant_region_code=data.registrant.region_code,
        registrant_party_type=(
            data.registrant.party_type.value if data.registrant.party_type else None
        ),
        application_number=data.application_number,
        registration_number=data.registration_number,
        application_date=data.application_date,
        registration_date=data.registration_date,
        expiry_date=data.expiry_date,
        status=data.status.value,
        is_demo=data.demo,
        source=data.source,
        extra={"demo_fields": data.demo_fields} if data.demo_fields else {},
    )
    mark.classes = [
        TrademarkClass(nice_class=c.nice_class, items=c.items) for c in data.nice_classes
    ]
    session.add(mark)
    session.flush()
    return mark


def add_geographical_indication(
    session: Session, data: GeographicalIndicationIn, *, org_id: int
) -> GeographicalIndication:
    gi = GeographicalIndication(
        org_id=org_id,
        product_name=data.product_name,
        product_name_en=data.product_name_en,
        regime=data.regime.value,
        protected_area=data.protected_area,
        region_code=data.region_code,
        standard=data.standard,
        protecting_body=data.protecting_body,
        authorised_users=data.authorised_users,
        approval_date=data.approval_date,
        approval_ref=data.approval_ref,
        is_demo=data.demo,
        source=data.source,
        extra={"demo_fields": data.demo_fields} if data.demo_fields else {},
    )
    session.add(gi)
    session.flush()
    return gi
