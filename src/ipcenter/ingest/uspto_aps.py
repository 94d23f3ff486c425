"""Reader ``uspto-aps``: the APS "Green Book" full text of 1976–2000 grants.

A file is a run of records, each opened by a ``PATN`` line and split into sections (``INVT``,
``ASSG``, ``PRIR``, ``RLAP``, ``CLAS``, ``UREF``, ``FREF``, ``OREF``, ``LREP``, ``PCTA``,
``ABST``, ``CLMS``...). Numbers:

- ``WKU`` is 9 characters: the patent number padded to 8 (``03937375``, ``D0243901``,
  ``RE028767``) and a check character, dropped here; ``039373754`` is US 3,937,375.
- ``APN`` is the 6-digit serial plus a check digit; with ``SRC`` (the series code) it gives the
  application number: SRC 5, APN 5184541 → ``05518454``.
- ``APT`` is the application type (1 utility, 2 reissue, 4 design, 5 defensive publication,
  6 plant, 7 statutory invention registration); Green Book records carry no kind code, so the
  publication's kind is the one of its series (A, E, S, P, H; none for defensive publications).
- Names are ``Family; Given`` and become ``Given Family``; country codes have a trailing ``X``
  (``JPX``); a party with a state (``STA``) and no country is in the US.

Green Book citations carry no cited-by category; they are stored without one.
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
    ipc_from_fixed,
    parse_date,
    patent_in,
    rejected,
    require,
    squash,
    us_application_number,
    us_publication_number,
)
from ipcenter.ingest.uspto_tagged import Field, fields
from ipcenter.rights import PartyRole, PatentIn, PatentType

_KINDS = {"1": "A", "2": "E", "4": "S", "6": "P", "7": "H"}
_TYPES = {
    "1": PatentType.INVENTION,
    "2": PatentType.INVENTION,
    "4": PatentType.DESIGN,
    "5": PatentType.INVENTION,
    "6": PatentType.PLANT,
    "7": PatentType.INVENTION,
}
_WKU_LENGTH = 9
# Sections whose header line is a bare code; every other code is a field.
_SECTIONS = frozenset(
    (
        *("PATN", "INVT", "ASSG", "PRIR", "REIS", "RLAP", "CLAS", "UREF", "FREF", "OREF"),
        *("LREP", "PCTA", "ABST", "GOVT", "PARN", "BSUM", "DRWD", "DETD", "CLMS", "DCLM"),
    )
)


_RECORD_START = re.compile(rb"(?:^|\n)PATN\r?\nWKU  ")


def sniff(name: str, head: bytes) -> bool:
    # A PATN line followed by its WKU, at the start or after a header line of some kind (text
    # before the first record is reported as one rejected item, not taken for a record).
    return _RECORD_START.search(head) is not None


def read(source: Source) -> Iterator[Item]:
    with source.open() as stream:
        record: list[Field] = []
        index = 0
        for field in fields(stream):
            if field.code == "PATN" and record:
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
        if record[0].code != "PATN":
            raise RecordError(
                N_("text before the first {marker} record"), field="PATN", marker="PATN"
            )
        return Parsed(location=location, record=build(record))
    except RecordError as error:
        return rejected(location, raw, error)


def _sections(record: list[Field]) -> list[tuple[str, list[Field]]]:
    sections: list[tuple[str, list[Field]]] = []
    for field in record:
        if field.code in _SECTIONS and not field.value:
            sections.append((field.code, []))
        elif sections:
            sections[-1][1].append(field)
    return sections


def _values(section: list[Field]) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for field in section:
        values.setdefault(field.code, []).append(field.value)
    return values


def _first(values: dict[str, list[str]], code: str) -> str:
    found = values.get(code)
    return found[0] if found else ""


def build(record: list[Field]) -> PatentIn:
    out: dict[str, Any] = {
        "jurisdiction": "US",
        "source": "uspto-aps",
        "priorities": [],
        "parties": [],
        "ipc": [],
        "citations": [],
        "extra": {},
    }
    for name, section in _sections(record):
        handler = _HANDLERS.get(name)
        if handler is not None:
            handler(_values(section), section, out)
    require(out.get("publications"), "WKU")
    return patent_in(out)


def _patent(values: dict[str, list[str]], section: list[Field], out: dict[str, Any]) -> None:
    wku = require(_first(values, "WKU"), "WKU")
    if len(wku) != _WKU_LENGTH:
        raise RecordError(
            N_("WKU {value!r} is not 9 characters (patent number and check character)"),
            field="WKU",
            value=wku,
        )
    application_type = _first(values, "APT")
    issued = parse_date(_first(values, "ISD"), "grant_date")
    out["publications"] = [
        {"number": us_publication_number(wku[:-1], _KINDS.get(application_type)), "date": issued}
    ]
    out["grant_date"] = issued
    if application_type in _TYPES:
        out["type"] = _TYPES[application_type]
    serial = _first(values, "APN")[:6]
    number = us_application_number(serial, _first(values, "SRC"))
    if number is None:
        out["extra"]["application_serial"] = {
            "apn": _first(values, "APN"),
            "src": _first(values, "SRC"),
        }
    out["application_number"] = number
    out["filing_date"] = parse_date(_first(values, "APD"), "filing_date")
    title = squash(_first(values, "TTL"))
    if title:
        out["titles"] = {"en": title}
    claims_count = _first(values, "NCL")
    if claims_count.isdigit():
        out["extra"]["number_of_claims"] = int(claims_count)
    examiners = {
        "primary": inverted_name(_first(values, "EXP")),
        "assistant": inverted_name(_first(values, "EXA")),
        "art_unit": _first(values, "ART"),
    }
    out["extra"]["examiners"] = {key: value for key, value in examiners.items() if value}
    out["extra"]["application_type"] = application_type
    for code, key in (("TRM", "term_of_grant_years"), ("DCD", "disclaimer_date")):
        if _first(values, code):
            out["extra"][key] = _first(values, code)


def _party_country(values: dict[str, list[str]]) -> str | None:
    country = country_code(_first(values, "CNT"))
    if country is None and _first(values, "STA"):
        return "US"
    return country


def _inventor(values: dict[str, list[str]], section: list[Field], out: dict[str, Any]) -> None:
    name = inverted_name(_first(values, "NAM"))
    if name:
        out["parties"].append(
            {
                "role": PartyRole.INVENTOR,
                "name": name,
                "country": _party_country(values),
                "party_type": "individual",
            }
        )


def _assignee(values: dict[str, list[str]], section: list[Field], out: dict[str, Any]) -> None:
    name = squash(_first(values, "NAM"))
    if name:
        out["parties"].append(
            {"role": PartyRole.OWNER, "name": name, "country": _party_country(values)}
        )
    if _first(values, "COD"):
        out["extra"].setdefault("assignee_type_codes", []).append(_first(values, "COD"))


def _priority(values: dict[str, list[str]], section: list[Field], out: dict[str, Any]) -> None:
    country = country_code(_first(values, "CNT"))
    number = _first(values, "APN")
    if country and number:
        out["priorities"].append(
            {
                "country": country,
                "number": number,
                "date": parse_date(_first(values, "APD"), "priorities.date"),
            }
        )


def _related(values: dict[str, list[str]], section: list[Field], out: dict[str, Any]) -> None:
    related = {code.lower(): value[0] for code, value in values.items()}
    out["extra"].setdefault("related_documents", []).append(related)
    number = _first(values, "APN")
    if number:
        out["priorities"].append(
            {
                "country": "US",
                "number": number,
                "date": parse_date(_first(values, "APD"), "priorities.date"),
            }
        )


def _classes(values: dict[str, list[str]], section: list[Field], out: dict[str, Any]) -> None:
    for text in values.get("ICL", []):
        symbol = ipc_from_fixed(text)
        if symbol and symbol not in out["ipc"]:
            out["ipc"].append(symbol)
    out["extra"]["ipc_edition"] = _first(values, "EDF")
    out["extra"]["us_classification"] = {
        "main": _first(values, "OCL"),
        "further": values.get("XCL", []),
    }


def _us_reference(values: dict[str, list[str]], section: list[Field], out: dict[str, Any]) -> None:
    number = _first(values, "PNO")
    if number:
        out["citations"].append({"type": "patent", "number": document_number("US", number)})


def _foreign_reference(
    values: dict[str, list[str]], section: list[Field], out: dict[str, Any]
) -> None:
    number = _first(values, "PNO")
    if number:
        country = country_code(_first(values, "CNT"))
        out["citations"].append({"type": "patent", "number": document_number(country, number)})


def _other_references(
    values: dict[str, list[str]], section: list[Field], out: dict[str, Any]
) -> None:
    for text in values.get("PAL", []):
        if text:
            out["citations"].append({"type": "npl", "text": squash(text)})


def _representative(
    values: dict[str, list[str]], section: list[Field], out: dict[str, Any]
) -> None:
    for field in section:
        if field.code in ("FRM", "FR2", "AAT", "AGT", "ATT", "NAM") and field.value:
            if field.code == "FRM":  # the firm; the other codes name attorneys and agents
                out["parties"].append({"role": PartyRole.AGENT, "name": squash(field.value)})
            else:
                out["parties"].append(
                    {
                        "role": PartyRole.AGENT,
                        "name": inverted_name(field.value),
                        "party_type": "individual",
                    }
                )


def _pct(values: dict[str, list[str]], section: list[Field], out: dict[str, Any]) -> None:
    out["extra"]["pct"] = {code.lower(): value[0] for code, value in values.items()}


def _abstract(values: dict[str, list[str]], section: list[Field], out: dict[str, Any]) -> None:
    text = squash(" ".join(field.value for field in section))
    if text:
        out["abstracts"] = {"en": text}


def _claims(values: dict[str, list[str]], section: list[Field], out: dict[str, Any]) -> None:
    claims: list[str] = []
    for field in section:
        if field.code == "NUM":
            claims.append("")
        elif field.code != "STM" and claims:
            claims[-1] = f"{claims[-1]} {field.value}".strip()
        elif field.code != "STM":
            claims.append(field.value)  # a design claim has no NUM line
    out["claims"] = {"en": [squash(c) for c in claims if c.strip()]}


def _government(values: dict[str, list[str]], section: list[Field], out: dict[str, Any]) -> None:
    out["extra"]["government_interest"] = squash(" ".join(f.value for f in section))


def _reissue(values: dict[str, list[str]], section: list[Field], out: dict[str, Any]) -> None:
    out["extra"]["reissue"] = {code.lower(): value[0] for code, value in values.items()}


_HANDLERS = {
    "PATN": _patent,
    "INVT": _inventor,
    "ASSG": _assignee,
    "PRIR": _priority,
    "RLAP": _related,
    "REIS": _reissue,
    "CLAS": _classes,
    "UREF": _us_reference,
    "FREF": _foreign_reference,
    "OREF": _other_references,
    "LREP": _representative,
    "PCTA": _pct,
    "ABST": _abstract,
    "GOVT": _government,
    "CLMS": _claims,
    "DCLM": _claims,
}

READER = Reader(name="uspto-aps", sniff=sniff, read=read)
