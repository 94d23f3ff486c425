"""Query-side types of the search engine: filters, relevance feedback and hits.

:class:`ipcenter.search.index.SearchIndex` takes :class:`Filters` and :class:`Feedback` and answers
:class:`Hit` objects, one per patent family.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from ipcenter.search.documents import SearchDocument

MODES = ("hybrid", "lexical", "dense")


class Embedder(Protocol):
    """What the index needs from ``ipcenter.search.embedders`` (structural, so no import)."""

    name: str
    dimension: int

    def embed_queries(self, texts: list[str]) -> npt.NDArray[np.float32]: ...

    def embed_passages(self, texts: list[str]) -> npt.NDArray[np.float32]: ...


@dataclass(frozen=True)
class Filters:
    """Restrictions applied inside the index query (before ranking), never to a short list."""

    org_ids: frozenset[int] | None = None  # None = all (centre-wide); otherwise allowed orgs
    before: dt.date | None = None  # publication_date < before (prior art); undated: excluded
    jurisdictions: frozenset[str] = frozenset()
    classification_prefixes: tuple[str, ...] = ()
    applicant: str | None = None  # substring, folded
    right_types: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    lang: str | None = None
    only_ids: frozenset[str] | None = None  # allow-list (FTO: in force at a date in a territory)
    exclude_ids: frozenset[str] = frozenset()
    exclude_families: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Feedback:
    """Documents the user marked: relevant ones pull the query, irrelevant ones are dropped."""

    relevant: tuple[str, ...] = ()
    irrelevant: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    """One result row per family; ``id``/``document`` is the best-ranked member."""

    id: str
    kind: str
    family_id: str
    members: tuple[str, ...]
    score: float
    lexical_score: float | None
    dense_score: float | None
    lexical_rank: int | None
    dense_rank: int | None
    passage: str
    highlights: tuple[tuple[int, int], ...]
    matched_terms: tuple[str, ...]
    document: SearchDocument = field(repr=False)


@dataclass(frozen=True)
class IndexStatus:
    """What an index holds and how far the embedding has got."""

    documents: int
    embedded: int
    pending: int
    embedder: str | None
    directory: str
