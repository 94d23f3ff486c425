"""Reader ``uspto-peds``: USPTO prosecution records (PEDS) and application texts, JSON lines.

Two record shapes, told apart per line by their keys:

- a PEDS record (``application_number``, ``patent_title``, ``filing_date``, ``status``,
  ``patent_number``, ``app_type``, ``examiner_name``, ``art_unit``, ``prosecution_events``...)
  carries bibliographic data, so it becomes a ``Parsed`` record: the application with its title,
  filing date and, once patented, the patent number (no kind code or grant date in PEDS); every
  prosecution event (``code``, ``description``, ``date``) becomes a legal event with source
  ``USPTO PEDS``; the examiner, art unit, technology centre, status text and counts go to
  ``extra``;
- a specification record (``application_number``, ``title``, ``abstract``,
  ``description_paragraphs``, ``claims``) becomes a ``Parsed`` record with title, abstract and
  claims. Its ``claims`` list is split at claim elements, so the paragraphs are regrouped into
  claims at each ``N .`` opening; the description paragraphs are not stored (the canonical
  model has no description).

A line that is not JSON, not an object, or lacks its application number is Rejected.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ipcenter.core.i18n import N_
from ipcenter.ingest.records import Item, Location, Parsed, Reader, Source
from ipcenter.ingest.uspto_common import (
    RecordError,
    parse_date,
    patent_in,
    rejected,
    require,
    squash,
    us_application_number,
    us_publication_number,
)
from ipcenter.rights import PatentIn, PatentType

EVENT_SOURCE = "USPTO PEDS"
_APP_TYPES = {
    "REGULAR": PatentType.INVENTION,
    "REISSUE": PatentType.INVENTION,
    "DESIGN": PatentType.DESIGN,
    "PLANT": PatentType.PLANT,
}
_CLAIM_START = re.compile(r"^(?:What is claimed is:\s*|I claim:\s*|We claim:\s*)?(\d+)\s?\.\s")
_PEDS_KEYS = (b'"prosecution_events"', b'"patent_title"')
_SPEC_KEYS = (b'"description_paragraphs"',)
_EXTRA_KEYS = (
    "technology_center",
    "tc_description",
    "art_unit",
    "examiner_name",
    "status",
    "app_type",
    "entity_status",
    "has_office_action",
    "has_allowance",
    "total_events_in_file",
    "pulled_at",
)


def sniff(name: str, head: bytes) -> bool:
    first = head.lstrip()[:1]
    return first == b"{" and (
        all(key in head for key in _PEDS_KEYS) or all(key in head for key in _SPEC_KEYS)
    )


def read(source: Source) -> Iterator[Item]:
    with source.open() as stream:
        index = 0
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            location = Location(file=source.name, index=index, line=number)
            index += 1
            text = line.decode("utf-8", errors="replace")
            try:
                yield Parsed(location=location, record=build(_object(text)))
            except RecordError as error:
                yield rejected(location, text, error)


def _object(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise RecordError(N_("the PEDS line is not valid JSON: {error}"), error=str(exc)) from None
    if not isinstance(data, dict):
        raise RecordError(N_("the PEDS line is not a JSON object"))
    return data


def _string(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return squash(value) if isinstance(value, str) else ""


def build(data: dict[str, Any]) -> PatentIn:
    raw = require(_string(data, "application_number"), "application_number")
    application = us_application_number(raw)
    if application is None:
        raise RecordError(
            N_("{value!r} is not a US application number"), field="application_number", value=raw
        )
    if "prosecution_events" in data or "patent_title" in data:
        return _peds(data, application)
    return _specification(data, application)


def _peds(data: dict[str, Any], application: str) -> PatentIn:
    title = _string(data, "patent_title")
    patent = _string(data, "patent_number")
    events = data.get("prosecution_events") or []
    if not isinstance(events, list):
        raise RecordError(
            N_("{field} is not a list in the PEDS record"), field="prosecution_events"
        )
    legal_events = []
    for event in events:
        if not isinstance(event, dict):
            raise RecordError(
                N_("{field} is not a list in the PEDS record"), field="prosecution_events"
            )
        day = parse_date(_string(event, "date"), "prosecution_events.date")
        code = _string(event, "code")
        if day is None or not code:
            raise RecordError(
                N_("a prosecution event lacks its date or code"), field="prosecution_events"
            )
        legal_events.append(
            {
                "date": day,
                "code": code,
                "text": _string(event, "description") or None,
                "source": EVENT_SOURCE,
            }
        )
    fields: dict[str, Any] = {
        "jurisdiction": "US",
        "source": "uspto-peds",
        "application_number": application,
        "filing_date": parse_date(_string(data, "filing_date"), "filing_date"),
        "titles": {"en": title} if title else {},
        "publications": [{"number": us_publication_number(patent, None)}] if patent else [],
        "legal_events": legal_events,
        "extra": {key: data[key] for key in _EXTRA_KEYS if data.get(key) not in (None, "")},
    }
    fields["type"] = _APP_TYPES.get(_string(data, "app_type")) or type_from_series(application)
    return patent_in(fields)


def type_from_series(application: str) -> PatentType | None:
    """The series code tells a design application (29, 35 international designs) from a utility
    one (02–28); plant applications share the utility series and cannot be told apart, so a
    record whose type matters more than that comes with its own (PEDS ``app_type``)."""
    series = int(application[:2])
    if series in (29, 35):
        return PatentType.DESIGN
    return PatentType.INVENTION if 1 <= series <= 28 else None


def _specification(data: dict[str, Any], application: str) -> PatentIn:
    title = _string(data, "title")
    abstract = _string(data, "abstract")
    paragraphs = data.get("claims") or []
    if not isinstance(paragraphs, list):
        raise RecordError(N_("{field} is not a list in the PEDS record"), field="claims")
    claims = group_claims([squash(p) for p in paragraphs if isinstance(p, str)])
    return patent_in(
        {
            "jurisdiction": "US",
            "source": "uspto-peds",
            "application_number": application,
            "titles": {"en": title} if title else {},
            "abstracts": {"en": abstract} if abstract else {},
            "claims": {"en": claims} if claims else {},
            "type": type_from_series(application),
        }
    )


def group_claims(paragraphs: list[str]) -> list[str]:
    """Join claim elements to the claim they belong to; the statement before claim 1 goes."""
    claims: list[str] = []
    for paragraph in paragraphs:
        start = _CLAIM_START.match(paragraph)
        if start is not None:
            claims.append(paragraph[start.start(1) :])
        elif claims:
            claims[-1] = f"{claims[-1]} {paragraph}"
        elif paragraph:
            claims.append(paragraph)
    return claims


READER = Reader(name="uspto-peds", sniff=sniff, read=read)
