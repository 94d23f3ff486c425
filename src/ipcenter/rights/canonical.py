"""The canonical form of one patent: every value normalised, in a fixed order.

Writing, updating and comparing records all go through this form. ``canonical_patent`` turns a
validated ``PatentIn`` into it (raising ``ValidationError`` for what the store would refuse),
``patent_snapshot`` reads it back from stored rows, and ``merge_patents`` lays a newer record over
an older one. Two records are the same exactly when their canonical forms are equal, which is how
an importer tells ``unchanged`` from ``updated`` without writing anything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.rights.kinds import is_grant_publication, patent_type_for_publication
from ipcenter.rights.models import Patent
from ipcenter.rights.mx_numbers import (
    looks_like_mx_application_number,
    parse_mx_application_number,
)
from ipcenter.rights.names import normalise_classification, normalise_party_name
from ipcenter.rights.numbers import (
    PublicationNumber,
    normalise_us_application_number,
    parse_cn_application_number,
    parse_publication_number,
)
from ipcenter.rights.vocab import ClassificationScheme, PatentType, TextKind

if TYPE_CHECKING:
    from ipcenter.rights.store import PatentIn

_DEMO_FIELDS = "demo_fields"


@dataclass(frozen=True)
class CanonPublication:
    number: str  # normalised, e.g. US8930553B2
    kind: str | None
    date: dt.date | None


@dataclass(frozen=True)
class CanonPriority:
    country: str
    number: str
    date: dt.date | None


@dataclass(frozen=True)
class CanonParty:
    role: str
    name: str
    name_normalised: str
    country: str | None = None
    region_code: str | None = None
    party_type: str | None = None
    uscc: str | None = None


@dataclass(frozen=True)
class CanonCitation:
    type: str
    number: str | None
    text: str | None
    category: str | None


@dataclass(frozen=True)
class CanonEvent:
    date: dt.date
    code: str
    text: str | None = None
    source: str | None = None


def sorted_events(events: Iterable[CanonEvent]) -> list[CanonEvent]:
    """Distinct events by date, code, text, source (a missing text or source sorts first:
    ``None`` does not compare with a string).

    An event that differs from another of the same date and code only by lacking its text or
    its source is the same event told with less (a CNIPA list attached to a record imported
    without sources): the two become one, with the text and source either of them gives."""
    kept: list[CanonEvent] = []
    for event in sorted(set(events), key=_event_order):
        same = next(
            (
                index
                for index in range(len(kept) - 1, -1, -1)
                if (kept[index].date, kept[index].code) == (event.date, event.code)
                and _agrees(kept[index].text, event.text)
                and _agrees(kept[index].source, event.source)
            ),
            None,
        )
        if same is None:
            kept.append(event)
        else:
            other = kept[same]
            kept[same] = CanonEvent(
                event.date, event.code, other.text or event.text, other.source or event.source
            )
    return _first_reports(sorted(kept, key=_event_order))


REPORTED_PREFIX = "REPORTED-"  # a data source's status label as of an import (legal_event_codes)


def _first_reports(events: list[CanonEvent]) -> list[CanonEvent]:
    """Drop a reported status that repeats the previous report: importing the same export again
    on a later day must not move the date the status was first seen (nor make the record
    "updated")."""
    kept: list[CanonEvent] = []
    last_report: str | None = None
    for event in events:
        if event.code.startswith(REPORTED_PREFIX):
            if event.code == last_report:
                continue
            last_report = event.code
        kept.append(event)
    return kept


def _event_order(event: CanonEvent) -> tuple[dt.date, str, str, str]:
    return (event.date, event.code, event.text or "", event.source or "")


def _agrees(one: str | None, other: str | None) -> bool:
    return one is None or other is None or one == other


@dataclass
class CanonicalPatent:
    """One patent as the store holds it. Lists keep the order that carries meaning (the first
    IPC symbol is the main one, the first applicant the lead); publications and events are
    sorted so that the order files arrive in does not matter."""

    jurisdiction: str
    patent_type: str
    application_number: str | None
    filing_date: dt.date | None = None
    grant_date: dt.date | None = None
    family_id: str | None = None
    publications: list[CanonPublication] = field(default_factory=list)
    priorities: list[CanonPriority] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    abstracts: dict[str, str] = field(default_factory=dict)
    claims: dict[str, list[str]] = field(default_factory=dict)
    parties: list[CanonParty] = field(default_factory=list)
    ipc: list[str] = field(default_factory=list)
    cpc: list[str] = field(default_factory=list)
    citations: list[CanonCitation] = field(default_factory=list)
    events: list[CanonEvent] = field(default_factory=list)
    is_demo: bool = False
    demo_fields: list[str] = field(default_factory=list)
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def publication_date(self) -> dt.date | None:
        """The first publication's date (the record was public from then on)."""
        return min((p.date for p in self.publications if p.date), default=None)

    @property
    def publication_numbers(self) -> list[str]:
        return [p.number for p in self.publications]


def _sorted_publications(items: list[CanonPublication]) -> list[CanonPublication]:
    return sorted(items, key=lambda p: (p.date or dt.date.max, p.number))


def _sorted_parties(items: list[CanonParty]) -> list[CanonParty]:
    # Stored rows come back ordered by (role, seq): group by role, keep the order inside a role.
    return sorted(items, key=lambda p: p.role)


def _plain_json(value: dict[str, Any]) -> dict[str, Any]:
    # JSON columns give back what JSON can hold; dates and the like become strings the same way.
    result: dict[str, Any] = json.loads(json.dumps(value, default=str, ensure_ascii=False))
    return result


def read_application_number(
    jurisdiction: str, text: str | None
) -> tuple[str | None, PatentType | None]:
    """The stored spelling of an application number (CN with its check digit: 202310104843.5;
    MX in IMPI's slashes: MX/a/2007/009111) and, for CN, the patent type its type digit fixes.
    None stays None."""
    if text is None or not text.strip():
        return None, None
    if jurisdiction == "CN":
        number = parse_cn_application_number(text)
        return number.formatted, number.patent_type
    if jurisdiction == "US":
        return normalise_us_application_number(text), None
    if jurisdiction == "MX" and looks_like_mx_application_number(text):
        return parse_mx_application_number(text).formatted, None
    return text.replace(" ", "").upper(), None


def canonical_patent(data: PatentIn) -> CanonicalPatent:
    """Normalise and check ``data``; raises ValidationError naming the field at fault."""
    publications = [
        (parse_publication_number(p.number, field="publications.number"), p.date)
        for p in data.publications
    ]
    application_number, type_from_number = read_application_number(
        data.jurisdiction, data.application_number
    )
    if application_number is None and not publications:
        raise ValidationError(
            field="application_number",
            reason=N_("a record needs an application number or a publication number"),
        )
    patent_type = _patent_type(data, type_from_number, [pub for pub, _ in publications])
    grant_date = data.grant_date or _grant_publication_date(
        [(pub.country, pub.kind, day) for pub, day in publications]
    )
    extra = _plain_json(data.extra)
    extra.pop(_DEMO_FIELDS, None)
    record = CanonicalPatent(
        jurisdiction=data.jurisdiction,
        patent_type=patent_type.value,
        application_number=application_number,
        filing_date=data.filing_date,
        grant_date=grant_date,
        family_id=data.family_id,
        publications=_sorted_publications(
            _unique_publications(
                [CanonPublication(pub.normalised, pub.kind, day) for pub, day in publications]
            )
        ),
        priorities=[CanonPriority(p.country, p.number, p.date) for p in data.priorities],
        titles=dict(data.titles),
        abstracts=dict(data.abstracts),
        claims={lang: list(texts) for lang, texts in data.claims.items()},
        parties=_sorted_parties(
            [
                CanonParty(
                    role=p.role.value,
                    name=p.name.strip(),
                    name_normalised=normalise_party_name(p.name),
                    country=p.country,
                    region_code=p.region_code,
                    party_type=p.party_type.value if p.party_type else None,
                    uscc=p.uscc,
                )
                for p in data.parties
            ]
        ),
        ipc=[normalise_classification(s, field="ipc") for s in data.ipc],
        cpc=[normalise_classification(s, field="cpc") for s in data.cpc],
        citations=[CanonCitation(c.type, c.number, c.text, c.category) for c in data.citations],
        events=sorted_events(
            CanonEvent(e.date, e.code, e.text, e.source) for e in data.legal_events
        ),
        is_demo=data.demo,
        demo_fields=list(data.demo_fields),
        source=data.source,
        extra=extra,
    )
    check_dates(record)
    return record


def _grant_publication_date(
    publications: list[tuple[str, str | None, dt.date | None]],
) -> dt.date | None:
    """The date of the earliest dated grant publication (CN B/U/S, US B1/B2, EP B1…): exports
    that give the grant document but no grant-date column still say when the right was granted."""
    dates = [
        day
        for country, kind, day in publications
        if day is not None and is_grant_publication(country, kind, on=day)
    ]
    return min(dates, default=None)


def _unique_publications(items: list[CanonPublication]) -> list[CanonPublication]:
    """One entry per number; a later spelling with a date or kind completes an earlier one."""
    by_number: dict[str, CanonPublication] = {}
    for item in items:
        known = by_number.get(item.number)
        by_number[item.number] = (
            item
            if known is None
            else CanonPublication(item.number, item.kind or known.kind, item.date or known.date)
        )
    return list(by_number.values())


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


def check_dates(record: CanonicalPatent) -> None:
    """Dates that contradict each other are refused (grant or publication before filing)."""
    if record.filing_date and record.grant_date and record.grant_date < record.filing_date:
        raise ValidationError(field="grant_date", reason=N_("is before the filing date"))
    for pub in record.publications:
        if record.filing_date and pub.date and pub.date < record.filing_date:
            raise ValidationError(
                field="publications.date",
                value=pub.number,
                reason=N_("published before the filing date"),
            )


def merge_patents(old: CanonicalPatent, new: CanonicalPatent) -> CanonicalPatent:
    """``new`` laid over ``old``: what ``new`` gives wins, what it lacks is kept (never wiped).

    Publications and legal events are united; texts are replaced per language, parties per
    role; classification and citation lists are replaced when ``new`` has any.
    """
    publications = {p.number: p for p in old.publications}
    for pub in new.publications:
        known = publications.get(pub.number)
        publications[pub.number] = (
            pub
            if known is None
            else CanonPublication(pub.number, pub.kind or known.kind, pub.date or known.date)
        )
    new_roles = {p.role for p in new.parties}
    merged = CanonicalPatent(
        jurisdiction=old.jurisdiction,
        patent_type=new.patent_type,
        application_number=new.application_number or old.application_number,
        filing_date=new.filing_date or old.filing_date,
        grant_date=new.grant_date or old.grant_date,
        family_id=new.family_id or old.family_id,
        publications=_sorted_publications(list(publications.values())),
        priorities=new.priorities or old.priorities,
        titles={**old.titles, **new.titles},
        abstracts={**old.abstracts, **new.abstracts},
        claims={**old.claims, **new.claims},
        parties=_sorted_parties(
            [p for p in old.parties if p.role not in new_roles] + list(new.parties)
        ),
        ipc=new.ipc or old.ipc,
        cpc=new.cpc or old.cpc,
        citations=new.citations or old.citations,
        events=sorted_events([*old.events, *new.events]),
        is_demo=new.is_demo,
        demo_fields=new.demo_fields or old.demo_fields,
        source=new.source or old.source,
        extra={**old.extra, **new.extra},
    )
    check_dates(merged)
    return merged


def with_events(record: CanonicalPatent, events: list[CanonEvent]) -> CanonicalPatent:
    """``record`` with ``events`` added (identical events are kept once)."""
    return dataclasses.replace(record, events=sorted_events([*record.events, *events]))


def patent_snapshot(patent: Patent) -> CanonicalPatent:
    """The canonical form of a stored patent (its child rows loaded)."""
    texts: dict[str, dict[str, list[str]]] = {kind.value: {} for kind in TextKind}
    for text in sorted(patent.texts, key=lambda t: (t.kind, t.lang, t.seq)):
        texts.setdefault(text.kind, {}).setdefault(text.lang, []).append(text.text)
    extra = dict(patent.extra or {})
    demo_fields = extra.pop(_DEMO_FIELDS, [])
    return CanonicalPatent(
        jurisdiction=patent.jurisdiction,
        patent_type=patent.patent_type,
        application_number=patent.application_number,
        filing_date=patent.filing_date,
        grant_date=patent.grant_date,
        family_id=patent.family_id,
        publications=_sorted_publications(
            [CanonPublication(p.number, p.kind, p.publication_date) for p in patent.publications]
        ),
        priorities=[
            CanonPriority(p.country, p.number, p.priority_date)
            for p in sorted(patent.priorities, key=lambda p: p.seq)
        ],
        titles={lang: values[0] for lang, values in texts[TextKind.TITLE.value].items()},
        abstracts={
            lang: "\n".join(values) for lang, values in texts[TextKind.ABSTRACT.value].items()
        },
        claims=texts[TextKind.CLAIM.value],
        parties=[
            CanonParty(
                p.role, p.name, p.name_normalised, p.country, p.region_code, p.party_type, p.uscc
            )
            for p in sorted(patent.parties, key=lambda p: (p.role, p.seq))
        ],
        ipc=_symbols(patent, ClassificationScheme.IPC),
        cpc=_symbols(patent, ClassificationScheme.CPC),
        citations=[
            CanonCitation(c.citation_type, c.number, c.text, c.category)
            for c in sorted(patent.citations, key=lambda c: c.seq)
        ],
        events=sorted_events(
            CanonEvent(e.event_date, e.code, e.text, e.source) for e in patent.legal_events
        ),
        is_demo=patent.is_demo,
        demo_fields=[str(f) for f in demo_fields] if isinstance(demo_fields, list) else [],
        source=patent.source,
        extra=extra,
    )


def _symbols(patent: Patent, scheme: ClassificationScheme) -> list[str]:
    return [
        c.symbol
        for c in sorted(patent.classifications, key=lambda c: c.seq)
        if c.scheme == scheme.value
    ]
