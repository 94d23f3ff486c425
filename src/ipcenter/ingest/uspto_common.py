"""Pieces every USPTO reader shares: record errors, dates, names, numbers, classification symbols.

The USPTO formats spell the same facts differently (``G06F015/00``, ``G06F 1516``, IPCR parts;
``Miller, Jr.; George H.`` and ``<first-name>``/``<last-name>``); these helpers turn each spelling
into the one the canonical model stores, so the readers differ only in where they find a value.

Conventions (documented in docs/ingest-uspto.md):

- person names are "Given Family" (``Surendar Magar``, ``George H. Miller, Jr.``);
- publication numbers are country + serial without leading zeros + kind (``US8926509B2``,
  ``USD435854S``, ``US20050004437A1``);
- US application numbers are the 2-digit series code + 6-digit serial (``12134151``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from ipcenter.core.i18n import N_
from ipcenter.ingest.normalise import infer_party_type
from ipcenter.ingest.records import Location, Rejected
from ipcenter.rights import PartyType, PatentIn

_COUNTRY = re.compile(r"[A-Z]{2}")
# Raw text kept in the quarantine is capped: a truncated weekly file can leave megabytes in one
# "document", and the reason already says what is wrong.
RAW_LIMIT = 200_000


class RecordError(Exception):
    """One record cannot be read; ``reason`` is an English msgid filled from ``params``."""

    def __init__(self, reason: str, *, field: str | None = None, **params: Any) -> None:
        if field is not None and "{field}" in reason:
            params.setdefault("field", field)
        super().__init__(reason.format(**params) if params else reason)
        self.reason = reason
        self.field = field
        self.params = params


def rejected(location: Location, raw: str, error: RecordError) -> Rejected:
    return Rejected(
        location=location,
        raw=raw[:RAW_LIMIT],
        reason=error.reason,
        field=error.field,
        params=error.params,
    )


def squash(text: str | None) -> str:
    """Collapse runs of whitespace (line breaks of the source included) into one space."""
    # str.split() splits on the same (Unicode) whitespace as \s, and is faster than a regex.
    return " ".join(text.split()) if text else ""


def parse_date(value: str | None, field: str) -> dt.date | None:
    """``YYYYMMDD`` (or ISO ``YYYY-MM-DD``) → date; empty → None; anything else is an error."""
    text = (value or "").strip().replace("-", "")
    if not text:
        return None
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        raise RecordError(
            N_("{value!r} is not a date of the form YYYYMMDD"), field=field, value=value
        )
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise RecordError(
            N_("{value!r} is not a date of the form YYYYMMDD"), field=field, value=value
        ) from None


def country_code(value: str | None) -> str | None:
    """A two-letter country code, or None for the placeholders the files use (``unknown``,
    ``omitted``). Greenbook codes end with an ``X`` (``JPX``, ``DEX``): the first two letters."""
    text = (value or "").strip().upper()
    if len(text) == 3 and text.endswith("X"):
        text = text[:2]
    return text if _COUNTRY.fullmatch(text) else None


def person_name(*parts: str | None, suffix: str | None = None) -> str:
    """Given names then family name, one space apart; a suffix (``Jr.``, ``III``) after a comma."""
    name = " ".join(squash(p) for p in parts if p and squash(p))
    tail = squash(suffix)
    return f"{name}, {tail}" if name and tail else name


def inverted_name(text: str) -> str:
    """APS and BRS write ``Family; Given`` (``Miller, Jr.; George H.``); turn it round."""
    family, sep, given = text.partition(";")
    if not sep:
        return squash(text)
    return person_name(given, family)


_US_SERIAL = re.compile(r"(?P<prefix>D|RE|PP|H|T)?0*(?P<digits>[0-9]+)")


def us_publication_number(number: str, kind: str | None) -> str:
    """``08926509`` + ``B2`` → ``US8926509B2``; ``D0435854`` + ``S`` → ``USD435854S``; an
    11-digit pre-grant number keeps its zeros (``US20050004437A1``)."""
    serial = re.sub(r"[\s,./-]", "", number).upper()
    kind = (kind or "").strip().upper()
    if len(serial) == 11 and serial.isdigit():
        return f"US{serial}{kind}"
    match = _US_SERIAL.fullmatch(serial)
    if match is None:
        raise RecordError(
            N_("{value!r} is not a US patent number"), field="publication_number", value=number
        )
    return f"US{match['prefix'] or ''}{match['digits']}{kind}"


def document_number(country: str | None, number: str, kind: str | None = None) -> str:
    """A cited or related document as one token: ``US4313443A``, ``WO9625012``, ``JP2001123456``."""
    serial = number.strip()
    if not serial.isalnum():  # most numbers are; the regex only for the others
        serial = re.sub(r"[\s,./-]", "", serial)
    serial = serial.upper()
    prefix = (country or "").strip().upper()
    if serial.startswith(prefix):
        prefix = ""
    return f"{prefix}{serial}{(kind or '').strip().upper()}"


_IPC_SLASHED = re.compile(
    r"(?P<sub>[A-HY][0-9]{2}[A-Z])\s*0*(?P<main>[0-9]{1,4})\s*/\s*(?P<grp>[0-9]+)"
)
_IPC_FIXED = re.compile(r"(?P<sub>[A-HY][0-9]{2}[A-Z])(?P<main>[ 0-9]{3})(?P<grp>[0-9]{2,})")


def ipc_symbol(subclass: str, main_group: str, subgroup: str) -> str | None:
    """Parts → ``A61B 5/0205``; None when a part is missing or not a number."""
    sub, main, grp = subclass.strip().upper(), main_group.strip(), subgroup.strip()
    if not (re.fullmatch(r"[A-HY][0-9]{2}[A-Z]", sub) and main.isdigit() and grp.isdigit()):
        return None
    return f"{sub} {int(main)}/{grp}"


def ipc_from_text(text: str | None) -> str | None:
    """``G06F015/00``, ``G06F 15/16``, ``H01J001/62`` (edition-based IPC, CPC text) →
    ``G06F 15/00``."""
    match = _IPC_SLASHED.fullmatch(squash(text))
    return ipc_symbol(match["sub"], match["main"], match["grp"]) if match else None


def ipc_from_fixed(text: str | None) -> str | None:
    """The fixed-width spelling of ST.32 and APS: 4-character subclass, main group right-aligned
    in 3 characters, then the subgroup (``G06F 1516`` → ``G06F 15/16``, ``B32B  302`` →
    ``B32B 3/02``)."""
    value = (text or "").rstrip()
    match = _IPC_FIXED.fullmatch(value)
    if match is None:
        return ipc_from_text(value)
    return ipc_symbol(match["sub"], match["main"], match["grp"])


def patent_in(fields: dict[str, Any]) -> PatentIn:
    """Validate the assembled fields; a violation becomes a RecordError naming the field.

    The readers mark the people they know to be people (inventors, names given as first and
    last name); every other party is an organisation by the file's own tagging (orgname, ONM,
    ASSG), whose type the shared name rules tell, never "individual".
    """
    for party in fields.get("parties", ()):
        if party.get("party_type") is None:
            inferred = infer_party_type(party["name"])
            party["party_type"] = None if inferred is PartyType.INDIVIDUAL else inferred
    try:
        return PatentIn.model_validate(fields)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise RecordError(
            N_("the record does not fit the canonical model: {error}"),
            field=field,
            error=f"{field}: {first['msg']}",
        ) from None


def require(value: str | None, field: str) -> str:
    if not value:
        raise RecordError(N_("{field} is missing from the USPTO record"), field=field)
    return value


def us_application_number(number: str | None, series: str | None = None) -> str | None:
    """The stored 8-digit spelling: series code + 6-digit serial (``09/413,215`` → ``09413215``).

    A 6-digit serial takes the given series code; anything that still is not 8 digits is
    returned as None so the caller can keep the raw value in ``extra``.
    """
    digits = re.sub(r"[\s,/]", "", number or "")
    if len(digits) == 6 and digits.isdigit() and series and series.strip().isdigit():
        digits = f"{int(series):02d}{digits}"
    return digits if len(digits) == 8 and digits.isdigit() else None
