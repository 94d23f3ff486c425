"""A deployment's own model directory (PaECTER, bge-m3 …) through sentence-transformers.

sentence-transformers (and torch) are not dependencies of ipcenter: a deployment that wants local
weights installs them itself. Nothing is downloaded: the directory must hold the whole model.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ipcenter.core.errors import ConfigurationError
from ipcenter.core.i18n import N_
from ipcenter.search.embedders.base import Vectors, normalise_rows


class LocalEmbedder:
    """A sentence-transformers model loaded from ``path``; e5 prefixes when its name says e5."""

    def __init__(
        self, path: Path, query_prefix: str | None = None, passage_prefix: str | None = None
    ):
        try:
            module: Any = importlib.import_module("sentence_transformers")
        except ImportError as exc:
            raise ConfigurationError(
                reason=N_(
                    "embedder local:{path} needs the sentence-transformers package, "
                    "which is not installed"
                ),
                path=path,
            ) from exc
        self._model = module.SentenceTransformer(str(path), device="cpu", local_files_only=True)
        is_e5 = "e5" in path.name.lower()
        self.query_prefix = (
            query_prefix if query_prefix is not None else ("query: " if is_e5 else "")
        )
        self.passage_prefix = (
            passage_prefix if passage_prefix is not None else ("passage: " if is_e5 else "")
        )
        self.dimension = int(self._model.get_sentence_embedding_dimension())
        limit = int(getattr(self._model, "max_seq_length", 0) or 0)
        self.name = f"local-{path.name}@{limit}"

    def _embed(self, texts: Sequence[str], prefix: str) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        out = self._model.encode([prefix + t for t in texts], convert_to_numpy=True)
        return normalise_rows(np.asarray(out, dtype=np.float32))

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts, self.query_prefix)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts, self.passage_prefix)
