"""Turning one row of an export, read through its layout, into a canonical ``PatentIn``.

Every tabular reader (Lens, Google, PatentsView, PATENTSCOPE, Espacenet, incoPat, PatSnap) ends
here, so one set of rules decides numbers, dates, parties and classifications:

- publication numbers are parsed with ``rights.parse_publication_number`` (a bad one rejects the
  row, unless it is a Mexican application number, as PATENTSCOPE gives them, or the row has an
  application number to keep the record under); a CN application number must pass its check
  digit (a mismatch rejects the row); an application number in a spelling that cannot be
  normalised (DOCDB forms without the US series code, PCT numbers in a national column) is kept
  in ``extra`` and the record is keyed by its publication number instead;
- a date that cannot be read rejects the row, naming the column;
- classification symbols that are not IPC/CPC-shaped are kept in ``extra`` rather than stored;
- the first applicant gets the address's region code, the country and the USCC when the export
  has them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pydantic

from ipcenter.core.i18n import N_
from ipcenter.ingest.cells import (
    CellError,
    cell_text,
    guess_language,
    is_classification_symbol,
    parse_date,
)
from ipcenter.ingest.export_numbers import (
    application_number_from_export,
    is_valid_uscc,
    parse_priority,
)
from ipcenter.ingest.layouts import EXTRA_PREFIX, RowFields
from ipcenter.ingest.normalise import (
    best_region,
    country_from_address,
    infer_party_type,
    split_country_suffix,
)
from ipcenter.ingest.patent_types import infer_patent_type
from ipcenter.ingest.records import Location, Parsed, Rejected
from ipcenter.rights import (
    CitationIn,
    InvalidNumber,
    PartyIn,
    PartyRole,
    PartyType,
    PatentIn,
    PriorityIn,
    PublicationIn,
    looks_like_mx_application_number,
    parse_mx_application_number,
    parse_publication_number,
)

_ROLES = {
    "applicants": PartyRole.APPLICANT,
    "owners": PartyRole.OWNER,
    "inventors": PartyRole.INVENTOR,
    "agents": PartyRole.AGENT,
}
_DATE_FIELDS = ("filing_date", "publication_date", "grant_date")
# Lens "Document Type" / incoPat and PatSnap 专利类型 values that say the document is a grant.
_GRANT_MARKERS = ("granted", "授权")


class RowRejected(Exception):
    """Raised inside assembly; carries what the Rejected item needs."""

    def __init__(self, reason: str, field: str | None = None, /, **params: Any) -> None:
        super().__init__(reason)
        self.reason, self.field, self.params = reason, field, params


@dataclass(frozen=True)
class Options:
    """What a reader adds to the common rules."""

    reader: str
    jurisdiction: str | None = None  # when the export has no jurisdiction column (CN exports)
    null_tokens: frozenset[str] = frozenset()  # cells meaning "no value" (PATENTSCOPE's "NA")
    name_cleaner: Callable[[str], str] = lambda name: name
    docdb_application_numbers: bool = False  # Espacenet's spelling, converted for CN
    extra: dict[str, Any] = field(default_factory=dict)


def assemble(
    fields: RowFields, location: Location, raw: str, options: Options
) -> Parsed | Rejected:
    """A ``Parsed`` record, or a ``Rejected`` one naming the field and the reason."""
    try:
        record = _build(_drop_nulls(fields, options.null_tokens), options)
    except RowRejected as exc:
        return Rejected(
            location=location, raw=raw, reason=exc.reason, field=exc.field, params=exc.params
        )
    except InvalidNumber as exc:
        return Rejected(
            location=location,
            raw=raw,
            reason=str(exc.params.get("reason") or exc.template),
            field=str(exc.params.get("field") or "number"),
            params=dict(exc.params),
        )
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        return Rejected(
            location=location,
            raw=raw,
            reason=N_("the record does not validate: {error}"),
            field=".".join(str(part) for part in first["loc"]),
            params={"error": first["msg"]},
        )
    return Parsed(location=location, record=record)


def _drop_nulls(fields: RowFields, tokens: frozenset[str]) -> RowFields:
    if not tokens:
        return fields
    values = {
        key: kept
        for key, items in fields.values.items()
        if (kept := [v for v in items if cell_text(v) not in tokens])
    }
    unknown = {k: v for k, v in fields.unknown.items() if v not in tokens}
    return RowFields(values=values, unknown=unknown, header=fields.header)


def _build(fields: RowFields, options: Options) -> PatentIn:
    extra: dict[str, Any] = dict(options.extra)
    jurisdiction = _jurisdiction(fields, options)
    application_number = _application_number(fields, jurisdiction, options, extra)
    try:
        publications = _publications(fields, jurisdiction)
    except InvalidNumber as error:
        publications, application_number = _unparsed_publication(
            fields, jurisdiction, application_number, error
        )
        extra["publication_number_as_exported"] = fields.text("publication_number")
    if not publications and not application_number:
        raise RowRejected(N_("the row has neither a publication number nor an application number"))
    dates = {name: _date(fields, name) for name in _DATE_FIELDS}
    if publications and dates["publication_date"] and publications[0].date is None:
        publications[0] = PublicationIn(
            number=publications[0].number, date=dates["publication_date"]
        )
    elif not publications and dates["publication_date"]:
        extra["publication_date"] = dates["publication_date"].isoformat()  # no publication holds it
    document_type = fields.text("document_type")
    if document_type:
        extra["document_type"] = document_type
        if dates["grant_date"] is None and any(m in document_type.lower() for m in _GRANT_MARKERS):
            dates["grant_date"] = dates["publication_date"]
    ipc, cpc = _symbols(fields, "ipc", extra), _symbols(fields, "cpc", extra)
    patent_type = None
    if not (jurisdiction == "CN" and application_number):  # there the type digit decides
        patent_type, assumed = infer_patent_type(
            publications, fields.text("patent_type") or document_type
        )
        if assumed:
            extra["patent_type_assumed"] = True
    _collect_extra(fields, extra)
    return PatentIn(
        jurisdiction=jurisdiction,
        type=patent_type,
        application_number=application_number,
        filing_date=dates["filing_date"],
        publications=publications,
        grant_date=dates["grant_date"],
        priorities=_priorities(fields, extra, dates["filing_date"]),
        titles={**_texts(fields, "title_translated"), **_texts(fields, "title")},
        abstracts=_texts(fields, "abstract"),
        claims={lang: [text] for lang, text in _texts(fields, "claims").items()},
        parties=_parties(fields, options, extra),
        ipc=ipc,
        cpc=cpc,
        citations=_citations(fields),
        family_id=fields.text("family_id") or None,
        source=f"{options.reader}",
        extra=extra,
    )


def _jurisdiction(fields: RowFields, options: Options) -> str:
    given = fields.text("jurisdiction").upper()
    if re.fullmatch(r"[A-Z]{2}", given):
        return given
    number = fields.text("publication_number") or fields.text("application_number")
    prefix = re.match(r"\s*([A-Za-z]{2})", number)
    if prefix:
        return prefix[1].upper()
    if options.jurisdiction:
        return options.jurisdiction
    raise RowRejected(N_("the row does not say which office the patent belongs to"), "jurisdiction")


def _publications(fields: RowFields, jurisdiction: str) -> list[PublicationIn]:
    kind = fields.text("kind").upper()
    publications: list[PublicationIn] = []
    column = fields.header_of("publication_number")
    numbers = [cell_text(v) for v in fields.all("publication_number")]
    numbers += [cell_text(v) for v in fields.all("grant_publication_number")]
    for text in numbers:
        spelled = text if re.match(r"\s*[A-Za-z]{2}", text) else f"{jurisdiction}{text}"
        parsed = parse_publication_number(spelled.upper(), field=column)
        if parsed.kind is None and kind and len(numbers) == 1:
            parsed = parse_publication_number(f"{parsed.normalised}{kind}", field=column)
        if all(p.number != parsed.normalised for p in publications):
            publications.append(PublicationIn(number=parsed.normalised))
    grant_publication = fields.all("grant_publication_number")
    if grant_publication and len(publications) > 1:
        grant_date = _date(fields, "grant_date")
        publications[-1] = PublicationIn(number=publications[-1].number, date=grant_date)
    return publications


def _unparsed_publication(
    fields: RowFields, jurisdiction: str, application_number: str | None, error: InvalidNumber
) -> tuple[list[PublicationIn], str | None]:
    """The publications and application number of a row whose publication number no spelling
    takes (``error`` says why); the caller keeps the exported text in ``extra``.

    Mexico publishes applications under their application number, which PATENTSCOPE lists as
    the publication number (``mxMX/a/2007/009111``): it is read as that application number, with
    its DOCDB publication number when one is known (``MX2007009111``). Otherwise the record is
    kept under its application number (AU provisional ``AU PP322298 D0``, HU ``H3737``): the
    publication number has no canonical spelling, but the record is real. A row with neither is
    rejected with ``error``."""
    text = fields.text("publication_number")
    if jurisdiction == "MX" and looks_like_mx_application_number(text):
        column = fields.header_of("publication_number")
        try:
            number = parse_mx_application_number(text, field=column)
        except InvalidNumber as bad:
            raise RowRejected(
                N_("{value!r} in {column} is not a Mexican application number: {reason}"),
                column,
                **{**bad.params, "value": text, "column": column},
            ) from None
        published = number.publication_number
        publications = [PublicationIn(number=published)] if published else []
        return publications, application_number or number.formatted
    if not application_number:
        raise error
    return [], application_number


def _application_number(
    fields: RowFields, jurisdiction: str, options: Options, extra: dict[str, Any]
) -> str | None:
    text = fields.text("application_number")
    if not text:
        return None
    return application_number_from_export(
        text,
        jurisdiction,
        field=fields.header_of("application_number"),
        docdb=options.docdb_application_numbers,
        extra=extra,
    )


def _date(fields: RowFields, name: str) -> dt.date | None:
    value = fields.first(name)
    if value is None:
        return None
    column = fields.header.column_for(name)
    try:
        return parse_date(value, column.date_format if column else "")
    except CellError as exc:
        raise RowRejected(exc.reason, fields.header_of(name), **exc.params) from None


def _texts(fields: RowFields, name: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for column in fields.header.columns:
        if column is None or column.field != name:
            continue
        values = fields.values.get(name, [])
        for value in values:
            text = cell_text(value)
            lang = column.lang if column.lang not in ("", "auto") else guess_language(text)
            texts.setdefault(lang, text)
        break
    return texts


def _parties(fields: RowFields, options: Options, extra: dict[str, Any]) -> list[PartyIn]:
    parties: list[PartyIn] = []
    for field_name, role in _ROLES.items():
        for value in fields.all(field_name):
            raw = options.name_cleaner(cell_text(value))
            name, country = split_country_suffix(raw)
            if not name:
                continue
            party_type = (
                PartyType.INDIVIDUAL if role is PartyRole.INVENTOR else infer_party_type(name)
            )
            parties.append(PartyIn(role=role, name=name, country=country, party_type=party_type))
    _apply_party_types(fields, parties)
    return _first_applicant_facts(fields, parties, extra)


# Applicant-type labels of Chinese exports (incoPat 申请人类型, PatSnap [标]当前申请(专利权)人类型),
# the categories CNIPA's statistics use.
_CN_PARTY_TYPES = (
    ("个人", PartyType.INDIVIDUAL),
    ("院校", PartyType.UNIVERSITY),
    ("大专院校", PartyType.UNIVERSITY),
    ("高校", PartyType.UNIVERSITY),
    ("科研", PartyType.RESEARCH_INSTITUTE),
    ("研究", PartyType.RESEARCH_INSTITUTE),
    ("机关", PartyType.PUBLIC_BODY),
    ("政府", PartyType.PUBLIC_BODY),
    ("事业", PartyType.PUBLIC_BODY),
    ("企业", PartyType.ENTERPRISE),
    ("公司", PartyType.ENTERPRISE),
)


def _apply_party_types(fields: RowFields, parties: list[PartyIn]) -> None:
    """An export's own type labels, by position, override the types guessed from the names."""
    labels = [cell_text(v) for v in fields.all("party_types")]
    if not labels:
        return
    role = (
        PartyRole.APPLICANT
        if any(p.role is PartyRole.APPLICANT for p in parties)
        else PartyRole.OWNER
    )
    positions = [i for i, p in enumerate(parties) if p.role is role]
    for position, label in zip(positions, labels, strict=False):
        found = next((kind for marker, kind in _CN_PARTY_TYPES if marker in label), None)
        if found is not None:
            parties[position] = parties[position].model_copy(update={"party_type": found})


def _first_applicant_facts(
    fields: RowFields, parties: list[PartyIn], extra: dict[str, Any]
) -> list[PartyIn]:
    address = fields.text("applicant_address")
    # PatSnap gives the current owner's province, city and county as names instead of an address.
    place = "".join(
        fields.text(f) for f in ("applicant_province", "applicant_city", "applicant_county")
    )
    given_code = fields.text("applicant_region_code")
    uscc = fields.text("uscc").upper()
    if address:
        extra["applicant_address"] = address
    if given_code:
        extra["applicant_region_code"] = given_code
    first = next((i for i, p in enumerate(parties) if p.role is PartyRole.APPLICANT), None)
    if first is None:
        first = next((i for i, p in enumerate(parties) if p.role is PartyRole.OWNER), None)
    if first is None:
        if uscc:
            extra["uscc"] = uscc
        return parties
    party = parties[first]
    updates: dict[str, Any] = {}
    region = best_region(address or place or None, given_code or None)
    if region:
        updates["region_code"] = region
    country = country_from_address(address) if address else None
    if country and party.country is None:
        updates["country"] = country
    elif region and party.country is None:
        # GB/T 2260 gives Taiwan, Hong Kong and Macao codes 71, 81 and 82.
        updates["country"] = {"71": "TW", "81": "HK", "82": "MO"}.get(region[:2], "CN")
    if uscc:
        if is_valid_uscc(uscc):
            updates["uscc"] = uscc
        else:
            extra["uscc_invalid"] = uscc
    if updates:
        parties[first] = party.model_copy(update=updates)
    return parties


def _symbols(fields: RowFields, scheme: str, extra: dict[str, Any]) -> list[str]:
    values = [cell_text(v) for v in (*fields.all(f"{scheme}_main"), *fields.all(scheme))]
    kept: list[str] = []
    for value in values:
        if not is_classification_symbol(value):
            extra.setdefault(f"unreadable_{scheme}", []).append(value)
        elif value not in kept:
            kept.append(value)
    return kept


def _priorities(
    fields: RowFields, extra: dict[str, Any], filing_date: dt.date | None
) -> list[PriorityIn]:
    """The priority claims. A claim dated after the application claiming it (a priority comes
    first by definition, Paris Convention art. 4) rejects the row rather than storing a wrong
    priority; a claim without a country is kept in ``extra``, never stored as a claim."""
    dates: list[dt.date | None] = []
    column = fields.header.column_for("priority_date")
    for value in fields.all("priority_date"):
        try:
            dates.append(parse_date(value, column.date_format if column else ""))
        except CellError as exc:
            raise RowRejected(exc.reason, fields.header_of("priority_date"), **exc.params) from None
    priorities: list[PriorityIn] = []
    where = fields.header_of("priority_numbers")
    for index, value in enumerate(fields.all("priority_numbers")):
        hint = dates[index] if index < len(dates) else None
        text = cell_text(value)
        claim = parse_priority(text, hint)
        if claim is None:
            # PATENTSCOPE repeats a claim in spellings without a country ("[761285", "null"):
            # kept aside, never stored as a claim.
            extra.setdefault("unparsed_priorities", []).append(text)
            continue
        if claim.date and filing_date and claim.date > filing_date:
            raise RowRejected(
                N_("the priority date {priority_date} is after the filing date {filing_date}"),
                where,
                priority_date=claim.date.isoformat(),
                filing_date=filing_date.isoformat(),
            )
        priorities.append(claim)
    if dates and not fields.all("priority_numbers"):
        extra["earliest_priority_date"] = min(d for d in dates if d).isoformat()
    return priorities


def _citations(fields: RowFields) -> list[CitationIn]:
    """Cited documents; a field ``patent_citations:search`` gives its citations that category
    (Espacenet separates search-report, examination, applicant and opposition citations)."""
    citations: list[CitationIn] = []
    for key, values in fields.values.items():
        kind, _, category = key.partition(":")
        if kind not in ("patent_citations", "npl_citations"):
            continue
        for value in values:
            text = cell_text(value)
            if kind == "patent_citations":
                citations.append(CitationIn(type="patent", number=text, category=category or None))
            else:
                citations.append(CitationIn(type="npl", text=text, category=category or None))
    return citations


def _collect_extra(fields: RowFields, extra: dict[str, Any]) -> None:
    for column in fields.header.columns:
        if column is None or not column.field.startswith(EXTRA_PREFIX):
            continue
        values = fields.values.get(column.field)
        if not values:
            continue
        key = column.field.removeprefix(EXTRA_PREFIX)
        texts = [_extra_value(v, column.date_format) for v in values]
        extra[key] = texts if column.separator else texts[0]
    if fields.text("patent_type"):
        extra["patent_type_as_exported"] = fields.text("patent_type")
    if fields.unknown:
        extra["columns"] = dict(fields.unknown)


def _extra_value(value: Any, date_format: str) -> str:
    if not date_format or date_format == "text":
        return cell_text(value)
    try:
        day = parse_date(value, date_format)
    except CellError:
        return cell_text(value)
    return day.isoformat() if day else ""
