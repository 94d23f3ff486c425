"""Reading single cells of exported tables: dates, multi-value lists, classification symbols.

Exports spell the same value many ways. Dates arrive as ``2023-01-05``, ``2023/1/5``,
``2023.01.05``, ``20230105``, ``05.01.2023`` (PATENTSCOPE), ``25/04/13`` (Lens 2015, day first,
two-digit year), ISO timestamps, spreadsheet date cells and Excel serial numbers. Each function
here is pure; a value it cannot read raises :class:`CellError`, which the readers turn into a
``Rejected`` item naming the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from ipcenter.core.i18n import N_

# Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in); serials between these
# bounds are 1954-10-03 .. 2119-01-08, which covers every patent date an export can hold while
# keeping ordinary numbers out.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_SERIAL_MIN, _EXCEL_SERIAL_MAX = 20_000, 80_000

_YMD = re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?:\s*日)?")
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_DMY = re.compile(r"(?P<d>\d{1,2})\s*[./-]\s*(?P<m>\d{1,2})\s*[./-]\s*(?P<y>\d{4}|\d{2})")
_SERIAL = re.compile(r"\d{5}(?:\.0+)?")


class CellError(ValueError):
    """A cell that cannot be read; ``reason`` is an English msgid filled from ``params``."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason.format(**params))
        self.reason = reason
        self.params = params


def parse_date(value: Any, date_format: str = "") -> dt.date | None:
    """A date from a cell; None for an empty cell.

    ``date_format`` is the layout's declared order for ambiguous spellings: ``dmy`` reads
    ``25/04/13`` as 25 April 2013 (a two-digit year is taken in the century that does not put it
    in the future). Year-first spellings and 8-digit runs are read whatever the declared order.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value), value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    match = _YMD.match(text)
    if match and _only_time_after(text[match.end() :]):
        return _make(text, match["y"], match["m"], match["d"])
    match = _COMPACT.fullmatch(text)
    if match:
        return _make(text, match["y"], match["m"], match["d"])
    if _SERIAL.fullmatch(text):
        return _from_serial(float(text), text)
    match = _DMY.fullmatch(text)
    if match and date_format in ("dmy", ""):
        return _make(text, _full_year(match["y"]), match["m"], match["d"])
    if match and date_format == "mdy":
        # The same pattern with the first two groups swapped in meaning.
        return _make(text, _full_year(match["y"]), match["d"], match["m"])
    raise CellError(N_("cannot read {value!r} as a date"), value=text)


def _only_time_after(rest: str) -> bool:
    """``2004-10-01T23:59:59.000Z`` and ``2023-01-05 00:00:00`` are dates with a time."""
    return not rest or re.fullmatch(r"[T\s][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?", rest) is not None


def _full_year(year: str) -> str:
    if len(year) == 4:
        return year
    this_year = dt.date.today().year
    candidate = 2000 + int(year)
    return str(candidate if candidate <= this_year + 1 else candidate - 100)


def _make(text: str, year: str, month: str, day: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(N_("{value!r} is not a calendar date"), value=text) from None


def _from_serial(serial: float, original: Any) -> dt.date:
    if not _EXCEL_SERIAL_MIN <= serial <= _EXCEL_SERIAL_MAX:
        raise CellError(N_("cannot read {value!r} as a date"), value=str(original))
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def cell_text(value: Any) -> str:
    """A cell as trimmed text; spreadsheet numbers lose a trailing ``.0`` (``123.0`` → ``123``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def split_values(text: str, separator: str) -> list[str]:
    """The non-empty values of a multi-value cell, trimmed, in order, duplicates dropped.

    ``separator`` is the layout's own (``;;`` for Lens, `` | `` for PatSnap); ``cn`` means any of
    ``; `` ``;`` ``；`` `` | `` and ``|``, which incoPat and PatSnap exports mix; ``names,`` splits
    names at commas but keeps a company designator with its name (``Pizza Hut, Inc.``).
    """
    if not text:
        return []
    parts: Iterable[str]
    if separator == "names,":
        parts = _comma_names(text)
    elif separator == "cn":
        parts = re.split(r"\s*[;；|]\s*", text)
    elif separator:
        parts = text.split(separator)
    else:
        parts = [text]
    seen: dict[str, None] = {}
    for part in parts:
        value = part.strip()
        if value:
            seen.setdefault(value, None)
    return list(seen)


_DESIGNATOR = re.compile(
    r"(?:inc|incorporated|llc|ltd|limited|corp|co|gmbh|ag|sa|s\.a|plc|l\.p|lp|kg|nv|bv)\.?",
    re.IGNORECASE,
)


def _comma_names(text: str) -> list[str]:
    names: list[str] = []
    for piece in text.split(","):
        part = piece.strip()
        if names and _DESIGNATOR.fullmatch(part):
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return names


def row_as_csv(cells: Sequence[Any]) -> str:
    """A row joined back into one CSV line, the raw text a quarantined row keeps."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([cell_text(cell) for cell in cells])
    return buffer.getvalue()


# The shape rights.store accepts for IPC/CPC symbols (A23C 9/12, A23C0009120000, A23C).
_SYMBOL = re.compile(r"[A-HY]\d{2}[A-Z](?:\d{1,4}/\d{1,6}|\d{4}\d{6})?")


def is_classification_symbol(symbol: str) -> bool:
    """Whether ``symbol`` reads as an IPC/CPC symbol; others are kept aside, not stored."""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", symbol)).upper()
    return _SYMBOL.fullmatch(compact) is not None


_MOJIBAKE_MARKS = ("â€", "Ã", "Â")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as cp1252 once (``LEONIDOVYCHâ€‚[UA]`` → an en space).

    The Espacenet sample holds such cells; a cell that does not round-trip is left as it is.
    """
    if not any(mark in text for mark in _MOJIBAKE_MARKS):
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return text


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" for char in text)


def guess_language(text: str) -> str:
    """``zh`` for Chinese text, ``ja`` with kana, ``ko`` with Hangul, else ``en``.

    Exports label no language; Latin-script titles are nearly always English there (Lens,
    PATENTSCOPE and Espacenet show English titles where one exists).
    """
    if any("\u3040" <= char <= "\u30ff" for char in text):
        return "ja"
    if any("\uac00" <= char <= "\ud7af" for char in text):
        return "ko"
    return "zh" if has_cjk(text) else "en"
