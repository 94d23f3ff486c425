"""Grants of 2001–2004 in the WIPO ST.32 tagging (``PATDOC``, USPTO "SGML" v2.4/2.5 as XML).

Elements are named after INID codes: B110 number, B130 kind, B140 date, B210/B211US/B220
application, B300 priorities, B510 IPC (B516 edition; Locarno for designs), B520 US class, B540
title, B560 citations (each followed by ``CITED-BY-EXAMINER`` or ``CITED-BY-OTHER``), B577 claims
count, B600 related applications, B720 inventors, B730 assignees (B732US type code), B740 agents,
B745 examiners, B860/B870 PCT data; text lives in ``PDAT`` leaves. SDOAB is the abstract, SDOCL
the claims.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ipcenter.core.i18n import N_
from ipcenter.ingest.uspto_common import (
    RecordError,
    country_code,
    document_number,
    ipc_from_fixed,
    parse_date,
    patent_in,
    person_name,
    require,
    us_application_number,
    us_publication_number,
)
from ipcenter.ingest.uspto_v4 import child_text, text_of
from ipcenter.rights import PartyRole, PatentIn, PatentType

Element = etree._Element
Fields = dict[str, Any]

_CATEGORIES = {"CITED-BY-EXAMINER": "cited by examiner", "CITED-BY-OTHER": "cited by other"}
_KIND_TYPES = {"S": PatentType.DESIGN, "P": PatentType.PLANT, "P2": PatentType.PLANT}


def build(root: Element) -> PatentIn:
    biblio = root.find("SDOBI")
    if biblio is None:
        raise RecordError(N_("{field} is missing from the USPTO record"), field="SDOBI")
    number = require(child_text(biblio, "B100/B110"), "B110")
    kind = child_text(biblio, "B100/B130")
    grant_date = parse_date(child_text(biblio, "B100/B140"), "grant_date")
    fields: Fields = {
        "jurisdiction": "US",
        "source": "uspto-xml",
        "publications": [{"number": us_publication_number(number, kind), "date": grant_date}],
        "grant_date": grant_date,
        "priorities": [],
        "parties": [],
        "ipc": [],
        "citations": [],
        "extra": {"dtd_version": root.get("DTD")},
    }
    if kind in _KIND_TYPES:
        fields["type"] = _KIND_TYPES[kind]
    _application(biblio, fields)
    for priority in biblio.iter("B300"):
        country = country_code(child_text(priority, "B330"))
        priority_number = child_text(priority, "B310")
        if country and priority_number:
            fields["priorities"].append(
                {
                    "country": country,
                    "number": priority_number,
                    "date": parse_date(child_text(priority, "B320"), "priorities.date"),
                }
            )
    technical = biblio.find("B500")
    if technical is not None:
        _technical(technical, fields, design=kind == "S")
    related = biblio.find("B600")
    if related is not None:
        _related(related, fields)
    _pct(biblio, fields)
    parties = biblio.find("B700")
    if parties is not None:
        _parties(parties, fields)
    abstract = text_of(root.find("SDOAB"))
    if abstract:
        fields["abstracts"] = {"en": abstract}
    claims = root.find("SDOCL")
    if claims is not None:
        fields["claims"] = {"en": [t for t in (text_of(c) for c in claims.iter("CLM")) if t]}
    return patent_in(fields)


def _application(biblio: Element, fields: Fields) -> None:
    raw = require(child_text(biblio, "B200/B210"), "B210")
    number = us_application_number(raw, child_text(biblio, "B200/B211US"))
    if number is None:
        raise RecordError(
            N_("{value!r} is not a US application number"), field="application_number", value=raw
        )
    fields["application_number"] = number
    fields["filing_date"] = parse_date(child_text(biblio, "B200/B220"), "filing_date")


def _raw(element: Element | None) -> str:
    """The text as written, inner spaces kept: fixed-width symbols (``B32B  302``) need them."""
    return "".join(element.itertext()).strip("\r\n\t") if element is not None else ""


def _technical(technical: Element, fields: Fields, *, design: bool) -> None:
    ipc = technical.find("B510")
    if ipc is not None:
        # Fixed-width symbols: the spaces are significant, so the text is not squashed.
        symbols = [_raw(e) for e in ipc if e.tag in ("B511", "B512")]
        edition = child_text(ipc, "B516")
        if design:
            # A design's B511 is its Locarno class (1402 = class 14, subclass 02), not IPC.
            fields["extra"]["locarno"] = {"classes": symbols, "edition": edition}
        else:
            for text in symbols:
                symbol = ipc_from_fixed(text)
                if symbol and symbol not in fields["ipc"]:
                    fields["ipc"].append(symbol)
            fields["extra"]["ipc_edition"] = edition
    us = technical.find("B520")
    if us is not None:
        fields["extra"]["us_classification"] = {
            "main": _raw(us.find("B521")),
            "further": [_raw(e) for e in us.iter("B522")],
        }
    title = child_text(technical, "B540")
    if title:
        fields["titles"] = {"en": title}
    for group in technical.iter("B561", "B562"):
        _citation(group, fields)
    claims_count = child_text(technical, "B570/B577")
    if claims_count.isdigit():
        fields["extra"]["number_of_claims"] = int(claims_count)
    term = child_text(technical, "B470/B472/B474") or child_text(technical, "B472/B474")
    if term:
        fields["extra"]["term_of_grant_years"] = term


def _citation(group: Element, fields: Fields) -> None:
    category = next((_CATEGORIES[e.tag] for e in group if e.tag in _CATEGORIES), None)
    if group.tag == "B561":
        doc = group.find("PCIT/DOC")
        number = child_text(doc, "DNUM")
        if number:
            country = child_text(doc, "CTRY") or "US"
            fields["citations"].append(
                {
                    "type": "patent",
                    "number": document_number(country, number, child_text(doc, "KIND")),
                    "category": category,
                }
            )
    else:
        text = child_text(group, "NCIT")
        if text:
            fields["citations"].append({"type": "npl", "text": text, "category": category})


def _related(related: Element, fields: Fields) -> None:
    documents = []
    for relation in related:
        if not isinstance(relation.tag, str):
            continue
        for parent in relation.iter("PDOC"):
            number = child_text(parent, "DOC/DNUM")
            date = child_text(parent, "DOC/DATE")
            documents.append({"relation": relation.tag, "doc-number": number, "date": date})
            if number:
                country = "WO" if number.upper().startswith("PCT") else "US"
                fields["priorities"].append(
                    {
                        "country": country,
                        "number": number,
                        "date": parse_date(date, "priorities.date"),
                    }
                )
    fields["extra"]["related_documents"] = documents


def _pct(biblio: Element, fields: Fields) -> None:
    pct: dict[str, str] = {}
    for tag, key in (("B860", "filing"), ("B870", "publication")):
        element = next(biblio.iter(tag), None)
        if element is not None:
            pct[key] = text_of(element)
    if pct:
        fields["extra"]["pct"] = pct


def _name(party: Element | None) -> tuple[str, str | None]:
    """Name and country of a ``PARTY-US`` (a person's country defaults to US when only a state
    is given)."""
    if party is None:
        return "", None
    organisation = child_text(party, "NAM/ONM")
    name = organisation or person_name(
        child_text(party, "NAM/FNM"),
        child_text(party, "NAM/SNM"),
        suffix=child_text(party, "NAM/SFX"),
    )
    country = country_code(child_text(party, "ADR/CTRY"))
    if country is None and child_text(party, "ADR/STATE"):
        country = "US"
    return name, country


def _parties(parties: Element, fields: Fields) -> None:
    for group_tag, item_tag, role in (
        ("B720", "B721", PartyRole.INVENTOR),
        ("B730", "B731", PartyRole.OWNER),
        ("B740", "B741", PartyRole.AGENT),
    ):
        for group in parties.iter(group_tag):
            for item in group.iter(item_tag):
                party = item.find("PARTY-US")
                name, country = _name(party)
                if not name:
                    continue
                entry: dict[str, Any] = {"role": role, "name": name, "country": country}
                if party is not None and party.find("NAM/ONM") is None:
                    entry["party_type"] = "individual"
                fields["parties"].append(entry)
            if group_tag == "B730":
                code = child_text(group, "B732US")
                if code:
                    fields["extra"].setdefault("assignee_type_codes", []).append(code)
    examiners = parties.find("B745")
    if examiners is not None:
        found = {
            "primary": _name(examiners.find("B746/PARTY-US"))[0],
            "assistant": _name(examiners.find("B747/PARTY-US"))[0],
            "art_unit": child_text(examiners, "B748US"),
        }
        fields["extra"]["examiners"] = {key: value for key, value in found.items() if value}
