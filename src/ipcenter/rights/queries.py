"""Reading the registry. Every function takes the caller's ``scope`` and applies it."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Iterator

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from ipcenter.core.i18n import N_
from ipcenter.core.scoping import OrgScope, require_visible, scoped
from ipcenter.rights.errors import InvalidNumber, PatentHeldByMany, PatentNotFound
from ipcenter.rights.filters import PatentFilters
from ipcenter.rights.models import (
    Classification,
    GeographicalIndication,
    Patent,
    PatentParty,
    PatentText,
    Publication,
    Trademark,
)
from ipcenter.rights.mx_numbers import (
    looks_like_mx_application_number,
    parse_mx_application_number,
)
from ipcenter.rights.numbers import parse_publication_number
from ipcenter.rights.status import EventFact, status_on
from ipcenter.rights.vocab import PartyRole, RightStatus


def _filtered(filters: PatentFilters, scope: OrgScope) -> Select[Patent]:
    statement = scoped(select(Patent), Patent, scope)
    if filters.patent_type:
        statement = statement.where(Patent.patent_type == filters.patent_type.value)
    if filters.jurisdiction:
        statement = statement.where(Patent.jurisdiction == filters.jurisdiction)
    if filters.status:
        statement = statement.where(Patent.status_cache == filters.status.value)
    if filters.filed_from:
        statement = statement.where(Patent.filing_date >= filters.filed_from)
    if filters.filed_to:
        statement = statement.where(Patent.filing_date <= filters.filed_to)
    if filters.applicant:
        pattern = f"%{filters.applicant}%"
        statement = statement.where(
            exists().where(
                PatentParty.patent_id == Patent.id,
                PatentParty.role.in_([PartyRole.APPLICANT.value, PartyRole.OWNER.value]),
                or_(PatentParty.name.ilike(pattern), PatentParty.name_normalised.ilike(pattern)),
            )
        )
    if filters.ipc_prefix:
        prefix = filters.ipc_prefix
        # "A23C 9" means main group 9, not 90 or 91: match up to the slash.
        if " " in prefix and "/" not in prefix:
            prefix += "/"
        statement = statement.where(
            exists().where(
                Classification.patent_id == Patent.id, Classification.symbol.like(f"{prefix}%")
            )
        )
    return statement


def list_patents(
    session: Session, *, scope: OrgScope, filters: PatentFilters, limit: int | None = None
) -> tuple[list[Patent], int]:
    """The page of patents matching ``filters`` (``limit`` overrides paging, for exports)."""
    refresh_status(session, today=dt.date.today())
    statement = _filtered(filters, scope)
    count = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    ordered = statement.order_by(Patent.filing_date.desc().nulls_last(), Patent.id.desc())
    if limit is not None:
        ordered = ordered.limit(limit)
    else:
        ordered = ordered.limit(filters.page_size).offset((filters.page - 1) * filters.page_size)
    patents = session.scalars(ordered.options(*_list_loads())).all()
    return list(patents), count


def _list_loads() -> tuple[ExecutableOption, ...]:
    return (
        selectinload(Patent.publications),
        selectinload(Patent.parties),
        selectinload(Patent.classifications),
        selectinload(Patent.texts.and_(PatentText.kind == "title")),
    )


def get_patent(session: Session, patent_id: int, *, scope: OrgScope) -> Patent:
    """One patent with all its parts; NotFound when missing or outside ``scope``."""
    patent = session.get(Patent, patent_id)
    require_visible(patent, scope, what=N_("Patent"))
    assert patent is not None  # noqa: S101 - require_visible raised otherwise
    return patent


def find_patent(
    session: Session, number: str, *, scope: OrgScope, org_id: int | None = None
) -> Patent:
    """A patent by publication number in any common spelling, or by application number.

    Two organisations may each hold a record of the same application (a company and the centre
    that dockets for it): then ``org_id`` must say whose, rather than one being picked silently.
    """
    if org_id is not None:
        if not scope.allows(org_id):
            raise PatentNotFound(number=number)
        scope = OrgScope.only(org_id)
    found = _patents_numbered(session, number, scope)
    holders = sorted({patent.org_id for patent in found})
    if not found:
        raise PatentNotFound(number=number)
    if len(holders) > 1:
        raise PatentHeldByMany(number=number, orgs=", ".join(str(org) for org in holders))
    return found[0]


def _patents_numbered(session: Session, number: str, scope: OrgScope) -> list[Patent]:
    """Every visible record ``number`` names, by the first spelling that names any."""
    candidates: list[str] = [number.strip()]
    try:
        publication = parse_publication_number(number)
    except InvalidNumber:
        publication = None
    if publication is not None:
        candidates.insert(0, publication.normalised)
    by_publication = scoped(
        select(Patent).join(Publication, Publication.patent_id == Patent.id), Patent, scope
    )
    for candidate in candidates:
        found = list(session.scalars(by_publication.where(Publication.number == candidate)))
        if not found and publication is not None and publication.kind is None:
            # "US08930553" names the document without its kind code: match any kind.
            found = list(
                session.scalars(
                    by_publication.where(Publication.number.like(f"{candidate}%")).where(
                        func.length(Publication.number) <= len(candidate) + 2
                    )
                )
            )
        if found:
            return list({patent.id: patent for patent in found}.values())
    compact = number.replace(" ", "").upper().removeprefix("ZL").removeprefix("CN")
    spellings = {compact, number.strip()}
    if re.fullmatch(r"(?:US)?\d{2}/\d{3},?\d{3}", compact):
        spellings.add(re.sub(r"\D", "", compact))  # "US 10/991,571": series code and serial
    if looks_like_mx_application_number(number):
        # "mx/a/2007/9111", PATENTSCOPE's "mxMX/a/2007/009111": IMPI's MX/a/2007/009111
        with contextlib.suppress(InvalidNumber):
            spellings.add(parse_mx_application_number(number).formatted)
    by_application = scoped(select(Patent), Patent, scope)
    found = list(
        session.scalars(by_application.where(Patent.application_number.in_(sorted(spellings))))
    )
    if not found and re.fullmatch(r"\d{8}|\d{12}", compact):
        # A CN number written without its check digit ("01122282" for 01122282.4): the one
        # stored number it can be, and only when it is the only one.
        with_digit = [f"{compact}.{digit}" for digit in "0123456789X"]
        matches = list(
            session.scalars(by_application.where(Patent.application_number.in_(with_digit)))
        )
        if len({patent.application_number for patent in matches}) == 1:
            found = matches
    return found


def match_patents(
    session: Session,
    *,
    org_id: int,
    application_numbers: Iterable[tuple[str, str]],
    publication_numbers: Iterable[str],
) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """Ids of ``org_id``'s stored patents by (jurisdiction, stored application number) and by
    normalised publication number: one query each, for a whole batch of incoming records."""
    wanted_applications = set(application_numbers)
    by_application: dict[tuple[str, str], int] = {}
    numbers = sorted({number for _, number in wanted_applications})
    for chunk in _chunks(numbers):
        rows = session.execute(
            select(Patent.id, Patent.jurisdiction, Patent.application_number).where(
                Patent.org_id == org_id, Patent.application_number.in_(chunk)
            )
        )
        for patent_id, jurisdiction, number in rows:
            if number is not None and (jurisdiction, number) in wanted_applications:
                by_application[(jurisdiction, number)] = patent_id
    by_publication: dict[str, int] = {}
    for chunk in _chunks(sorted(set(publication_numbers))):
        rows_pub = session.execute(
            select(Publication.number, Publication.patent_id).where(
                Publication.org_id == org_id, Publication.number.in_(chunk)
            )
        )
        by_publication.update({number: patent_id for number, patent_id in rows_pub})
    return by_application, by_publication


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    # Keeps every IN list well under SQLite's limit on bound parameters.
    for start in range(0, len(values), size):
        yield values[start : start + size]


def load_patents(session: Session, patent_ids: Iterable[int]) -> dict[int, Patent]:
    """Stored patents with every part loaded (for comparing and merging), by id."""
    ids = sorted(set(patent_ids))
    if not ids:
        return {}
    statement = (
        select(Patent)
        .where(Patent.id.in_(ids))
        .options(
            selectinload(Patent.publications),
            selectinload(Patent.priorities),
            selectinload(Patent.texts),
            selectinload(Patent.parties),
            selectinload(Patent.classifications),
            selectinload(Patent.citations),
            selectinload(Patent.legal_events),
        )
    )
    return {patent.id: patent for patent in session.scalars(statement)}


def refresh_status(session: Session, *, today: dt.date) -> int:
    """Recompute the cached status of patents whose cache is older than ``today``."""
    stale = session.scalars(
        select(Patent)
        .where(or_(Patent.status_as_of.is_(None), Patent.status_as_of != today))
        .options(selectinload(Patent.legal_events))
    ).all()
    for patent in stale:
        status = patent_status_on(patent, today)
        patent.status_cache = status.value if status else None
        patent.status_as_of = today
    if stale:
        session.flush()
    return len(stale)


def patent_status_on(patent: Patent, day: dt.date) -> RightStatus | None:
    """The status of ``patent`` on ``day`` (see ``rights.status.status_on``)."""
    return status_on(
        day,
        jurisdiction=patent.jurisdiction,
        patent_type=patent.patent_type,
        filing_date=patent.filing_date,
        grant_date=patent.grant_date,
        events=[EventFact(date=e.event_date, code=e.code) for e in patent.legal_events],
    )


def list_trademarks(session: Session, *, scope: OrgScope) -> list[Trademark]:
    statement = scoped(select(Trademark), Trademark, scope).options(selectinload(Trademark.classes))
    return list(session.scalars(statement.order_by(Trademark.id)))


def get_trademark(session: Session, trademark_id: int, *, scope: OrgScope) -> Trademark:
    mark = session.get(Trademark, trademark_id)
    require_visible(mark, scope, what=N_("Trademark"))
    assert mark is not None  # noqa: S101
    return mark


def list_geographical_indications(
    session: Session, *, scope: OrgScope
) -> list[GeographicalIndication]:
    statement = scoped(select(GeographicalIndication), GeographicalIndication, scope)
    return list(session.scalars(statement.order_by(GeographicalIndication.id)))


def get_geographical_indication(
    session: Session, gi_id: int, *, scope: OrgScope
) -> GeographicalIndication:
    gi = session.get(GeographicalIndication, gi_id)
    require_visible(gi, scope, what=N_("Geographical indication"))
    assert gi is not None  # noqa: S101
    return gi
