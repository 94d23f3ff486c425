"""JSON-lines record sets, one object per line, told apart by their keys:

- the CN dairy set (``shared/reference/patents/cn_dairy_patents.jsonl``): ``record_id``,
  ``publication_numbers``, ``application_number``, titles and abstracts per language, parties,
  dates, IPC/partial CPC, the source's legal-status label, ``source`` URLs;
- the BioPAT set (``biopat_patents.jsonl``): ``id`` (a US patent number), ``title``, ``text``
  (the abstract) and ``lang``.

A line that is not JSON, not an object, of neither shape, or whose numbers cannot be read (a CN
application number whose check digit fails, a record with no number at all) is ``Rejected`` with
its line and the reason. Keys the reader does not use are kept in ``extra``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import pydantic

from ipcenter.core.i18n import N_
from ipcenter.ingest.cells import CellError, is_classification_symbol, parse_date
from ipcenter.ingest.normalise import infer_party_type
from ipcenter.ingest.records import Item, Location, Parsed, Reader, Rejected, Source
from ipcenter.ingest.tabular import sniff_encoding
from ipcenter.rights import (
    InvalidNumber,
    PartyIn,
    PartyRole,
    PartyType,
    PatentIn,
    PatentType,
    PublicationIn,
    parse_cn_application_number,
    parse_publication_number,
)

# Google Patents writes "Individual" where an applicant is a natural person it does not name.
_PLACEHOLDER_NAMES = frozenset({"Individual"})
_CN_DAIRY_USED = frozenset(
    {
        "publication_number",
        "publication_numbers",
        "application_number",
        "title_zh",
        "title_en",
        "abstract_zh",
        "abstract_en",
        "applicants",
        "current_assignees",
        "inventors",
        "agency",
        "application_date",
        "publication_date",
        "grant_date",
        "grant_publication_number",
        "ipc",
        "ipc_main",
        "cpc_partial",
        "source",
    }
)


class _Bad(Exception):
    def __init__(self, reason: str, field: str | None = None, /, **params: Any) -> None:
        super().__init__(reason)
        self.reason, self.field, self.params = reason, field, params


def _date(record: dict[str, Any], key: str) -> dt.date | None:
    try:
        return parse_date(record.get(key))
    except CellError as exc:
        raise _Bad(exc.reason, key, **exc.params) from None


def _names(values: Any) -> list[str]:
    if not isinstance(values, list):
        return []
    return [str(v).strip() for v in values if str(v).strip() and str(v) not in _PLACEHOLDER_NAMES]


def _cn_dairy(record: dict[str, Any]) -> PatentIn:
    application = record.get("application_number")
    number = None
    if application:
        number = parse_cn_application_number(str(application), field="application_number")
    main = record.get("publication_number")
    numbers = [str(n) for n in record.get("publication_numbers") or ([main] if main else [])]
    grant_number = record.get("grant_publication_number")
    publications: list[PublicationIn] = []
    for text in sorted(numbers, key=lambda n: n != main):
        parsed = parse_publication_number(text, field="publication_numbers")
        day = _date(record, "publication_date") if text == main else None
        if text == grant_number:
            day = _date(record, "grant_date")
        publications.append(PublicationIn(number=parsed.normalised, date=day))
    if number is None and not publications:
        raise _Bad(N_("the record has neither a publication number nor an application number"))
    parties = [
        PartyIn(role=PartyRole.APPLICANT, name=name, party_type=infer_party_type(name))
        for name in _names(record.get("applicants"))
    ]
    parties += [
        PartyIn(role=PartyRole.OWNER, name=name, party_type=infer_party_type(name))
        for name in _names(record.get("current_assignees"))
    ]
    parties += [
        PartyIn(role=PartyRole.INVENTOR, name=name, party_type=PartyType.INDIVIDUAL)
        for name in _names(record.get("inventors"))
    ]
    if record.get("agency"):
        parties.append(PartyIn(role=PartyRole.AGENT, name=str(record["agency"])))
    extra: dict[str, Any] = {
        k: v for k, v in record.items() if k not in _CN_DAIRY_USED and v is not None
    }
    ipc = _symbols([record.get("ipc_main"), *_listed(record.get("ipc"))], "ipc", extra)
    if record.get("cpc_partial"):
        extra["cpc_is_partial"] = True  # the source lists only some CPC symbols
    if any(str(n) in _PLACEHOLDER_NAMES for n in record.get("applicants") or []):
        extra["applicant_label"] = "Individual"
    sources = record.get("source") or []
    return PatentIn(
        jurisdiction="CN",
        application_number=number.formatted if number else None,
        filing_date=_date(record, "application_date"),
        publications=publications,
        grant_date=_date(record, "grant_date"),
        titles=_by_language(record, "title"),
        abstracts=_by_language(record, "abstract"),
        parties=parties,
        ipc=ipc,
        cpc=_symbols(_listed(record.get("cpc_partial")), "cpc", extra),
        source=" ".join(str(s) for s in sources) if isinstance(sources, list) else str(sources),
        extra=extra,
    )


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _symbols(values: list[Any], scheme: str, extra: dict[str, Any]) -> list[str]:
    """IPC/CPC-shaped symbols in order, once each; others are kept in ``extra``."""
    kept: list[str] = []
    for value in values:
        if value is None or value == "":
            continue
        text = str(value)
        if not is_classification_symbol(text):
            extra.setdefault(f"unreadable_{scheme}", []).append(text)
        elif text not in kept:
            kept.append(text)
    return kept


def _by_language(record: dict[str, Any], kind: str) -> dict[str, str]:
    return {
        lang: str(record[f"{kind}_{lang}"]) for lang in ("zh", "en") if record.get(f"{kind}_{lang}")
    }


def _biopat(record: dict[str, Any]) -> PatentIn:
    number = str(record.get("id") or "").strip()
    if not number:
        raise _Bad(N_("the record has no patent number"), "id")
    parsed = parse_publication_number(f"US{number}", field="id")
    lang = str(record.get("lang") or "en")
    extra = {k: v for k, v in record.items() if k not in {"id", "title", "text", "lang"}}
    return PatentIn(
        jurisdiction="US",
        type=PatentType.INVENTION,  # BioPAT holds utility patents (PatentsView utility grants)
        publications=[PublicationIn(number=parsed.normalised)],
        titles={lang: str(record["title"])} if record.get("title") else {},
        abstracts={lang: str(record["text"])} if record.get("text") else {},
        source="BioPAT-Benchmark queries.jsonl (USPTO PatentsView text)",
        extra=extra,
    )


def shape_of(record: dict[str, Any]) -> str | None:
    if "record_id" in record and (
        "publication_numbers" in record or "application_number" in record
    ):
        return "cn-dairy"
    if {"id", "title", "text"} <= record.keys():
        return "biopat"
    return None


def _item(line: str, location: Location) -> Item:
    raw = line.rstrip("\r\n")

    def reject(reason: str, field: str | None = None, /, **params: Any) -> Rejected:
        return Rejected(location=location, raw=raw, reason=reason, field=field, params=params)

    try:
        record = json.loads(raw)
    except ValueError as exc:
        return reject(N_("the line is not valid JSON: {error}"), error=str(exc))
    if not isinstance(record, dict):
        return reject(N_("the line holds no JSON object"))
    shape = shape_of(record)
    if shape is None:
        return reject(N_("the object has the keys of no known record set"))
    try:
        patent = _cn_dairy(record) if shape == "cn-dairy" else _biopat(record)
    except _Bad as exc:
        return reject(exc.reason, exc.field, **exc.params)
    except InvalidNumber as exc:
        return reject(str(exc.params.get("reason")), str(exc.params.get("field")), **exc.params)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        return reject(
            N_("the record does not validate: {error}"),
            ".".join(str(p) for p in first["loc"]),
            error=first["msg"],
        )
    except (TypeError, AttributeError) as exc:  # a key holding the wrong kind of value
        return reject(N_("the record does not validate: {error}"), error=str(exc))
    return Parsed(location=location, record=patent)


def sniff(name: str, head: bytes) -> bool:
    first = head.split(b"\n", 1)[0].strip()
    if not first.startswith(b"{"):
        return False
    try:
        record = json.loads(first.decode("utf-8"))
    except ValueError:
        return name.lower().endswith((".jsonl", ".ndjson"))
    return isinstance(record, dict) and shape_of(record) is not None


def read(source: Source) -> Iterator[Item]:
    with source.open() as head_stream:
        encoding = sniff_encoding(head_stream.read(64 * 1024))
    with source.open() as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        index = 0
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            yield _item(line, Location(file=source.name, index=index, line=number))
            index += 1


READER = Reader(name="jsonl", sniff=sniff, read=read)
