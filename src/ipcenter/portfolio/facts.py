"""Build :class:`RightFacts` from the stored records of ``ipcenter.rights``.

Facts the canonical model has no column for (fee reduction, open licence, US entity size, the
date of the examination request, PCT offices, Madrid data) are read from the record's ``extra``
dict under the key ``"portfolio"``, e.g. ``{"portfolio": {"reduction_rate": "0.85"}}``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.portfolio.types import LegalEventFact, MadridFacts, RightFacts, RightKind
from ipcenter.rights import Patent, Trademark, event_effect

_PATENT_KINDS = {
    "invention": RightKind.INVENTION,
    "utility_model": RightKind.UTILITY_MODEL,
    "design": RightKind.DESIGN,
}
# The date the request for substantive examination took effect stands in for the request date
# when the latter is not recorded (it is never earlier than the request).
_EXAMINATION_EFFECT = "examination"


def event_fact(jurisdiction: str, day: dt.date, code: str) -> LegalEventFact:
    """A legal event with its effect looked up in data/rights/legal_event_codes.csv."""
    return LegalEventFact(date=day, code=code, effect=event_effect(jurisdiction, code))


def _options(extra: dict[str, Any] | None) -> dict[str, Any]:
    value = (extra or {}).get("portfolio")
    return value if isinstance(value, dict) else {}


def _date(options: dict[str, Any], name: str) -> dt.date | None:
    value = options.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError(
            field=f"extra.portfolio.{name}", reason=N_("not an ISO date"), value=value
        ) from exc


def _rate(options: dict[str, Any]) -> Decimal | None:
    value = options.get("reduction_rate")
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError(
            field="extra.portfolio.reduction_rate", reason=N_("not a number"), value=value
        ) from exc


def patent_number(
    jurisdiction: str, application_number: str | None, publication_number: str | None
) -> str | None:
    """The number a patent is known by in lists: in China the application number (the 专利号
    fees are paid under); elsewhere the publication or grant number (``US8926509B2``), since
    offices such as the USPTO identify a granted patent by it, not by the application serial."""
    if jurisdiction == "CN":
        return application_number or publication_number
    return publication_number or application_number


def facts_from_patent(patent: Patent) -> RightFacts | None:
    """The facts of a stored patent, or None for a kind the engine has no rules for (plant)."""
    kind = _PATENT_KINDS.get(patent.patent_type)
    if kind is None:
        return None
    options = _options(patent.extra)
    events = tuple(
        event_fact(patent.jurisdiction, event.event_date, event.code)
        for event in patent.legal_events
    )
    exam_request = _date(options, "examination_request_date") or next(
        (event.date for event in events if event.effect == _EXAMINATION_EFFECT), None
    )
    priorities = [p.priority_date for p in patent.priorities if p.priority_date is not None]
    return RightFacts(
        kind=kind,
        jurisdiction=patent.jurisdiction,
        filing_date=patent.filing_date,
        priority_date=min(priorities) if priorities else None,
        publication_date=patent.publication_date,
        examination_request_date=exam_request,
        grant_date=patent.grant_date,
        reduction_rate=_rate(options),
        open_licence=bool(options.get("open_licence", False)),
        entity_size=options.get("entity_size") or None,
        designated_offices=tuple(options.get("designated_offices") or ()),
        events=events,
    )


def facts_from_trademark(trademark: Trademark) -> RightFacts:
    """The facts of a stored trademark (Madrid data from ``extra["portfolio"]["madrid"]``)."""
    options = _options(trademark.extra)
    madrid_options = options.get("madrid")
    madrid = None
    if isinstance(madrid_options, dict):
        registered = _date(madrid_options, "international_registration_date")
        if registered is not None:
            madrid = MadridFacts(
                international_registration_date=registered,
                basic_mark=madrid_options.get("basic_mark") or None,
                basic_mark_ceased_on=_date(madrid_options, "basic_mark_ceased_on"),
            )
    return RightFacts(
        kind=RightKind.TRADEMARK,
        jurisdiction=trademark.jurisdiction,
        filing_date=trademark.application_date,
        registration_date=trademark.registration_date,
        current_expiry=trademark.expiry_date,
        madrid=madrid,
    )
