"""The unit the search index stores: one :class:`SearchDocument` per patent, paper or disclosure.

Plain frozen dataclasses, no database: PRODUCT builds them from the registry, the engine indexes
them. ``to_dict``/``from_dict`` give the JSON shape the index keeps on disk beside the lexical and
vector files, so a hit can be shown without a database round trip.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

KINDS = ("patent", "npl", "internal")


@dataclass(frozen=True)
class SearchDocument:
    """One searchable text with the metadata filters and family grouping need."""

    id: str  # unique within the index: "patent:<rights row id>", "npl:<id>", "internal:<id>"
    kind: str  # "patent" | "npl" | "internal"
    org_id: int | None  # owning organisation; searches filter on the caller's allowed org ids
    title: str
    abstract: str = ""
    independent_claims: str = ""  # weighted higher than other claims
    other_claims: str = ""
    description: str = ""
    publication_number: str | None = None
    application_number: str | None = None
    family_id: str | None = None  # None: the document is its own family
    lang: str | None = None  # "zh" | "en" | None (detected when None)
    publication_date: dt.date | None = None
    priority_date: dt.date | None = None  # earliest priority (or filing) date
    jurisdiction: str | None = None  # "CN", "US", ...
    classifications: tuple[str, ...] = ()  # IPC/CPC symbols, normalised "A23C9/12"
    applicants: tuple[str, ...] = ()
    right_type: str | None = None  # invention / utility_model / design ... (rights vocabulary)

    @property
    def family(self) -> str:
        """The family key used for grouping: ``family_id`` or the document's own id."""
        return self.family_id or self.id

    def replace(self, **changes: Any) -> SearchDocument:
        """``dataclasses.replace`` without its per-field ``__init__`` (a tenth of the cost; the
        class has no ``__post_init__`` to skip). Unknown names raise like ``replace``."""
        unknown = changes.keys() - _FIELD_SET
        if unknown:
            raise TypeError(f"unknown SearchDocument fields: {sorted(unknown)}")
        new = object.__new__(SearchDocument)
        new.__dict__.update(self.__dict__)
        new.__dict__.update(changes)
        return new

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings, tuples as lists)."""
        data = {name: getattr(self, name) for name in _FIELD_NAMES}
        for key in ("publication_date", "priority_date"):
            value = data[key]
            data[key] = value.isoformat() if value is not None else None
        data["classifications"] = list(self.classifications)
        data["applicants"] = list(self.applicants)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SearchDocument:
        """The inverse of :meth:`to_dict`; unknown keys are ignored."""
        values = {k: v for k, v in data.items() if k in _FIELD_NAMES}
        for key in ("publication_date", "priority_date"):
            value = values.get(key)
            if isinstance(value, str) and value:
                values[key] = dt.date.fromisoformat(value)
        values["classifications"] = tuple(values.get("classifications") or ())
        values["applicants"] = tuple(values.get("applicants") or ())
        return cls(**values)


_FIELD_NAMES = tuple(f.name for f in fields(SearchDocument))
_FIELD_SET = frozenset(_FIELD_NAMES)


@lru_cache(maxsize=100_000)
def normalise_classification(symbol: str) -> str:
    """``"A23C 9/12"`` → ``"A23C9/12"`` (upper case, no spaces, no leading zeros in the group)."""
    text = symbol if symbol.isupper() and " " not in symbol else "".join(symbol.split()).upper()
    if len(text) > 4 and "/" in text:
        head, rest = text[:4], text[4:]
        group, _, sub = rest.partition("/")
        text = f"{head}{group.lstrip('0') or '0'}/{sub}"
    return text
