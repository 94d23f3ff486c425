"""Reading patent numbers in the spellings people type and exports contain.

CN application numbers (ZC 0006-2003, see shared/reference/notes/registry_stats.md §4.2) are
``YYYY`` + type digit + 7-digit serial + ``.`` + check character since 2003-10-01, and ``YY`` +
type digit + 5-digit serial + check character before. The check character is the weighted sum of
the digits (weights 2..9 repeating) mod 11, ``X`` for 10; a mismatch means the number was mistyped.

Publication numbers are country code + serial + kind code (``US8930553B2``, ``CN117834529A``).
What a kind code means for the patent type is data (``data/rights/kind_codes.csv``), read by
:mod:`ipcenter.rights.kinds`.

Everything here is a pure function of its input, except that the newest plausible filing year is
taken from today's date and :func:`check_cn_application_number` words its message in the language
of the current request or command.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from ipcenter.core.i18n import N_, gettext
from ipcenter.rights.errors import CheckDigitMismatch, InvalidNumber
from ipcenter.rights.vocab import PatentType

__all__ = [
    "CnApplicationNumber",
    "NumberCheck",
    "PublicationNumber",
    "check_cn_application_number",
    "compute_cn_check_digit",
    "normalise_ep_application_number",
    "normalise_us_application_number",
    "parse_cn_application_number",
    "parse_publication_number",
]

_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9)
_ASCII_DIGITS = re.compile(r"[0-9]+")
_WHITESPACE = re.compile(r"\s+")

_CN_TYPES: dict[str, tuple[PatentType, bool]] = {
    "1": (PatentType.INVENTION, False),
    "2": (PatentType.UTILITY_MODEL, False),
    "3": (PatentType.DESIGN, False),
    "8": (PatentType.INVENTION, True),  # PCT application entering the CN national phase
    "9": (PatentType.UTILITY_MODEL, True),
}
# The first CN applications were filed when the Patent Law took effect (1985-04-01); the 8-digit
# format ended with 2003, so its two-digit years 85-99 and 00-03 are the only possible ones.
_FIRST_12_DIGIT_YEAR = 2003
_LAST_8_DIGIT_YEAR = 2003
_FIRST_8_DIGIT_YEAR = 1985
# "CN" and "ZL" (the patent number) prefix the same application number. Google Patents spells
# application ids with a series letter and a trailing kind ("CNA2007100977897A", "CNB021288445A",
# "CN2012100463220A"), seen in shared/reference/patents/cn_dairy_patents.jsonl.
_CN_PREFIX = re.compile(r"^(?:ZL|CN(?:[AB](?=[0-9]))?)")


def _fold(text: str) -> str:
    """NFKC folds full-width digits, letters and dots to ASCII; inner spaces never matter."""
    folded = unicodedata.normalize("NFKC", text)
    # The ideographic full stop is what a Chinese input method types for "." and NFKC keeps it.
    return _WHITESPACE.sub("", folded.replace("。", ".")).upper()


def _is_ascii_digits(text: str) -> bool:
    # str.isdigit() would accept other scripts' digits, which have no place in a number.
    return _ASCII_DIGITS.fullmatch(text) is not None


def _invalid(text: str, field: str, reason: str, **params: object) -> InvalidNumber:
    """The error for an unreadable ``text``; ``reason`` is a msgid filled from ``params``."""
    return InvalidNumber(number=text, field=field, reason=reason, **params)


def compute_cn_check_digit(digits: str) -> str:
    """The check character of a CN application number: ``"0"``-``"9"`` or ``"X"``.

    ``digits`` are the 8 (before 2003) or 12 (from 2003) digits without the check character.
    """
    if len(digits) not in (8, 12) or not _is_ascii_digits(digits):
        raise _invalid(
            digits, "application_number", N_("the check digit is computed from 8 or 12 digits")
        )
    total = sum(int(d) * _WEIGHTS[i % len(_WEIGHTS)] for i, d in enumerate(digits))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


@dataclass(frozen=True)
class CnApplicationNumber:
    """A CN application number whose digits, year and type digit are known to be consistent.

    Build it with :func:`parse_cn_application_number`; every field follows from ``digits``.
    """

    digits: str
    check_digit: str
    year: int
    type_code: str
    patent_type: PatentType
    pct_national_phase: bool
    serial: str

    @property
    def formatted(self) -> str:
        """The official spelling: ``202310104843.5``, ``97101765.4``."""
        return f"{self.digits}.{self.check_digit}"

    @property
    def patent_number(self) -> str:
        """The patent number of the granted right: ``ZL202310104843.5``."""
        return f"ZL{self.formatted}"


def parse_cn_application_number(
    text: str, *, field: str = "application_number"
) -> CnApplicationNumber:
    """Read a CN application number; a missing check character is computed, a wrong one rejected.

    Accepts ``202310104843.5``, ``2023101048435``, ``202310104843``, ``CN 202310104843.5``,
    ``ZL 2023 1 0104843.5``, full-width characters, ``97101765.4``, ``971017654``, ``CN 01122282``.
    """
    digits, given = _split_cn(text, field)
    number = _describe_cn(digits, text, field)
    if given is not None and given != number.check_digit:
        raise _mismatch(text, field, number, given)
    return number


def _split_cn(text: str, field: str) -> tuple[str, str | None]:
    """The digits and the check character as typed (None when absent); checks only the shape."""
    body = _fold(text)
    if not body:
        raise _invalid(text, field, N_("the number is empty"))
    prefix = _CN_PREFIX.match(body)
    if prefix is not None and prefix.group():
        body = body[prefix.end() :]
        if prefix.group().startswith("CN") and body.endswith("A"):
            body = body[:-1]  # Google Patents' application kind, not part of the number
    if "." in body:
        digits, _, given = body.partition(".")
        if len(given) != 1:
            raise _invalid(text, field, N_("exactly one check character must follow the dot"))
    elif len(body) in (9, 13):
        # One character more than a digit run of the two formats: the check character, undotted.
        digits, given = body[:-1], body[-1]
    else:
        digits, given = body, None
    if not digits:
        raise _invalid(text, field, N_("the number has no digits"))
    if not _is_ascii_digits(digits):
        raise _invalid(
            text,
            field,
            N_("only digits may come before the check character, not {characters!r}"),
            characters="".join(sorted({c for c in digits if not "0" <= c <= "9"})),
        )
    if len(digits) not in (8, 12):
        raise _invalid(
            text,
            field,
            N_(
                "a CN application number has 8 digits (before 2003) or 12 digits (from 2003) "
                "before its check character, not {length}"
            ),
            length=len(digits),
        )
    if given is not None and not (given == "X" or "0" <= given <= "9"):
        raise _invalid(
            text, field, N_("the check character must be a digit or X, not {given!r}"), given=given
        )
    return digits, given


def _describe_cn(digits: str, text: str, field: str) -> CnApplicationNumber:
    """Year, type and serial of well-shaped digits; rejects an impossible year or type digit."""
    if len(digits) == 12:
        year, type_code, serial = int(digits[:4]), digits[4], digits[5:]
        # A filing dated next year can appear around New Year in another time zone; later cannot.
        latest = dt.date.today().year + 1
        if not _FIRST_12_DIGIT_YEAR <= year <= latest:
            raise _invalid(
                text,
                field,
                N_(
                    "the year {year} is impossible: 12-digit application numbers were issued "
                    "from 2003 to {latest}"
                ),
                year=year,
                latest=latest,
            )
    else:
        two_digit, type_code, serial = int(digits[:2]), digits[2], digits[3:]
        year = 1900 + two_digit if two_digit >= _FIRST_8_DIGIT_YEAR % 100 else 2000 + two_digit
        if not _FIRST_8_DIGIT_YEAR <= year <= _LAST_8_DIGIT_YEAR:
            raise _invalid(
                text,
                field,
                N_(
                    "the year digits {year_digits} are impossible: 8-digit application numbers "
                    "were issued from 1985 to 2003"
                ),
                year_digits=digits[:2],
            )
    if type_code not in _CN_TYPES:
        raise _invalid(
            text,
            field,
            N_(
                "the type digit {type_code} is not 1 (invention), 2 (utility model), 3 (design), "
                "8 (PCT invention) or 9 (PCT utility model)"
            ),
            type_code=type_code,
        )
    patent_type, pct = _CN_TYPES[type_code]
    return CnApplicationNumber(
        digits=digits,
        check_digit=compute_cn_check_digit(digits),
        year=year,
        type_code=type_code,
        patent_type=patent_type,
        pct_national_phase=pct,
        serial=serial,
    )


def _mismatch(text: str, field: str, number: CnApplicationNumber, given: str) -> CheckDigitMismatch:
    return CheckDigitMismatch(
        number=text,
        field=field,
        given=given,
        expected=number.check_digit,
        digits=number.digits,
        reason=N_("check digit mismatch"),
    )


class NumberCheck(BaseModel):
    """The verdict on one CN application number, for ``--json`` and the API; never an exception.

    ``normalised`` is set only when the number is valid. On a check-digit mismatch the digits were
    readable, so the expected check digit, type, year and PCT flag are reported with the error.
    """

    model_config = ConfigDict(frozen=True)

    input: str
    valid: bool
    normalised: str | None = None
    expected_check_digit: str | None = None
    given_check_digit: str | None = None
    patent_type: str | None = None
    year: int | None = None
    pct_national_phase: bool | None = None
    error: str | None = None
    message: str | None = None


def check_cn_application_number(text: str) -> NumberCheck:
    """Report whether ``text`` is a valid CN application number, and what is wrong if it is not."""
    try:
        digits, given = _split_cn(text, "application_number")
        number = _describe_cn(digits, text, "application_number")
    except InvalidNumber as exc:
        return NumberCheck(input=text, valid=False, error=exc.key, message=exc.render(gettext))
    mismatch = None
    if given is not None and given != number.check_digit:
        mismatch = _mismatch(text, "application_number", number, given)
    return NumberCheck(
        input=text,
        valid=mismatch is None,
        normalised=number.formatted if mismatch is None else None,
        expected_check_digit=number.check_digit,
        given_check_digit=given,
        patent_type=number.patent_type.value,
        year=number.year,
        pct_national_phase=number.pct_national_phase,
        error=mismatch.key if mismatch is not None else None,
        message=mismatch.render(gettext) if mismatch is not None else None,
    )


@dataclass(frozen=True)
class PublicationNumber:
    """A publication number: ``PublicationNumber("US", "8930553", "B2")`` is ``US8930553B2``.

    ``serial`` keeps a US letter prefix (``D435854``, ``RE45678``, ``PP12345``).
    """

    country: str
    serial: str
    kind: str | None

    @property
    def normalised(self) -> str:
        return f"{self.country}{self.serial}{self.kind or ''}"

    def __str__(self) -> str:
        return self.normalised


# Thousands separators, the slash of "WO 2019/123456" and "US 2005/0004437", hyphens of Google ids
# ("US-9254383-B2") and of KR numbers ("KR10-1234567"). A dot is not dropped: it marks an
# application number with its check digit (CN 202310104843.5, EP 03123456.7), not a publication.
_PUBLICATION_SEPARATORS = re.compile(r"[\s,/\-]+")
_PUBLICATION = re.compile(
    r"(?P<country>[A-Z]{2})(?P<prefix>[A-Z]*)(?P<digits>[0-9]+)(?P<kind>[A-Z0-9]*)"
)
_KIND = re.compile(r"[A-Z][0-9]?")
# Espacenet's CSV export puts the kind code in parentheses: "CA2835102 (A1)", "TWM391841 (U)".
_PARENTHESISED_KIND = re.compile(r"\(\s*([A-Z][0-9]?)\s*\)\s*$", re.IGNORECASE)
# Letters that belong to the serial: US design, reissue, plant, statutory invention registration
# and defensive publication numbers; JP numbers of the Showa and Heisei eras (JPS…, JPH…); TW
# invention, utility model and design numbers (TWI…, TWM…, TWD…).
_SERIAL_PREFIXES = {
    "US": {"D", "RE", "PP", "H", "T"},
    "JP": {"S", "H"},
    "TW": {"I", "M", "D"},
}
_US_PRE_GRANT_LENGTH = 11  # YYYY + 7-digit serial, published since 2001
_US_GRANT_MAX_LENGTH = 8
# CN serials: 8 digits 1985-1988 (the application number, CN87211790U), 7 digits from 1989
# (CN1382786A), 9 digits from 2007 (CN117834529A).
_CN_SERIAL_MIN, _CN_SERIAL_MAX = 7, 9


def parse_publication_number(text: str, *, field: str = "publication_number") -> PublicationNumber:
    """Read a publication number: ``US 8,930,553 B2``, ``US-9254383-B2``, ``WO 2019/123456 A1``,
    ``US 2005/0004437 A1``, ``CN 1382786 A``, ``KR10-1234567B1``, ``CA2835102 (A1)``, full-width
    characters."""
    folded = _PARENTHESISED_KIND.sub(r"\1", unicodedata.normalize("NFKC", text))
    compact = _PUBLICATION_SEPARATORS.sub("", folded).upper()
    if not compact:
        raise _invalid(text, field, N_("the number is empty"))
    if compact.startswith("ZL"):
        raise _invalid(
            text,
            field,
            N_("ZL + application number is a CN patent number, not a publication number"),
        )
    bad = sorted({c for c in compact if not ("A" <= c <= "Z" or "0" <= c <= "9")})
    if bad:
        raise _invalid(
            text,
            field,
            N_("{characters!r} has no place in a publication number"),
            characters="".join(bad),
        )
    match = _PUBLICATION.fullmatch(compact)
    if match is None:
        raise _invalid(
            text,
            field,
            N_(
                "a publication number is a two-letter country code, a serial number and "
                "an optional kind code, as in US8930553B2"
            ),
        )
    country, prefix, digits, kind = match.group("country", "prefix", "digits", "kind")
    if prefix and prefix not in _SERIAL_PREFIXES.get(country, set()):
        raise _invalid(
            text,
            field,
            N_("{country} serial numbers do not start with {prefix!r}"),
            country=country,
            prefix=prefix,
        )
    if kind and _KIND.fullmatch(kind) is None:
        raise _invalid(
            text,
            field,
            N_("the kind code {kind!r} is not one letter optionally followed by one digit"),
            kind=kind,
        )
    if country == "US":
        digits = _us_serial(digits, prefix, text, field)
    elif country == "CN" and not _CN_SERIAL_MIN <= len(digits) <= _CN_SERIAL_MAX:
        # Keeps an application number (12 digits) out of a publication-number field.
        raise _invalid(
            text,
            field,
            N_("a CN publication number has 7 to 9 digits, not {length}"),
            length=len(digits),
        )
    return PublicationNumber(country=country, serial=prefix + digits, kind=kind or None)


def _us_serial(digits: str, prefix: str, text: str, field: str) -> str:
    if not prefix and len(digits) == _US_PRE_GRANT_LENGTH:
        return digits  # pre-grant publication: the year's zeros are part of the number
    if not prefix and len(digits) == _US_PRE_GRANT_LENGTH - 1 and digits.startswith("20"):
        # Espacenet/DOCDB drop the serial's leading zero: US2012325842 is US 2012/0325842.
        return f"{digits[:4]}0{digits[4:]}"
    # Full-text databases pad grant serials to 8 digits (US08930553, D0435854); the number has none.
    stripped = digits.lstrip("0")
    if not stripped or len(stripped) > _US_GRANT_MAX_LENGTH:
        raise _invalid(
            text,
            field,
            N_(
                "a US patent number has 1 to 8 digits, a US pre-grant publication number 11 "
                "(year + 7 digits)"
            ),
        )
    return stripped


# Lens and DOCDB spell a US application as filing year + series code + serial + kind
# ("US 201213657122 A"); the USPTO number is the last 8 digits.
_US_APPLICATION_DOCDB = re.compile(r"(?:19|20)[0-9]{2}(?P<number>[0-9]{8})[A-Z]?")


def normalise_us_application_number(text: str, *, field: str = "application_number") -> str:
    """``10/123,456``, ``US 10/123456`` → ``10123456`` (2-digit series code + 6-digit serial)."""
    compact = re.sub(r"[\s,/]+", "", unicodedata.normalize("NFKC", text)).upper()
    compact = compact.removeprefix("US")
    if len(compact) == 8 and _is_ascii_digits(compact):
        return compact
    docdb = _US_APPLICATION_DOCDB.fullmatch(compact)
    if docdb is not None:
        return docdb["number"]
    raise _invalid(
        text, field, N_("a US application number is a 2-digit series code and a 6-digit serial")
    )


def normalise_ep_application_number(text: str, *, field: str = "application_number") -> str:
    """``EP 03 123 456.7``, ``03123456.7`` → ``EP03123456`` (the check digit is dropped)."""
    compact = _fold(text).removeprefix("EP")
    digits, dot, check = compact.partition(".")
    if (
        len(digits) != 8
        or not _is_ascii_digits(digits)
        or (dot and (len(check) != 1 or not _is_ascii_digits(check)))
    ):
        raise _invalid(
            text,
            field,
            N_(
                "an EP application number is 8 digits (year + serial), optionally followed by "
                "a dot and one check digit"
            ),
        )
    return f"EP{digits}"
