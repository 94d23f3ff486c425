"""CNIPA legal-event lists (申请号, 事务数据公告日, 事务数据) and legal-status lists with
INPADOC-style codes (PB01, SE01, GR01, CF01, RJ01, WD01, TR01, PE01, EE01 …).

Each row becomes an ``EventsFor`` item keyed by the CN application number (check digit
verified), which the pipeline attaches to the record already stored. A CNIPA text is turned into
its code with ``data/ingest/cnipa_event_texts.csv``; a code given as such is kept and gets its
Chinese text from ``data/rights/legal_event_codes.csv``. A text that no row maps keeps the text
itself as its code, so nothing is lost and no status effect is guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

from ipcenter.core.i18n import N_
from ipcenter.core.refdata import load_table
from ipcenter.ingest.assemble import Options
from ipcenter.ingest.cells import CellError, parse_date
from ipcenter.ingest.layouts import RowFields, layout_score, load_layout
from ipcenter.ingest.records import EventsFor, Item, Location, Reader, Rejected, Source
from ipcenter.ingest.table_reader import TableSpec
from ipcenter.ingest.tabular import CHINESE, first_text_lines
from ipcenter.rights import InvalidNumber, LegalEventIn, parse_cn_application_number

TEXTS = "ingest/cnipa_event_texts.csv"
CODES = "rights/legal_event_codes.csv"
LAYOUTS = ("cnipa_events_2024", "cn_legal_status_2024")
_CODE = re.compile(r"[A-Z]{2}\d{2}|EXPY")
_OPTIONS = Options(reader="cnipa-events", jurisdiction="CN")


@cache
def _texts() -> tuple[tuple[str, str], ...]:
    pairs = [(row["text_zh"], row["code"]) for row in load_table(TEXTS).rows]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@cache
def _code_texts() -> dict[str, str]:
    return {row["code"]: row["text_zh"] for row in load_table(CODES).where(jurisdiction="CN")}


def code_for(text: str) -> str | None:
    """The INPADOC-style code of a CNIPA event text: exact match, else the longest known text
    the given one starts with; None when no row maps it."""
    folded = unicodedata.normalize("NFKC", text).strip()
    for known, code in _texts():
        if folded == known:
            return code
    for known, code in _texts():
        if folded.startswith(known):
            return code
    return None


def _event(fields: RowFields, location: Location, raw: str, options: Options) -> Item:
    def reject(reason: str, field: str, /, **params: object) -> Rejected:
        return Rejected(location=location, raw=raw, reason=reason, field=field, params=params)

    number_text = fields.text("application_number")
    if not number_text:
        return reject(
            N_("the row has no application number"), fields.header_of("application_number")
        )
    try:
        number = parse_cn_application_number(
            number_text, field=fields.header_of("application_number")
        )
    except InvalidNumber as exc:
        return reject(
            str(exc.params.get("reason")), fields.header_of("application_number"), **exc.params
        )
    try:
        day = parse_date(fields.first("event_date"))
    except CellError as exc:
        return reject(exc.reason, fields.header_of("event_date"), **exc.params)
    if day is None:
        return reject(N_("the row has no event date"), fields.header_of("event_date"))
    event = fields.text("event")
    given_code = fields.text("event_code").upper()
    if not event and not given_code:
        return reject(N_("the row names no legal event"), fields.header_of("event"))
    if _CODE.fullmatch(event.upper()):
        code, text = event.upper(), _code_texts().get(event.upper())
    else:
        code, text = (given_code or code_for(event) or event), event
    detail = " ".join(
        part for part in (fields.text("event_detail"), *fields.unknown.values()) if part
    )
    full_text = " ".join(part for part in (text or "", detail) if part) or None
    return EventsFor(
        location=location,
        jurisdiction="CN",
        number=number.formatted,
        events=(LegalEventIn(date=day, code=code, text=full_text, source=options.reader),),
    )


def sniff(name: str, head: bytes) -> bool:
    rows = first_text_lines(head, CHINESE)
    layouts = [load_layout(layout) for layout in LAYOUTS]
    return any(layout_score(row, layout) for row in rows[:3] for layout in layouts)


SPEC = TableSpec(layouts=LAYOUTS, options=_OPTIONS, family=CHINESE, build=_event)


def read(source: Source) -> Iterator[Item]:
    return SPEC.read(source)


READER = Reader(name="cnipa-events", sniff=sniff, read=read)
