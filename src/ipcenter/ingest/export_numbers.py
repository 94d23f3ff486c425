"""Numbers as exports spell them: application numbers (Lens' DOCDB-like ``CN 201120567554 U``,
Espacenet's DOCDB ``CN20082137630U``), priority claims and unified social credit codes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ipcenter.ingest.cells import CellError, parse_date
from ipcenter.rights import PriorityIn, parse_cn_application_number

# A DOCDB-style application number as Lens writes it: country, number, kind ("EP 11153172 A").
_SPACED_KIND = re.compile(r"^(?P<country>[A-Z]{2})\s*(?P<number>\S+)\s+[A-Z]\d?$")
# The two spellings rights.store reads for US applications: series code + serial, or DOCDB's
# filing year + series code + serial (with an optional kind letter).
_US_APPLICATION = re.compile(r"^(?:US)?(?:[0-9]{8}|(?:19|20)[0-9]{2}[0-9]{8}[A-Z]?)$")
_US_APPLICATION_SEPARATORS = re.compile(r"[\s,/]+")
# EP application numbers in DOCDB spelling: EP + year + 7-digit serial ("EP20080751305" is EPO's
# 08751305: two-digit year and the 6-digit serial).
_EP_DOCDB = re.compile(r"^EP(?P<year>(?:19|20)\d{2})0(?P<serial>\d{6})[A-Z]?$")
# CN application numbers in DOCDB spelling (Espacenet): CN + year + type digit + serial without
# its leading zeros + kind ("CN20082137630U" is 200820137630).
_CN_DOCDB = re.compile(r"^CN(?P<year>20\d{2})(?P<type>[12389])(?P<serial>\d{1,7})[A-Z]?$")


def application_number_from_export(
    text: str, jurisdiction: str, *, field: str, docdb: bool, extra: dict[str, Any]
) -> str | None:
    """The application number to store, None when its spelling cannot be normalised (the
    exported text is then kept in ``extra``); raises InvalidNumber for a bad CN number.

    ``docdb`` says the export spells numbers as DOCDB does (Espacenet)."""
    compact = text.upper().strip()
    if docdb:
        return _from_docdb(compact, jurisdiction, field, extra)
    spaced = _SPACED_KIND.match(compact)
    if jurisdiction == "CN":
        digits = spaced["number"] if spaced else compact
        return parse_cn_application_number(digits, field=field).formatted
    if jurisdiction == "US" and not _US_APPLICATION.match(
        _US_APPLICATION_SEPARATORS.sub("", compact)
    ):
        extra["application_number_as_exported"] = text
        return None
    if spaced and jurisdiction != "US":
        return f"{spaced['country']}{spaced['number']}"
    return compact


def _from_docdb(compact: str, jurisdiction: str, column: str, extra: dict[str, Any]) -> str | None:
    """CN and EP application numbers from DOCDB's spelling; other offices' DOCDB numbers match
    no other source's spelling (US ones lack the series code), so they are kept in ``extra`` and
    the record is keyed by its publication number."""
    cn = _CN_DOCDB.match(compact.replace(" ", ""))
    if jurisdiction == "CN" and cn:
        digits = cn["year"] + cn["type"] + cn["serial"].zfill(7)
        return parse_cn_application_number(digits, field=column).formatted
    ep = _EP_DOCDB.match(compact)
    if jurisdiction == "EP" and ep:
        return f"EP{ep['year'][2:]}{ep['serial']}"
    extra["application_number_docdb"] = compact
    return None


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def is_valid_uscc(code: str) -> bool:
    """A unified social credit code (GB 32100-2015): 18 characters, the last a check character
    over the first 17 with weights 3^i mod 31 and the 31-character alphabet without I O Z S V."""
    if len(code) != 18 or any(char not in _USCC_CHARS for char in code):
        return False
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31] == code[17]


_PRIORITY_DATE = re.compile(
    r"^(?:\d{8}|\d{4}-\d{2}-\d{2}(?:T[0-9:.]+Z?)?|\d{2}\.\d{2}\.\d{4}|\d{4}[./]\d{1,2}[./]\d{1,2})$"
)


def _as_priority_date(token: str) -> dt.date | None:
    """The date a token spells, None when it is not a date of the patent era (1790 on, not in the
    future): ``94110719`` would be 19 July 9411 and is a number."""
    if not _PRIORITY_DATE.match(token):
        return None
    try:
        day = parse_date(token, "dmy")
    except CellError:
        return None
    return day if day and dt.date(1790, 1, 1) <= day <= dt.date.today() else None


def parse_priority(text: str, date_hint: dt.date | None = None) -> PriorityIn | None:
    """A priority claim from the spellings exports use, None when no country can be told:
    ``US 201161550506 P 20111024`` (Lens), ``200402236U 2004-10-01T23:59:59.000Z ES``
    (PATENTSCOPE), ``UA20110007354U 20110610`` (Espacenet), ``CN202310104843.5`` (CN exports).

    Numbers can look like dates (``CN 94110719 A 19940802``; PATENTSCOPE's ``NO 20130326
    20130432``, date first), so the date is the last token that spells a real date, and never the
    only token left for the number."""
    country: str | None = None
    tokens: list[str] = []
    for token in text.strip(" []").split():
        if country is None and re.fullmatch(r"[A-Z]{2}", token):
            country = token
        else:
            tokens.append(token)
    day: dt.date | None = None
    dated = [i for i, token in enumerate(tokens) if _as_priority_date(token)]
    numberish = [token for token in tokens if not re.fullmatch(r"[A-Z]\d?", token)]
    if dated and len(numberish) > 1:
        day = _as_priority_date(tokens.pop(dated[-1]))
    parts: list[str] = []
    for token in tokens:
        if re.fullmatch(r"[A-Z]\d?", token) and parts:
            continue  # a DOCDB kind letter after the number (P = provisional, A, U, W)
        parts.append(token)
    number = " ".join(parts)
    prefix = re.match(r"([A-Z]{2})(?=[0-9])", number)
    if country is None and prefix:
        country, number = prefix[1], number[2:]
    if country is None or not number:
        return None
    return PriorityIn(country=country, number=number, date=day or date_hint)
