"""The patent type of a record from an export, where the canonical store cannot tell it.

``rights.store`` derives the type from a CN application number's type digit or from the kind
codes it knows (``data/rights/kind_codes.csv``: CN, US, EP, WO). Exports also hold documents of
other offices (KR, JP, DE, AU …) and publication numbers without a kind code (PATENTSCOPE), for
which it cannot. The type is then taken, in this order, from the export's own label (Lens
"Design right", incoPat/PatSnap 专利类型), from the kind-code table, from the WIPO ST.16 letters
every office uses for utility models (U, Y) and designs (S), and otherwise assumed to be an
invention — the kind of nearly every patent document — with ``extra["patent_type_assumed"]``
set so the assumption is visible.
"""

from __future__ import annotations

from functools import cache

from ipcenter.core.refdata import load_table
from ipcenter.rights import PatentType, PublicationIn, parse_publication_number

KIND_CODES = "rights/kind_codes.csv"

_LABELS = (
    ("实用新型", PatentType.UTILITY_MODEL),
    ("外观", PatentType.DESIGN),
    ("发明", PatentType.INVENTION),
    ("utility model", PatentType.UTILITY_MODEL),
    ("design", PatentType.DESIGN),
    ("plant", PatentType.PLANT),
)
# WIPO ST.16 letter groups shared by the offices: U and Y utility models, S designs.
_ST16_LETTERS = {
    "U": PatentType.UTILITY_MODEL,
    "Y": PatentType.UTILITY_MODEL,
    "S": PatentType.DESIGN,
}
_CN_SERIAL_TYPES = {
    "1": PatentType.INVENTION,
    "2": PatentType.UTILITY_MODEL,
    "3": PatentType.DESIGN,
}
_US_PREFIXES = (("PP", PatentType.PLANT), ("D", PatentType.DESIGN), ("RE", PatentType.INVENTION))


@cache
def _kind_table() -> dict[tuple[str, str], PatentType]:
    return {
        (row["jurisdiction"], row["kind"]): PatentType(row["patent_type"])
        for row in load_table(KIND_CODES).rows
    }


def type_from_label(label: str) -> PatentType | None:
    text = label.lower()
    return next((kind for marker, kind in _LABELS if marker in text), None) if text else None


def infer_patent_type(
    publications: list[PublicationIn], label: str = ""
) -> tuple[PatentType, bool]:
    """The type and whether it is assumed (no label, kind code or serial prefix said it)."""
    from_label = type_from_label(label)
    if from_label is not None:
        return from_label, False
    for publication in publications:
        number = parse_publication_number(publication.number)
        if number.country == "US":
            for prefix, kind in _US_PREFIXES:
                if number.serial.startswith(prefix):
                    return kind, False
        if number.kind:
            known = _kind_table().get((number.country, number.kind))
            if known is not None:
                return known, False
            letter = _ST16_LETTERS.get(number.kind[0])
            if letter is not None:
                return letter, False
        if number.country == "CN" and len(number.serial) in (7, 9):
            # ZC 0007-2004: the first digit of a CN serial is the type (registry_stats.md §4.2).
            by_digit = _CN_SERIAL_TYPES.get(number.serial[0])
            if by_digit is not None:
                return by_digit, False
    return PatentType.INVENTION, True
