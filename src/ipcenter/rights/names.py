"""Normalisation of party names and classification symbols (the raw value is always kept too)."""

from __future__ import annotations

import re
import unicodedata

from ipcenter.core.i18n import N_
from ipcenter.rights.errors import InvalidNumber

_SPACES = re.compile(r"\s+")
# Exports spell the same legal form several ways; the normalised name uses one spelling.
_LEGAL_FORM_VARIANTS = (
    ("有限责任公司", "有限公司"),
    ("股份有限公司", "股份有限公司"),
    ("(", "（"),
    (")", "）"),
)
_LATIN_SUFFIXES = re.compile(
    r"[,.]?\s+(co\.?,?\s*ltd\.?|company limited|co\.?\s*limited|ltd\.?|inc\.?|corp\.?|"
    r"corporation|gmbh|llc|s\.?a\.?|ag)$",
    re.IGNORECASE,
)


def normalise_party_name(name: str) -> str:
    """A comparison key for a party name: NFKC (full-width → half-width), trimmed, one spacing,
    Latin letters case-folded and the company-form suffix dropped; Chinese legal forms unified."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip()
    if _has_cjk(text):
        text = text.replace(" ", "")
        for variant, canonical in _LEGAL_FORM_VARIANTS:
            text = text.replace(variant, canonical)
        return text
    previous = None
    while previous != text:
        previous, text = text, _LATIN_SUFFIXES.sub("", text).strip()
    return text.casefold()


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


_IPC = re.compile(r"^(?P<sub>[A-HY]\d{2}[A-Z])\s*(?P<main>\d{1,4})\s*/\s*(?P<group>\d{1,6})$")
_IPC_PADDED = re.compile(r"^(?P<sub>[A-HY]\d{2}[A-Z])(?P<main>\d{4})(?P<group>\d{6})$")


def normalise_classification(symbol: str, *, field: str = "ipc") -> str:
    """``A23C3/00``, ``A23C 3/00``, ``A23C0003000000`` (14-char form) → ``A23C 3/00``.

    A bare subclass (``A23C``) is kept as is; anything else is an error naming the field.
    """
    text = _SPACES.sub("", unicodedata.normalize("NFKC", symbol)).upper()
    if re.fullmatch(r"[A-HY]\d{2}[A-Z]", text):
        return text
    match = _IPC.match(text) or _IPC_PADDED.match(text)
    if match is None:
        raise InvalidNumber(
            number=symbol, field=field, reason=N_("expected a symbol like A23C 9/12 (IPC/CPC)")
        )
    main = str(int(match["main"]))
    group = match["group"].rstrip("0") if len(match["group"]) > 2 else match["group"]
    group = group.ljust(2, "0")
    return f"{match['sub']} {main}/{group}"
