"""The ICE XML of grants (``us-patent-grant``, 2005 →) and applications
(``us-patent-application``), DTD versions 4.0 to 4.x.

One pass over the bibliographic block's children, each handled by the function its tag names;
texts (abstract, claims) are read from their own top-level elements. Version differences met in
the samples: v4.0–4.2 put parties under ``parties/applicants`` (``app-type="applicant-inventor"``:
the person is both applicant and inventor) and citations under ``references-cited/citation``;
v4.3+ use ``us-parties`` with separate ``inventors`` and ``us-references-cited/us-citation``;
v4.0 may write an assignee's ``orgname`` without an ``addressbook``; IPC is edition-based
(``classification-ipc``) up to 2005 and IPCR parts (``classifications-ipcr``) after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

from ipcenter.core.i18n import N_
from ipcenter.ingest.uspto_common import (
    RecordError,
    country_code,
    document_number,
    ipc_from_text,
    ipc_symbol,
    parse_date,
    patent_in,
    person_name,
    require,
    squash,
    us_application_number,
    us_publication_number,
)
from ipcenter.rights import PartyRole, PatentIn, PatentType

Element = etree._Element
Fields = dict[str, Any]

_APPL_TYPES = {
    "utility": PatentType.INVENTION,
    "reissue": PatentType.INVENTION,
    "design": PatentType.DESIGN,
    "plant": PatentType.PLANT,
}
# Relations under us-related-documents whose parent application the record claims the benefit of.
_CONTINUITY = frozenset(
    {
        "continuation",
        "continuation-in-part",
        "division",
        "continuing-reissue",
        "reissue",
        "substitution",
        "us-reexamination-reissue-merger",
    }
)


def text_of(element: Element | None) -> str:
    return squash("".join(element.itertext())) if element is not None else ""


def child_text(element: Element | None, path: str) -> str:
    """The whole text under ``path`` (inline markup included), whitespace squashed."""
    if element is None:
        return ""
    found = element.find(path)
    return text_of(found)


def leaf(element: Element, path: str) -> str:
    """The text of a leaf element (no markup inside): cheaper than :func:`child_text`."""
    return (element.findtext(path) or "").strip()


def _document_id(element: Element | None) -> dict[str, str]:
    """country/doc-number/kind/date of a ``document-id`` (absent parts left out)."""
    found: dict[str, str] = {}
    if element is not None:
        for child in element:
            text = child.text.strip() if child.text else ""
            if text and isinstance(child.tag, str):
                found[child.tag] = text
    return found


def build(root: Element) -> PatentIn:
    grant = root.tag == "us-patent-grant"
    biblio = root.find(
        "us-bibliographic-data-grant" if grant else "us-bibliographic-data-application"
    )
    if biblio is None:
        raise RecordError(
            N_("{field} is missing from the USPTO record"), field="us-bibliographic-data"
        )
    fields: Fields = {
        "jurisdiction": "US",
        "source": "uspto-xml",
        "publications": [],
        "priorities": [],
        "parties": [],
        "ipc": [],
        "cpc": [],
        "citations": [],
        "extra": {"dtd_version": root.get("dtd-version")},
    }
    for child in biblio:
        if isinstance(child.tag, str):
            handler = _HANDLERS.get(child.tag)
            if handler is not None:
                handler(child, fields)
    if not fields["publications"]:
        raise RecordError(
            N_("{field} is missing from the USPTO record"), field="publication-reference"
        )
    require(fields.get("application_number"), "application-reference")
    if grant:
        fields["grant_date"] = fields["publications"][0]["date"]
    _texts(root, fields)
    return patent_in(fields)


def _texts(root: Element, fields: Fields) -> None:
    language = (root.get("lang") or "en").lower()
    abstract = text_of(root.find("abstract"))
    if abstract:
        fields["abstracts"] = {language: abstract}
    claims_root = root.find("claims")
    if claims_root is not None:
        claims = [text_of(claim) for claim in claims_root.iter("claim")]
        fields["claims"] = {language: [c for c in claims if c]}
    title = fields.pop("_title", "")
    if title:
        fields["titles"] = {language: title}


def _publication(element: Element, fields: Fields) -> None:
    doc = _document_id(element.find("document-id"))
    number = require(doc.get("doc-number"), "publication-reference")
    fields["publications"].append(
        {
            "number": us_publication_number(number, doc.get("kind")),
            "date": parse_date(doc.get("date"), "publication_date"),
        }
    )


def _application(element: Element, fields: Fields) -> None:
    doc = _document_id(element.find("document-id"))
    raw = require(doc.get("doc-number"), "application-reference")
    number = us_application_number(raw)
    if number is None:
        raise RecordError(
            N_("{value!r} is not a US application number"), field="application_number", value=raw
        )
    fields["application_number"] = number
    fields["filing_date"] = parse_date(doc.get("date"), "filing_date")
    patent_type = _APPL_TYPES.get(element.get("appl-type") or "")
    if patent_type is not None:
        fields["type"] = patent_type
    fields["extra"]["application_type"] = element.get("appl-type")


def _term(element: Element, fields: Fields) -> None:
    extension = child_text(element, "us-term-extension")
    if extension.isdigit():
        fields["extra"]["term_extension_days"] = int(extension)
    disclaimer = element.find("disclaimer")
    if element.find("terminal-disclaimer") is not None or disclaimer is not None:
        fields["extra"]["terminal_disclaimer"] = True
    length = child_text(element, "length-of-grant")
    if length:
        fields["extra"]["length_of_grant_years"] = length


def _priorities(element: Element, fields: Fields) -> None:
    for claim in element.iter("priority-claim"):
        doc = _document_id(claim)
        country = country_code(doc.get("country"))
        if country and doc.get("doc-number"):
            fields["priorities"].append(
                {
                    "country": country,
                    "number": doc["doc-number"],
                    "date": parse_date(doc.get("date"), "priorities.date"),
                }
            )


def _symbol(item: Element) -> str | None:
    """An IPCR or CPC entry's symbol from its parts, read in one pass over its children."""
    parts = _document_id(item)
    return ipc_symbol(
        parts.get("section", "") + parts.get("class", "") + parts.get("subclass", ""),
        parts.get("main-group", ""),
        parts.get("subgroup", ""),
    )


def _ipcr(element: Element, fields: Fields) -> None:
    for item in element.iter("classification-ipcr"):
        symbol = _symbol(item)
        if symbol and symbol not in fields["ipc"]:
            fields["ipc"].append(symbol)


def _ipc_edition(element: Element, fields: Fields) -> None:
    fields["extra"]["ipc_edition"] = child_text(element, "edition")
    for item in element:
        if item.tag in ("main-classification", "further-classification"):
            symbol = ipc_from_text(item.text)
            if symbol and symbol not in fields["ipc"]:
                fields["ipc"].append(symbol)


def _locarno(element: Element, fields: Fields) -> None:
    """A design's Locarno class (``14-02``); designs have no IPC."""
    fields["extra"]["locarno"] = {
        "classes": [
            squash(e.text)
            for e in element
            if e.tag in ("main-classification", "further-classification") and e.text
        ],
        "edition": leaf(element, "edition"),
    }


def _cpc(element: Element, fields: Fields) -> None:
    for item in element.iter("classification-cpc"):
        symbol = _symbol(item)
        if symbol and symbol not in fields["cpc"]:
            fields["cpc"].append(symbol)


def _national(element: Element, fields: Fields) -> None:
    if child_text(element, "country") not in ("", "US"):
        return
    fields["extra"]["us_classification"] = {
        "main": (element.findtext("main-classification") or "").strip(),
        "further": [e.text.strip() for e in element.iter("further-classification") if e.text],
    }


def _title(element: Element, fields: Fields) -> None:
    fields["_title"] = text_of(element)


# What a citation is read from, wherever it sits inside the citation element.
_CITATION_PARTS = ("category", "country", "doc-number", "kind", "othercit")


def _citations(element: Element, fields: Fields) -> None:
    for citation in element:
        if citation.tag not in ("citation", "us-citation"):
            continue
        # One pass in C over the citation's descendants; the first occurrence of a part wins
        # (an examiner's citation also carries a classification-national/country after it).
        parts: dict[str, Element] = {}
        for part in citation.iter(*_CITATION_PARTS):
            parts.setdefault(str(part.tag), part)
        found = parts.get("category")
        category = (found.text or "").strip() or None if found is not None else None
        number = parts.get("doc-number")
        if number is not None and number.text and number.text.strip():
            country, kind = parts.get("country"), parts.get("kind")
            fields["citations"].append(
                {
                    "type": "patent",
                    "number": document_number(
                        country.text if country is not None else None,
                        number.text,
                        kind.text if kind is not None else None,
                    ),
                    "category": category,
                }
            )
        elif "othercit" in parts:
            text = text_of(parts["othercit"])
            if text:
                fields["citations"].append({"type": "npl", "text": text, "category": category})


def _related(element: Element, fields: Fields) -> None:
    related: list[dict[str, Any]] = []
    for relation in element:
        if not isinstance(relation.tag, str):
            continue
        documents = []
        for doc_id in relation.iter("document-id"):
            parent = doc_id.getparent()
            doc = _document_id(doc_id)
            doc["role"] = str(parent.tag if parent is not None else relation.tag)
            documents.append(doc)
            if (relation.tag in _CONTINUITY and doc["role"] == "parent-doc") or (
                relation.tag == "us-provisional-application"
            ):
                _domestic_priority(doc, fields)
        related.append({"relation": relation.tag, "documents": documents})
    fields["extra"]["related_documents"] = related


def _domestic_priority(doc: dict[str, str], fields: Fields) -> None:
    """A parent application the record claims the benefit of, as a priority claim. A PCT
    parent is spelt ``PCT/CH02/00573`` with country US; its country is WO."""
    number = doc.get("doc-number", "")
    if not number:
        return
    country = "WO" if number.upper().startswith("PCT") else country_code(doc.get("country"))
    if country is None:
        return
    fields["priorities"].append(
        {
            "country": country,
            "number": number,
            "date": parse_date(doc.get("date"), "priorities.date"),
        }
    )


def _addressbook_name(book: Element) -> tuple[str, bool]:
    """The party's name and whether it is a person."""
    organisation = squash(book.findtext("orgname"))
    if organisation:
        return organisation, False
    name = person_name(
        book.findtext("first-name"),
        book.findtext("middle-name"),
        book.findtext("last-name"),
        suffix=book.findtext("suffix"),
    )
    return name or squash(book.findtext("name")), bool(name)


def _party(holder: Element, role: PartyRole) -> dict[str, Any] | None:
    book = holder.find("addressbook")
    name, person = _addressbook_name(book if book is not None else holder)
    if not name:
        return None
    country = country_code(holder.findtext("addressbook/address/country")) or country_code(
        holder.findtext("residence/country")
    )
    party: dict[str, Any] = {"role": role, "name": name, "country": country}
    if person:
        party["party_type"] = "individual"
    return party


def _add(fields: Fields, party: dict[str, Any] | None) -> None:
    if party is not None:
        fields["parties"].append(party)


def _parties(element: Element, fields: Fields) -> None:
    # v4.0-4.2 list inventors only as applicants with app-type "applicant-inventor"; later
    # versions use that app-type too but also list every inventor under <inventors>.
    separate_inventors = element.find("inventors") is not None
    for group in element:
        if group.tag in ("applicants", "us-applicants"):
            for applicant in group:
                if not isinstance(applicant.tag, str):
                    continue
                _add(fields, _party(applicant, PartyRole.APPLICANT))
                if applicant.get("app-type") == "applicant-inventor" and not separate_inventors:
                    _add(fields, _party(applicant, PartyRole.INVENTOR))
        elif group.tag == "inventors":
            for inventor in group:
                if isinstance(inventor.tag, str):
                    _add(fields, _party(inventor, PartyRole.INVENTOR))
        elif group.tag == "agents":
            for agent in group:
                if isinstance(agent.tag, str):
                    _add(fields, _party(agent, PartyRole.AGENT))


def _assignees(element: Element, fields: Fields) -> None:
    codes = []
    for assignee in element.iter("assignee"):
        _add(fields, _party(assignee, PartyRole.OWNER))
        code = child_text(assignee, "addressbook/role") or child_text(assignee, "role")
        if code:
            codes.append(code)
    if codes:
        fields["extra"]["assignee_type_codes"] = codes


def _examiners(element: Element, fields: Fields) -> None:
    examiners: dict[str, str] = {}
    for examiner in element:
        if not isinstance(examiner.tag, str):
            continue
        name, _ = _addressbook_name(examiner)
        examiners[examiner.tag.removesuffix("-examiner")] = name
        department = child_text(examiner, "department")
        if department:
            examiners["art_unit"] = department
    fields["extra"]["examiners"] = examiners


def _pct_filing(element: Element, fields: Fields) -> None:
    pct = fields["extra"].setdefault("pct", {})
    pct["filing"] = _document_id(element.find("document-id"))
    date_371 = child_text(element, "us-371c124-date/date") or child_text(
        element, "us-371c12-date/date"
    )
    if date_371:
        pct["us_371_date"] = date_371


def _pct_publishing(element: Element, fields: Fields) -> None:
    fields["extra"].setdefault("pct", {})["publication"] = _document_id(element.find("document-id"))


def _count(key: str) -> Callable[[Element, Fields], None]:
    def handle(element: Element, fields: Fields) -> None:
        text = squash(element.text)
        if text.isdigit():
            fields["extra"][key] = int(text)

    return handle


_HANDLERS: dict[str, Callable[[Element, Fields], None]] = {
    "publication-reference": _publication,
    "application-reference": _application,
    "us-term-of-grant": _term,
    "priority-claims": _priorities,
    "classifications-ipcr": _ipcr,
    "classification-ipc": _ipc_edition,
    "classifications-cpc": _cpc,
    "classification-locarno": _locarno,
    "classification-national": _national,
    "invention-title": _title,
    "references-cited": _citations,
    "us-references-cited": _citations,
    "number-of-claims": _count("number_of_claims"),
    "us-related-documents": _related,
    "parties": _parties,
    "us-parties": _parties,
    "assignees": _assignees,
    "examiners": _examiners,
    "pct-or-regional-filing-data": _pct_filing,
    "pct-or-regional-publishing-data": _pct_publishing,
}
