"""The on-disk search index: lexical (tantivy BM25) and dense (vectors) under one directory."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ipcenter.search.documents import SearchDocument
from ipcenter.search.engine import Embedder, Feedback, Filters, Hit, IndexStatus


class SearchIndex:
    """Skeleton with the contract's signatures; filled in on the search-engine branch."""

    def __init__(self, directory: Path, embedder: Embedder | None = None) -> None:
        self.directory = Path(directory)
        self.embedder = embedder

    def upsert(
        self, docs: Iterable[SearchDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        raise NotImplementedError

    def delete(self, ids: Iterable[str]) -> int:
        raise NotImplementedError

    def embed_pending(
        self,
        batch_size: int = 16,
        progress: Callable[[int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> int:
        raise NotImplementedError

    def status(self) -> IndexStatus:
        raise NotImplementedError

    def get(self, id: str) -> SearchDocument | None:
        raise NotImplementedError

    def search(
        self,
        text: str,
        filters: Filters = Filters(),  # noqa: B008
        k: int = 20,
        feedback: Feedback | None = None,
        mode: str = "hybrid",
    ) -> list[Hit]:
        raise NotImplementedError

    def similar_to(
        self,
        doc_id: str,
        filters: Filters = Filters(),  # noqa: B008
        k: int = 20,
        mode: str = "hybrid",
    ) -> list[Hit]:
        raise NotImplementedError
