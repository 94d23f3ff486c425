"""Pre-grant publications of 2001–2004 (``patent-application-publication``, PAP DTD v1.x).

The bibliographic block is ``subdoc-bibliographic-information``; abstract and claims sit in
``subdoc-abstract`` and ``subdoc-claims``. Inventors carry ``authority-applicant="INV"`` when they
are the applicants (before 2012 the inventors were): those are recorded as inventor and applicant.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ipcenter.core.i18n import N_
from ipcenter.ingest.uspto_common import (
    RecordError,
    country_code,
    ipc_from_text,
    parse_date,
    patent_in,
    person_name,
    require,
    us_application_number,
    us_publication_number,
)
from ipcenter.ingest.uspto_v4 import child_text, text_of
from ipcenter.rights import PartyRole, PatentIn

Element = etree._Element
Fields = dict[str, Any]


def build(root: Element) -> PatentIn:
    biblio = root.find("subdoc-bibliographic-information")
    if biblio is None:
        raise RecordError(
            N_("{field} is missing from the USPTO record"), field="subdoc-bibliographic-information"
        )
    number = require(child_text(biblio, "document-id/doc-number"), "document-id")
    fields: Fields = {
        "jurisdiction": "US",
        "source": "uspto-xml",
        "publications": [
            {
                "number": us_publication_number(
                    number, child_text(biblio, "document-id/kind-code")
                ),
                "date": parse_date(
                    child_text(biblio, "document-id/document-date"), "publication_date"
                ),
            }
        ],
        "priorities": [],
        "parties": [],
        "ipc": [],
        "citations": [],
        "extra": {"publication_filing_type": child_text(biblio, "publication-filing-type")},
    }
    _filing(biblio, fields)
    for foreign in biblio.iter("foreign-priority-data"):
        country = country_code(child_text(foreign, "country-code"))
        priority_number = child_text(foreign, "priority-application-number/doc-number")
        if country and priority_number:
            fields["priorities"].append(
                {
                    "country": country,
                    "number": priority_number,
                    "date": parse_date(child_text(foreign, "filing-date"), "priorities.date"),
                }
            )
    _technical(biblio.find("technical-information"), fields)
    _continuity(biblio.find("continuity-data"), fields)
    _inventors(biblio.find("inventors"), fields)
    for assignee in biblio.iter("assignee"):
        name = child_text(assignee, "organization-name") or _person(assignee.find("name"))
        if name:
            fields["parties"].append({"role": PartyRole.OWNER, "name": name})
        code = child_text(assignee, "assignee-type")
        if code:
            fields["extra"].setdefault("assignee_type_codes", []).append(code)
    _texts(root, fields)
    return patent_in(fields)


def _filing(biblio: Element, fields: Fields) -> None:
    filing = biblio.find("domestic-filing-data")
    raw = require(child_text(filing, "application-number/doc-number"), "domestic-filing-data")
    number = us_application_number(raw, child_text(filing, "application-number-series-code"))
    if number is None:
        raise RecordError(
            N_("{value!r} is not a US application number"), field="application_number", value=raw
        )
    fields["application_number"] = number
    fields["filing_date"] = parse_date(child_text(filing, "filing-date"), "filing_date")


def _technical(technical: Element | None, fields: Fields) -> None:
    if technical is None:
        return
    ipc = technical.find("classification-ipc")
    if ipc is not None:
        for item in ipc.iter("ipc"):
            symbol = ipc_from_text(item.text)
            if symbol and symbol not in fields["ipc"]:
                fields["ipc"].append(symbol)
        fields["extra"]["ipc_edition"] = child_text(ipc, "classification-ipc-edition")
    us = technical.find("classification-us")
    if us is not None:
        fields["extra"]["us_classification"] = {
            "main": " ".join(
                filter(
                    None,
                    [
                        child_text(us, "classification-us-primary/uspc/class"),
                        child_text(us, "classification-us-primary/uspc/subclass"),
                    ],
                )
            ),
            "further": [
                f"{child_text(uspc, 'class')} {child_text(uspc, 'subclass')}".strip()
                for secondary in us.iter("classification-us-secondary")
                for uspc in secondary.iter("uspc")
            ],
        }
    title = child_text(technical, "title-of-invention")
    if title:
        fields["titles"] = {"en": title}


def _continuity(continuity: Element | None, fields: Fields) -> None:
    if continuity is None:
        return
    related = []
    for parent in continuity.iter("parent", "non-provisional-of-provisional"):
        relation = parent.getparent()
        # parent → parent-child → continuation-of / division-of …
        kind = relation.getparent() if relation is not None else None
        number = child_text(parent, "document-id/doc-number")
        date = child_text(parent, "document-id/document-date")
        label = parent.tag if parent.tag != "parent" else (kind.tag if kind is not None else "")
        related.append({"relation": label, "doc-number": number, "date": date})
        if number:
            country = "WO" if number.upper().startswith("PCT") else "US"
            fields["priorities"].append(
                {"country": country, "number": number, "date": parse_date(date, "priorities.date")}
            )
    fields["extra"]["related_documents"] = related


def _person(name: Element | None) -> str:
    if name is None:
        return ""
    return person_name(
        child_text(name, "given-name"),
        child_text(name, "middle-name"),
        child_text(name, "family-name"),
        suffix=child_text(name, "name-suffix"),
    )


def _inventors(inventors: Element | None, fields: Fields) -> None:
    if inventors is None:
        return
    for inventor in inventors:
        if inventor.tag not in ("first-named-inventor", "inventor"):
            continue
        name = _person(inventor.find("name"))
        if not name:
            continue
        residence = inventor.find("residence")
        country = (
            country_code(child_text(residence, ".//country-code"))
            if residence is not None
            else None
        )
        person = {"name": name, "country": country, "party_type": "individual"}
        fields["parties"].append({"role": PartyRole.INVENTOR, **person})
        if child_text(inventor, "authority-applicant") == "INV":
            fields["parties"].append({"role": PartyRole.APPLICANT, **person})


def _texts(root: Element, fields: Fields) -> None:
    abstract = root.find("subdoc-abstract")
    if abstract is not None:
        paragraphs = [text_of(p) for p in abstract.iter("paragraph")]
        text = " ".join(p for p in paragraphs if p)
        if text:
            fields["abstracts"] = {"en": text}
    claims = root.find("subdoc-claims")
    if claims is not None:
        texts = [text_of(claim) for claim in claims.iter("claim")]
        fields["claims"] = {"en": [t for t in texts if t]}
