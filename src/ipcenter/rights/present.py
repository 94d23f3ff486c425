"""Turn stored records into their public shapes, choosing texts in the reader's language."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from ipcenter.rights.models import GeographicalIndication, Patent, PatentText, Trademark
from ipcenter.rights.queries import patent_status_on
from ipcenter.rights.schemas import (
    CitationPublic,
    GeographicalIndicationPublic,
    LegalEventPublic,
    PartyPublic,
    PatentPublic,
    PatentSummary,
    PriorityPublic,
    PublicationPublic,
    TrademarkClassPublic,
    TrademarkPublic,
)
from ipcenter.rights.status import event_effect, term_of
from ipcenter.rights.vocab import ClassificationScheme, PartyRole, TextKind


def _demo_fields(extra: dict[str, Any]) -> list[str]:
    fields = extra.get("demo_fields", [])
    return [str(field) for field in fields] if isinstance(fields, list) else []


def pick_language(texts: dict[str, str], lang: str) -> str | None:
    """The text in ``lang`` if present, else Chinese, else English, else any."""
    for candidate in (lang[:2], "zh", "en"):
        if candidate in texts:
            return texts[candidate]
    return next(iter(texts.values()), None)


def _texts_by_language(texts: list[PatentText], kind: TextKind) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        if text.kind == kind.value:
            grouped[text.lang].append(text.text)
    return dict(grouped)


def _names(patent: Patent, role: PartyRole) -> list[str]:
    return [party.name for party in patent.parties if party.role == role.value]


def _symbols(patent: Patent, scheme: ClassificationScheme) -> list[str]:
    return [c.symbol for c in patent.classifications if c.scheme == scheme.value]


def _main_publication(patent: Patent) -> tuple[str | None, str | None]:
    """The latest publication (the grant when there is one) names the record."""
    if not patent.publications:
        return None, None
    latest = max(patent.publications, key=lambda p: (p.publication_date or dt.date.min, p.seq))
    return latest.number, latest.kind


def patent_summary(patent: Patent, *, lang: str) -> PatentSummary:
    titles = {
        lang_: values[0]
        for lang_, values in _texts_by_language(patent.texts, TextKind.TITLE).items()
    }
    ipc = _symbols(patent, ClassificationScheme.IPC)
    applicants = _names(patent, PartyRole.APPLICANT) or _names(patent, PartyRole.OWNER)
    return PatentSummary(
        id=patent.id,
        publication_number=_main_publication(patent)[0],
        jurisdiction=patent.jurisdiction,
        type=patent.patent_type,
        application_number=patent.application_number,
        filing_date=patent.filing_date,
        grant_date=patent.grant_date,
        title=pick_language(titles, lang),
        applicants=applicants,
        ipc_main=ipc[0] if ipc else None,
        status=patent.status_cache,
        is_demo=patent.is_demo,
    )


def patent_public(patent: Patent, *, lang: str, as_of: dt.date | None = None) -> PatentPublic:
    day = as_of or dt.date.today()
    titles = {k: v[0] for k, v in _texts_by_language(patent.texts, TextKind.TITLE).items()}
    abstracts = {
        k: "\n".join(v) for k, v in _texts_by_language(patent.texts, TextKind.ABSTRACT).items()
    }
    claims = _texts_by_language(patent.texts, TextKind.CLAIM)
    claim_lang = lang[:2] if lang[:2] in claims else next(iter(claims), None)
    number, kind = _main_publication(patent)
    status = patent_status_on(patent, day)
    term = term_of(
        patent.jurisdiction,
        patent.patent_type,
        filing_date=patent.filing_date,
        grant_date=patent.grant_date,
    )
    return PatentPublic(
        id=patent.id,
        publication_number=number,
        kind=kind,
        jurisdiction=patent.jurisdiction,
        type=patent.patent_type,
        application_number=patent.application_number,
        filing_date=patent.filing_date,
        publication_date=patent.publication_date,
        grant_date=patent.grant_date,
        publications=[
            PublicationPublic(number=p.number, kind=p.kind, date=p.publication_date)
            for p in patent.publications
        ],
        priority_claims=[
            PriorityPublic(country=p.country, number=p.number, date=p.priority_date)
            for p in patent.priorities
        ],
        title=pick_language(titles, lang),
        titles=titles,
        abstract=pick_language(abstracts, lang),
        abstracts=abstracts,
        claims=claims.get(claim_lang, []) if claim_lang else [],
        claims_by_language=claims,
        applicants=_names(patent, PartyRole.APPLICANT),
        owners=_names(patent, PartyRole.OWNER),
        inventors=_names(patent, PartyRole.INVENTOR),
        agents=_names(patent, PartyRole.AGENT),
        parties=[
            PartyPublic(
                role=p.role,
                name=p.name,
                name_normalised=p.name_normalised,
                country=p.country,
                region_code=p.region_code,
                party_type=p.party_type,
                uscc=p.uscc,
            )
            for p in patent.parties
        ],
        ipc=_symbols(patent, ClassificationScheme.IPC),
        cpc=_symbols(patent, ClassificationScheme.CPC),
        citations=[
            CitationPublic(
                type="npl" if c.citation_type == "npl" else "patent",
                number=c.number,
                text=c.text,
                category=c.category,
            )
            for c in patent.citations
        ],
        family_id=patent.family_id,
        legal_events=[
            LegalEventPublic(
                date=e.event_date,
                code=e.code,
                text=e.text,
                effect=event_effect(patent.jurisdiction, e.code),
                source=e.source,
            )
            for e in patent.legal_events
        ],
        status=status.value if status else None,
        status_as_of=day,
        expiry_date=term.expiry_date if term else None,
        last_day_in_force=term.last_day_in_force if term else None,
        is_demo=patent.is_demo,
        demo_fields=_demo_fields(patent.extra),
        source=patent.source,
        org_id=patent.org_id,
    )


def trademark_public(mark: Trademark) -> TrademarkPublic:
    return TrademarkPublic(
        id=mark.id,
        jurisdiction=mark.jurisdiction,
        mark_text=mark.mark_text,
        transliteration=mark.transliteration,
        kind=mark.kind,
        nice_classes=[
            TrademarkClassPublic(nice_class=c.nice_class, items=list(c.items)) for c in mark.classes
        ],
        registrant_name=mark.registrant_name,
        registrant_region_code=mark.registrant_region_code,
        application_number=mark.application_number,
        registration_number=mark.registration_number,
        application_date=mark.application_date,
        registration_date=mark.registration_date,
        expiry_date=mark.expiry_date,
        status=mark.status,
        is_demo=mark.is_demo,
        demo_fields=_demo_fields(mark.extra),
        source=mark.source,
    )


def geographical_indication_public(gi: GeographicalIndication) -> GeographicalIndicationPublic:
    return GeographicalIndicationPublic(
        id=gi.id,
        product_name=gi.product_name,
        product_name_en=gi.product_name_en,
        regime=gi.regime,
        protected_area=gi.protected_area,
        region_code=gi.region_code,
        standard=gi.standard,
        protecting_body=gi.protecting_body,
        authorised_users=list(gi.authorised_users),
        approval_date=gi.approval_date,
        approval_ref=gi.approval_ref,
        is_demo=gi.is_demo,
        demo_fields=_demo_fields(gi.extra),
        source=gi.source,
    )
