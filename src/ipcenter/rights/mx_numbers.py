"""Mexican application numbers as IMPI writes them: series / filing-type letter / year / serial.

``MX/a/2007/009111`` is the series (``MX``; ``PA`` is the national series before it, ``JL``,
``NL``, ``YU`` and ``GT`` the regional offices of Jalisco, Nuevo León, Yucatán and Guanajuato,
per Thomson's note on Mexican coverage in DWPI, February 2005), a one-letter filing type (``a``:
a patent application), the four-digit filing year and a six-digit serial. Mexico publishes an
application under this number, so PATENTSCOPE puts it in its Publication Number column, with the
office code in lower case before it (``mxMX/a/2007/009111``).

The same documents spelt the DOCDB way carry ``MX`` + year + serial as their publication number:
Espacenet's ``MX2007009111 (A)`` (application ``MX20070009111``) and Lens' ``MX 2008013315 A``
are PATENTSCOPE's ``mxMX/a/2007/009111`` and ``mxMX/a/2008/013315`` (same titles, in
shared/reference/patents). No sample shows a ``PA`` (or regional) number in DOCDB spelling, so
none is derived for them: those records are kept under their application number only.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ipcenter.core.i18n import N_
from ipcenter.rights.errors import InvalidNumber

__all__ = ["MxApplicationNumber", "looks_like_mx_application_number", "parse_mx_application_number"]

SERIES = ("MX", "PA", "JL", "NL", "YU", "GT")
_SERIAL_LENGTH = 6
# The series and the filing-type letter between slashes, after an optional MX office code
# (PATENTSCOPE's "mxPA/a/…"): enough to tell the number was meant as a Mexican one.
_OPENING = re.compile(r"^(?:MX)?(?P<series>[A-Z]{2})/(?P<type>[A-Z])/", re.IGNORECASE)
_NUMBER = re.compile(
    r"^(?:MX)?(?P<series>[A-Z]{2})/(?P<type>[A-Z])/(?P<year>[0-9]{4})/(?P<serial>[0-9]+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MxApplicationNumber:
    """``MxApplicationNumber("MX", "a", 2007, "009111")`` is ``MX/a/2007/009111``."""

    series: str
    filing_type: str
    year: int
    serial: str

    @property
    def formatted(self) -> str:
        """IMPI's spelling: upper-case series, lower-case filing type (``PA/a/2005/008192``)."""
        return f"{self.series}/{self.filing_type}/{self.year}/{self.serial}"

    @property
    def publication_number(self) -> str | None:
        """The DOCDB publication number (``MX2007009111``) of an MX-series patent application;
        None for the other series and filing types, whose DOCDB spelling no sample shows."""
        if self.series == "MX" and self.filing_type == "a":
            return f"MX{self.year}{self.serial}"
        return None


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def looks_like_mx_application_number(text: str) -> bool:
    """Whether ``text`` opens like a Mexican application number (series/letter/), valid or not."""
    return _OPENING.match(_compact(text)) is not None


def parse_mx_application_number(
    text: str, *, field: str = "application_number"
) -> MxApplicationNumber:
    """Read ``MX/a/2007/009111``, ``mxMX/a/2007/009111``, ``PA/A/2005/8192`` (a shorter serial is
    padded to six digits); raises InvalidNumber naming what is wrong."""
    compact = _compact(text)
    match = _NUMBER.match(compact)
    if match is None:
        raise InvalidNumber(
            number=text,
            field=field,
            reason=N_(
                "a Mexican application number is series/filing-type letter/four-digit year/"
                "serial, as in MX/a/2007/009111"
            ),
        )
    series, filing_type = match["series"].upper(), match["type"].lower()
    year, serial = int(match["year"]), match["serial"]
    if series not in SERIES:
        raise InvalidNumber(
            number=text,
            field=field,
            reason=N_("{series} is not a Mexican application series ({known})"),
            series=series,
            known=", ".join(SERIES),
        )
    latest = dt.date.today().year + 1
    if year > latest:
        raise InvalidNumber(
            number=text,
            field=field,
            reason=N_("the filing year {year} is after {latest}"),
            year=year,
            latest=latest,
        )
    if len(serial) > _SERIAL_LENGTH:
        raise InvalidNumber(
            number=text,
            field=field,
            reason=N_("the serial {serial} has more than 6 digits"),
            serial=serial,
        )
    return MxApplicationNumber(series, filing_type, year, serial.zfill(_SERIAL_LENGTH))
