"""Writing canonical records: validated input models in, normalised rows out.

The demo loader uses this today and every importer will: numbers are normalised here, names and
classification symbols too, so nothing downstream sees a raw spelling it has to clean again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, Table, delete, false, func, insert, select, update
from sqlalchemy.orm import Session

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.rights.canonical import CanonicalPatent, canonical_patent
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
from ipcenter.rights.names import normalise_party_name
from ipcenter.rights.status import EventFact, status_on
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


def add_patent(session: Session, data: PatentIn, *, org_id: int) -> Patent:
    """Insert one patent with all its parts; raises ValidationError naming the bad field."""
    (patent_id,) = insert_patents(session, [canonical_patent(data)], org_id=org_id)
    patent = session.get(Patent, patent_id)
    assert patent is not None  # noqa: S101 - inserted just above
    return patent


_CHILD_TABLES = (Publication, PriorityClaim, PatentText, PatentParty, Classification, Citation)


def insert_patents(
    session: Session,
    records: Sequence[CanonicalPatent],
    *,
    org_id: int,
    today: dt.date | None = None,
) -> list[int]:
    """Insert canonical records in bulk (a few statements for any number of them); their ids."""
    if not records:
        return []
    day = today or dt.date.today()
    rows = [_patent_row(record, org_id, day) for record in records]
    if session.connection().dialect.name == "sqlite":
        ids = _insert_numbered(session, rows)
    else:
        ids = list(
            session.scalars(insert(Patent).returning(Patent.id, sort_by_parameter_order=True), rows)
        )
    _insert_parts(session, list(zip(ids, records, strict=True)), org_id)
    return ids


def _insert_numbered(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """SQLite: number the new rows ourselves and insert them with one executemany.

    SQLite cannot say which id went to which row of a multi-row insert, so SQLAlchemy would send
    one INSERT … RETURNING per row. A no-op UPDATE first takes the database's write lock, which
    no other writer can get before this transaction ends: the ids after the highest stored one
    are then ours.
    """
    session.execute(update(Patent).where(false()).values(id=Patent.id))
    first = (session.scalar(select(func.max(Patent.id))) or 0) + 1
    ids = list(range(first, first + len(rows)))
    session.execute(
        insert(_table(Patent)), [{"id": i, **row} for i, row in zip(ids, rows, strict=True)]
    )
    return ids


def replace_patents(
    session: Session,
    records: Sequence[tuple[int, CanonicalPatent]],
    *,
    org_id: int,
    today: dt.date | None = None,
) -> None:
    """Store new contents for existing patents: the row is updated, its parts written afresh."""
    if not records:
        return
    day = today or dt.date.today()
    ids = [patent_id for patent_id, _ in records]
    session.execute(
        update(Patent),
        [{"id": patent_id, **_patent_row(record, org_id, day)} for patent_id, record in records],
    )
    # Old parts go first: a publication number is unique within an organisation.
    for model in (*_CHILD_TABLES, LegalEvent):
        session.execute(delete(_table(model)).where(_table(model).c.patent_id.in_(ids)))
    _insert_parts(session, list(records), org_id)
    session.expire_all()


def _table(model: Any) -> Table:
    # Plain Core statements on the table: bulk rows skip the ORM's per-object bookkeeping.
    return cast(Table, model.__table__)


def _patent_row(record: CanonicalPatent, org_id: int, today: dt.date) -> dict[str, Any]:
    status = status_on(
        today,
        jurisdiction=record.jurisdiction,
        patent_type=record.patent_type,
        filing_date=record.filing_date,
        grant_date=record.grant_date,
        events=[EventFact(date=e.date, code=e.code) for e in record.events],
    )
    return {
        "org_id": org_id,
        "jurisdiction": record.jurisdiction,
        "patent_type": record.patent_type,
        "application_number": record.application_number,
        "filing_date": record.filing_date,
        "publication_date": record.publication_date,
        "grant_date": record.grant_date,
        "family_id": record.family_id,
        "is_demo": record.is_demo,
        "source": record.source,
        "extra": {
            **record.extra,
            **({"demo_fields": record.demo_fields} if record.demo_fields else {}),
        },
        "status_cache": status.value if status else None,
        "status_as_of": today,
    }


# Columns of each part table in the order the row tuples below give them.
_PART_COLUMNS: dict[Any, tuple[str, ...]] = {
    Publication: ("patent_id", "org_id", "number", "kind", "publication_date", "seq"),
    PriorityClaim: ("patent_id", "country", "number", "priority_date", "seq"),
    PatentText: ("patent_id", "kind", "lang", "seq", "text"),
    PatentParty: (
        "patent_id",
        "role",
        "seq",
        "name",
        "name_normalised",
        "country",
        "region_code",
        "party_type",
        "uscc",
    ),
    Classification: ("patent_id", "scheme", "seq", "symbol"),
    Citation: ("patent_id", "citation_type", "number", "text", "category", "seq"),
    LegalEvent: ("patent_id", "event_date", "code", "text", "source"),
}
_TITLE, _ABSTRACT, _CLAIM = TextKind.TITLE.value, TextKind.ABSTRACT.value, TextKind.CLAIM.value
_IPC, _CPC = ClassificationScheme.IPC.value, ClassificationScheme.CPC.value


def _insert_parts(
    session: Session, records: list[tuple[int, CanonicalPatent]], org_id: int
) -> None:
    """All parts of ``records`` with one executemany per table, straight to the driver.

    A weekly USPTO file has some 100 part rows per patent (claims, citations); building them as
    tuples and skipping SQLAlchemy's per-row parameter processing halves the time to store them.
    The only values a driver cannot take as they are are dates on SQLite (stored as ISO text,
    as SQLAlchemy's own Date type stores them).
    """
    connection = session.connection()
    day = _date_writer(connection.dialect.name)
    rows: dict[Any, list[tuple[Any, ...]]] = {model: [] for model in _PART_COLUMNS}
    for patent_id, r in records:
        rows[Publication] += [
            (patent_id, org_id, p.number, p.kind, day(p.date), i)
            for i, p in enumerate(r.publications)
        ]
        rows[PriorityClaim] += [
            (patent_id, p.country, p.number, day(p.date), i) for i, p in enumerate(r.priorities)
        ]
        texts = rows[PatentText]
        texts += [(patent_id, _TITLE, lang, 0, t) for lang, t in r.titles.items()]
        texts += [(patent_id, _ABSTRACT, lang, 0, t) for lang, t in r.abstracts.items()]
        for lang, claims in r.claims.items():
            texts += [(patent_id, _CLAIM, lang, i, t) for i, t in enumerate(claims)]
        rows[PatentParty] += [
            (
                patent_id,
                p.role,
                i,
                p.name,
                p.name_normalised,
                p.country,
                p.region_code,
                p.party_type,
                p.uscc,
            )
            for i, p in enumerate(r.parties)
        ]
        rows[Classification] += [(patent_id, _IPC, i, s) for i, s in enumerate(r.ipc)]
        rows[Classification] += [(patent_id, _CPC, i, s) for i, s in enumerate(r.cpc)]
        rows[Citation] += [
            (patent_id, c.type, c.number, c.text, c.category, i) for i, c in enumerate(r.citations)
        ]
        rows[LegalEvent] += [(patent_id, day(e.date), e.code, e.text, e.source) for e in r.events]
    if connection.dialect.name == "postgresql":
        _copy_rows(connection, rows)
        return
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    for model, values in rows.items():
        if values:
            columns = _PART_COLUMNS[model]
            statement = (
                f"INSERT INTO {_table(model).name} ({', '.join(columns)}) "  # noqa: S608 - names are ours
                f"VALUES ({', '.join([marker] * len(columns))})"
            )
            connection.exec_driver_sql(statement, values)


def _copy_rows(connection: Connection, rows: dict[Any, list[tuple[Any, ...]]]) -> None:
    """PostgreSQL takes bulk rows fastest through COPY, in the session's own transaction."""
    driver = connection.connection.driver_connection
    assert driver is not None  # noqa: S101 - a live connection has its driver connection
    with driver.cursor() as cursor:
        for model, values in rows.items():
            if values:
                columns = ", ".join(_PART_COLUMNS[model])
                with cursor.copy(f"COPY {_table(model).name} ({columns}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)


def _date_writer(dialect: str) -> Callable[[dt.date | None], Any]:
    if dialect == "sqlite":
        return lambda day: day.isoformat() if day is not None else None
    return lambda day: day


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
