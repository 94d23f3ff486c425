"""Reader ``uspto-brs``: BRS tagged-text grant records (the ``css_brs`` sample, grants of 2015).

Each record opens with a tab-separated summary line (patent number, kind, grant date,
application number, size) and the title, then ``*** BRS DOCUMENT BOUNDARY ***`` and one field
per line (``DWKU``, ``APT``, ``GISD``, ``APNR``, ``AFD``, ``IPCP``/``IPCS``, ``CPOI``/``CPOA``,
``URGP``/``FRGP``/``ORPL`` citations with their "cited by" category at the end, ``CLPR`` claims,
``ABPR`` abstract paragraphs, ``AANM`` applicants, ``INNM`` inventors, ``ASNM`` assignees,
``LRFM``/``LRFW`` agents, ``COND`` continuity, ``PRCO``/``PRAN``/``PRAD`` foreign priorities,
``PPNR``/``PPKC``/``PPPD`` the earlier pre-grant publication). ``TRX`` is read as the term
extension in days. A value ``N/A`` means absent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ipcenter.core.i18n import N_
from ipcenter.ingest.records import Item, Location, Parsed, Reader, Source
from ipcenter.ingest.uspto_common import (
    RecordError,
    country_code,
    document_number,
    inverted_name,
    ipc_from_text,
    parse_date,
    patent_in,
    rejected,
    require,
    squash,
    us_application_number,
    us_publication_number,
)
from ipcenter.ingest.uspto_tagged import Field, fields
from ipcenter.rights import PartyRole, PatentIn

BOUNDARY = "*** BRS DOCUMENT BOUNDARY ***"
_CATEGORY = re.compile(r"\s(cited by (?:examiner|applicant|other|third party))\.?\s*$")
# "US 2003/0169838 A1 20030900 Greenstreet et al. 375/376", "JP A-6-143669 19940500",
# "WO WO 2009/087872 A1 20090700": country, number (spaces allowed), optional kind, date.
_REFERENCE = re.compile(
    r"(?P<country>[A-Z]{2}) (?P<number>.+?)(?: (?P<kind>[A-Z][0-9]?))? (?P<date>\d{8})\b"
)
_PARENT = re.compile(r"parent-doc (?P<country>[A-Z]{2}) (?P<number>\S+) (?P<date>\d{8})")
_PROVISIONAL = re.compile(
    r"^us-provisional-application (?P<country>[A-Z]{2}) (?P<number>\S+) (?P<date>\d{8})"
)


def sniff(name: str, head: bytes) -> bool:
    return BOUNDARY.encode() in head[:4096]


def _is_summary(field: Field) -> bool:
    return "\t" in field.code


def read(source: Source) -> Iterator[Item]:
    with source.open() as stream:
        record: list[Field] = []
        index = 0
        for field in fields(stream):
            if _is_summary(field) and record:
                yield _item(record, source.name, index)
                index += 1
                record = []
            record.append(field)
        if record:
            yield _item(record, source.name, index)


def _item(record: list[Field], file: str, index: int) -> Item:
    location = Location(file=file, index=index, line=record[0].line)
    raw = "\n".join(line for field in record for line in field.raw)
    try:
        return Parsed(location=location, record=build(record))
    except RecordError as error:
        return rejected(location, raw, error)


def _value(field: Field) -> str:
    value = squash(field.value)
    return "" if value == "N/A" else value


def build(record: list[Field]) -> PatentIn:
    values: dict[str, list[str]] = {}
    for field in record:
        if field.code != BOUNDARY.split()[0] and not _is_summary(field):
            values.setdefault(field.code, []).append(_value(field))
    if not any(field.code == "***" and field.value.startswith("BRS DOCUMENT") for field in record):
        raise RecordError(
            N_("{field} is missing from the USPTO record"), field="BRS DOCUMENT BOUNDARY"
        )

    def first(code: str) -> str:
        found = values.get(code)
        return found[0] if found else ""

    number = require(first("DWKU") or first("WKU"), "DWKU")
    kind = first("APT")
    granted = parse_date(first("GISD"), "grant_date")
    application = us_application_number(first("APNR"))
    if application is None:
        raise RecordError(
            N_("{value!r} is not a US application number"),
            field="application_number",
            value=first("APNR"),
        )
    out: dict[str, Any] = {
        "jurisdiction": "US",
        "source": "uspto-brs",
        "application_number": application,
        "filing_date": parse_date(first("AFD"), "filing_date"),
        "grant_date": granted,
        "publications": [{"number": us_publication_number(number, kind), "date": granted}],
        "titles": {"en": first("TTL")} if first("TTL") else {},
        "abstracts": {"en": " ".join(values.get("ABPR", []))} if values.get("ABPR") else {},
        "claims": {"en": values.get("CLPR", [])} if values.get("CLPR") else {},
        "ipc": _symbols(record, ("IPCP", "IPCS")),
        "cpc": _symbols(record, ("CPOI", "CPOA")),
        "priorities": _priorities(values),
        "parties": _parties(record),
        "citations": _citations(record),
        "extra": _extra(values),
    }
    if first("PPNR"):
        out["publications"].append(
            {
                "number": us_publication_number(first("PPNR"), first("PPKC")),
                "date": parse_date(first("PPPD"), "publications.date"),
            }
        )
    return patent_in(out)


def _symbols(record: list[Field], codes: tuple[str, ...]) -> list[str]:
    symbols: list[str] = []
    for field in record:
        if field.code in codes and field.value:
            symbol = ipc_from_text(field.value.split()[0])
            if symbol and symbol not in symbols:
                symbols.append(symbol)
    return symbols


def _priorities(values: dict[str, list[str]]) -> list[dict[str, Any]]:
    priorities: list[dict[str, Any]] = []
    for country, number, day in zip(
        values.get("PRCO", []), values.get("PRAN", []), values.get("PRAD", []), strict=False
    ):
        code = country_code(country)
        if code and number:
            priorities.append(
                {"country": code, "number": number, "date": parse_date(day, "priorities.date")}
            )
    for continuity in values.get("COND", []):
        match = _PROVISIONAL.match(continuity) or _PARENT.search(continuity)
        if match is not None:
            priorities.append(
                {
                    "country": match["country"],
                    "number": match["number"],
                    "date": parse_date(match["date"], "priorities.date"),
                }
            )
    return priorities


def _parties(record: list[Field]) -> list[dict[str, Any]]:
    parties: list[dict[str, Any]] = []
    last: dict[str, Any] | None = None
    for field in record:
        value = _value(field)
        if field.code == "AANM" and value:
            last = {"role": PartyRole.APPLICANT, "name": _name(value)}
            if ";" in value:
                last["party_type"] = "individual"
        elif field.code == "INNM" and value:
            last = {
                "role": PartyRole.INVENTOR,
                "name": inverted_name(value),
                "party_type": "individual",
            }
        elif field.code == "ASNM" and value:
            last = {"role": PartyRole.OWNER, "name": value}
        elif field.code in ("LRFM", "LRFW") and value:
            last = {"role": PartyRole.AGENT, "name": _name(value)}
            if field.code == "LRFW":
                last["party_type"] = "individual"
        elif field.code in ("AACO", "INCO", "ASCO") and parties and last is parties[-1]:
            last["country"] = country_code(value)
            continue
        else:
            continue
        parties.append(last)
    return parties


def _name(value: str) -> str:
    # Applicants that are people are written "Family; Given" like inventors.
    return inverted_name(value) if ";" in value else value


def _citations(record: list[Field]) -> list[dict[str, Any]]:
    citations: list[dict[str, Any]] = []
    for field in record:
        if field.code not in ("URGP", "FRGP", "ORPL"):
            continue
        text = squash(field.value)
        match = _CATEGORY.search(text)
        category = match.group(1) if match else None
        body = text[: match.start()].strip() if match else text
        if field.code == "ORPL":
            if body:
                citations.append({"type": "npl", "text": body, "category": category})
            continue
        reference = _REFERENCE.match(body)
        if reference is not None:
            number = document_number(reference["country"], reference["number"], reference["kind"])
            citations.append({"type": "patent", "number": number, "category": category})
    return citations


def _extra(values: dict[str, list[str]]) -> dict[str, Any]:
    def first(code: str) -> str:
        found = values.get(code)
        return found[0] if found else ""

    extra: dict[str, Any] = {
        "us_classification": {"further": values.get("CIFS", [])},
        "related_documents": values.get("COND", []),
        "examiners": {
            key: inverted_name(first(code))
            for key, code in (("primary", "EXP"), ("assistant", "EXA"))
            if first(code)
        },
        "art_unit": first("ART"),
        "assignee_type_codes": values.get("ASTC", []),
    }
    if first("TRX").isdigit():
        extra["term_extension_days"] = int(first("TRX"))
    if first("NCL").isdigit():
        extra["number_of_claims"] = int(first("NCL"))
    return extra


READER = Reader(name="uspto-brs", sniff=sniff, read=read)
