"""The patent type a publication's kind code implies, read from ``data/rights/kind_codes.csv``.

Offices reuse kind letters over time (CN ``C`` was the invention grant before 2004-07-01 and marks
a partial invalidation after), so the table is dated and a lookup may name the publication date.
Where the kind says nothing, the number itself may: CN serials start with the type digit and US
serial prefixes name design (``D``) and plant (``PP``) patents.
"""

from __future__ import annotations

import datetime as dt

from ipcenter.core.errors import ConfigurationError
from ipcenter.core.refdata import Row, load_table
from ipcenter.rights.numbers import PublicationNumber
from ipcenter.rights.vocab import PatentType

__all__ = [
    "KIND_CODES_TABLE",
    "is_grant_publication",
    "patent_type_for_kind",
    "patent_type_for_publication",
]

KIND_CODES_TABLE = "rights/kind_codes.csv"

_CN_SERIAL_TYPES = {
    "1": PatentType.INVENTION,
    "2": PatentType.UTILITY_MODEL,
    "3": PatentType.DESIGN,
}
# CN publication serials are 7 digits, 9 from 2007; the 8-digit serials of 1985-1989 (CN87211790U)
# are application numbers whose first digits are the year, so their first digit is no type.
_CN_SERIAL_LENGTHS = (7, 9)
# US serial prefixes decide the type whatever the kind says (a design is "S", or Google's "S1").
_US_PREFIX_TYPES = (("PP", PatentType.PLANT), ("D", PatentType.DESIGN))
# A reissue or statutory invention registration cited without its kind still has the kind of its
# series.
_US_PREFIX_KINDS = (("RE", "E"), ("H", "H"))
_US_GRANT_MAX_LENGTH = 8


def patent_type_for_kind(
    jurisdiction: str, kind: str, *, on: dt.date | None = None
) -> PatentType | None:
    """The patent type that kind code ``kind`` of ``jurisdiction`` implies, or None if unknown.

    With ``on`` (the publication date) the row in force that day is preferred; rows out of force
    still answer when none is in force, since the type a letter implies rarely changes.
    None also when the matching rows disagree on the type.
    """
    rows, in_force = _kind_rows(jurisdiction, kind, on)
    return _single_type(in_force or rows) if rows else None


def _kind_rows(jurisdiction: str, kind: str, on: dt.date | None) -> tuple[list[Row], list[Row]]:
    """The table's rows for ``kind`` (all dates, and those in force ``on``); empty if unknown."""
    table = load_table(KIND_CODES_TABLE)
    country, code = jurisdiction.strip().upper(), kind.strip().upper()
    codes = [code]
    if len(code) == 2 and code[1].isdigit():
        # Google Patents writes single-letter US kinds with a "1" (USD435854S1, USRE45678E1).
        codes.append(code[0])
    for candidate in codes:
        rows = table.where(jurisdiction=country, kind=candidate)
        if rows:
            return rows, table.where(on, jurisdiction=country, kind=candidate) if on else []
    return [], []


def is_grant_publication(jurisdiction: str, kind: str | None, *, on: dt.date | None) -> bool:
    """Whether a document of kind ``kind`` published on ``on`` is the grant publication (column
    ``grant``), so that its date is the grant date. Unknown kinds are not; undated (``on`` None),
    only a kind that is a grant whenever published is (CN ``C`` was a grant only before 2004)."""
    if not kind:
        return False
    rows, in_force = _kind_rows(jurisdiction, kind, on)
    matching = in_force if on is not None else rows
    return bool(matching) and all(row.get("grant") == "yes" for row in matching)


def patent_type_for_publication(
    pub: PublicationNumber, *, on: dt.date | None = None
) -> PatentType | None:
    """The patent type of a publication: by the US serial prefix, else the kind code, else (CN) the
    serial's first digit, else (US) a plain grant number is a utility patent."""
    if pub.country == "US":
        for prefix, patent_type in _US_PREFIX_TYPES:
            if pub.serial.startswith(prefix):
                return patent_type
    kind = pub.kind
    if kind is None and pub.country == "US":
        kind = next((k for p, k in _US_PREFIX_KINDS if pub.serial.startswith(p)), None)
    if kind is not None:
        by_kind = patent_type_for_kind(pub.country, kind, on=on)
        if by_kind is not None:
            return by_kind
    if pub.country == "CN" and len(pub.serial) in _CN_SERIAL_LENGTHS:
        return _CN_SERIAL_TYPES.get(pub.serial[0])
    if pub.country == "US" and pub.serial.isdigit() and len(pub.serial) <= _US_GRANT_MAX_LENGTH:
        # Utility patents are the only US grants numbered without a letter prefix; an 11-digit
        # pre-grant publication without its kind may be a utility or a plant application.
        return PatentType.INVENTION
    return None


def _single_type(rows: list[Row]) -> PatentType | None:
    types = {row["patent_type"] for row in rows}
    if len(types) != 1:
        return None
    (value,) = types
    try:
        return PatentType(value)
    except ValueError as exc:
        raise ConfigurationError(
            reason=f"{KIND_CODES_TABLE}: patent_type {value!r} is not a PatentType"
        ) from exc
