"""A stand-in for SearchIndex while the engine branch is being built (word overlap scoring)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from ipcenter.search.documents import SearchDocument
from ipcenter.search.engine import Feedback, Filters, Hit, IndexStatus


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 1} | set(
        re.findall(r"[\u4e00-\u9fff]", text)
    )


class FakeIndex:
    def __init__(self, directory: Path, embedder: object = None) -> None:
        self.directory = directory
        self.embedder = embedder
        self.docs: dict[str, SearchDocument] = {}

    def upsert(
        self, docs: Iterable[SearchDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        count = 0
        for doc in docs:
            self.docs[doc.id] = doc
            count += 1
        return count

    def delete(self, ids: Iterable[str]) -> int:
        return sum(1 for i in ids if self.docs.pop(i, None) is not None)

    def embed_pending(self, batch_size: int = 16, progress=None, should_stop=None) -> int:  # type: ignore[no-untyped-def]
        return 0

    def status(self) -> IndexStatus:
        return IndexStatus(len(self.docs), 0, 0, None, str(self.directory))

    def get(self, id: str) -> SearchDocument | None:
        return self.docs.get(id)

    def _allowed(self, doc: SearchDocument, f: Filters) -> bool:
        if f.org_ids is not None and doc.org_id not in f.org_ids:
            return False
        if f.before and not (doc.publication_date and doc.publication_date < f.before):
            return False
        if f.kinds and doc.kind not in f.kinds:
            return False
        if f.only_ids is not None and doc.id not in f.only_ids:
            return False
        if doc.id in f.exclude_ids or (doc.family_id or doc.id) in f.exclude_families:
            return False
        prefixes = f.classification_prefixes
        return not prefixes or any(c.startswith(p) for c in doc.classifications for p in prefixes)

    def search(
        self,
        text: str,
        filters: Filters = Filters(),  # noqa: B008
        k: int = 20,
        feedback: Feedback | None = None,
        mode: str = "hybrid",
    ) -> list[Hit]:
        query = _words(text)
        if feedback:
            for doc_id in feedback.relevant:
                if doc_id in self.docs:
                    query |= _words(self.docs[doc_id].title)
        scored = []
        for doc in self.docs.values():
            if not self._allowed(doc, filters):
                continue
            if feedback and doc.id in feedback.irrelevant:
                continue
            words = _words(f"{doc.title} {doc.abstract} {doc.independent_claims}")
            overlap = len(query & words)
            if overlap:
                scored.append((overlap, doc))
        scored.sort(key=lambda item: (-item[0], item[1].id))
        families: dict[str, list[tuple[int, SearchDocument]]] = {}
        for item in scored:
            families.setdefault(item[1].family_id or item[1].id, []).append(item)
        hits = []
        for family, members in list(families.items())[:k]:
            score, best = members[0]
            hits.append(
                Hit(
                    id=best.id,
                    kind=best.kind,
                    family_id=family,
                    members=tuple(d.id for _, d in members),
                    score=float(score),
                    lexical_score=float(score),
                    dense_score=None,
                    lexical_rank=len(hits) + 1,
                    dense_rank=None,
                    passage=best.title,
                    highlights=(),
                    matched_terms=tuple(sorted(query & _words(best.title))),
                    document=best,
                )
            )
        return hits

    def similar_to(
        self,
        doc_id: str,
        filters: Filters = Filters(),  # noqa: B008
        k: int = 20,
        mode: str = "hybrid",
    ) -> list[Hit]:
        doc = self.docs[doc_id]
        family = doc.family_id or doc.id
        from dataclasses import replace

        filters = replace(filters, exclude_families=filters.exclude_families | {family})
        return self.search(f"{doc.title} {doc.abstract}", filters, k, mode=mode)
