"""SearchIndex on a tiny corpus: filters, family grouping, incremental updates, embedding resume,
feedback, similar_to. A deterministic word-hashing embedder stands in for the model here (the real
model is exercised in test_engine_dense.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from ipcenter.core.errors import ConfigurationError, ValidationError
from ipcenter.search.documents import SearchDocument
from ipcenter.search.engine import Feedback, Filters
from ipcenter.search.index import SearchIndex
from ipcenter.search.vectors import VectorIndex


class WordHashEmbedder:
    """Bag of lower-case words hashed into 64 dimensions, L2-normalised."""

    dimension = 64

    def __init__(self, name: str = "wordhash@64") -> None:
        self.name = name
        self.calls = 0

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.full((len(texts), self.dimension), 1e-3, dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().replace(",", " ").replace(".", " ").split():
                slot = int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension  # noqa: S324
                out[row, slot] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)


def doc(doc_id: str, title: str, abstract: str = "", **kw: object) -> SearchDocument:
    values: dict[str, object] = {"kind": "patent", "org_id": 1}
    values.update(kw)
    return SearchDocument(id=doc_id, title=title, abstract=abstract, **values)  # type: ignore[arg-type]


CORPUS = [
    doc(
        "p1",
        "一种益生菌发酵乳的制备方法",
        "本发明公开了一种益生菌发酵乳,含有双歧杆菌和乳杆菌。",
        family_id="F1",
        jurisdiction="CN",
        publication_date=dt.date(2015, 6, 1),
        classifications=("A23C 9/12",),
        applicants=("内蒙古伊利实业集团股份有限公司",),
    ),
    doc(
        "p2",
        "Fermented milk containing probiotic bacteria",
        "A fermented milk containing Bifidobacterium and Lactobacillus strains.",
        family_id="F1",
        jurisdiction="US",
        publication_date=dt.date(2016, 6, 1),
        classifications=("A23C9/123",),
        applicants=("Inner Mongolia Yili Industrial Group",),
    ),
    doc(
        "p3",
        "Milking robot with teat cup attachment",
        "A robot arm attaches teat cups to the udder of a dairy cow during milking.",
        org_id=2,
        jurisdiction="US",
        publication_date=dt.date(2020, 1, 1),
        classifications=("A01J5/017",),
        applicants=("Lely Patent N.V.",),
    ),
    doc(
        "p4",
        "Whey protein powder for infant formula",
        "Whey protein concentrate is spray dried into a powder for infant milk formula.",
        jurisdiction="EP",
        publication_date=dt.date(2012, 3, 1),
        classifications=("A23C21/00",),
        right_type="utility_model",
    ),
    doc(
        "n1",
        "Survey of probiotic fermented milk",
        "Review article on fermented milk and probiotic strains.",
        kind="npl",
        org_id=None,
        publication_date=dt.date(2018, 1, 1),
    ),
]


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    idx = SearchIndex(tmp_path / "index", WordHashEmbedder())
    assert idx.upsert(CORPUS) == len(CORPUS)
    return idx


def ids(hits: Sequence[object]) -> list[str]:
    return [h.id for h in hits]  # type: ignore[attr-defined]


def test_lexical_search_works_before_embedding(index: SearchIndex) -> None:
    status = index.status()
    assert (status.documents, status.embedded, status.pending) == (5, 0, 5)
    hits = index.search("teat cup milking robot")
    assert ids(hits)[0] == "p3"
    assert hits[0].dense_score is None and hits[0].lexical_rank == 1


def test_family_members_are_one_hit(index: SearchIndex) -> None:
    hits = index.search("fermented milk probiotic", mode="lexical")
    families = [h.family_id for h in hits]
    assert families.count("F1") == 1
    f1 = next(h for h in hits if h.family_id == "F1")
    assert set(f1.members) == {"p1", "p2"} and f1.members[0] == f1.id


def test_date_cut_off_excludes_later_and_undated(index: SearchIndex) -> None:
    hits = index.search("milk", Filters(before=dt.date(2016, 6, 1)), mode="lexical")
    # p2 is published exactly on the cut-off: not prior art (publication_date < before).
    assert set(ids(hits)) == {"p4"}
    assert index.search("milk", Filters(before=dt.date(2016, 6, 2)), mode="lexical")[0].id in {
        "p2",
        "p4",
    }


def test_filters_inside_the_query(index: SearchIndex) -> None:
    def found(filters: Filters, text: str = "milk") -> set[str]:
        return set(ids(index.search(text, filters, mode="lexical")))

    assert found(Filters(org_ids=frozenset({2}))) == {"p3"}
    assert found(Filters(org_ids=frozenset())) == set()
    assert found(Filters(jurisdictions=frozenset({"ep"}))) == {"p4"}
    assert found(Filters(classification_prefixes=("A23C 9",))) == {"p2"}
    assert found(Filters(classification_prefixes=("A23C",))) == {"p2", "p4"}
    assert found(Filters(applicant="yili")) == {"p2"}
    assert found(Filters(applicant="伊利"), "益生菌") == {"p1"}
    assert found(Filters(kinds=frozenset({"npl"}))) == {"n1"}
    assert found(Filters(right_types=frozenset({"utility_model"}))) == {"p4"}
    assert found(Filters(lang="zh"), "益生菌 milk") == {"p1"}
    assert found(Filters(only_ids=frozenset({"p3", "p4"}))) == {"p3", "p4"}
    assert found(Filters(exclude_ids=frozenset({"p3"}))) == {"p2", "p4", "n1"}
    assert found(Filters(exclude_families=frozenset({"F1"})), "probiotic") == {"n1"}


def test_dense_filters_use_the_same_mask(index: SearchIndex) -> None:
    index.embed_pending()
    assert set(ids(index.search("milk cow", Filters(org_ids=frozenset({2})), mode="dense"))) == {
        "p3"
    }
    hits = index.search("milk", Filters(before=dt.date(2013, 1, 1)), mode="dense")
    assert ids(hits) == ["p4"]


def test_upsert_is_incremental_and_delete_removes(index: SearchIndex) -> None:
    assert index.upsert(CORPUS) == 0  # nothing changed
    index.embed_pending()
    changed = doc("p4", "Goat milk cheese", "A hard cheese of goat milk.", jurisdiction="EP")
    assert index.upsert([changed]) == 1
    assert index.status().pending == 1  # new text: re-embedded later
    assert ids(index.search("goat cheese", mode="lexical")) == ["p4"]
    assert index.search("whey protein", mode="lexical") == []
    # Metadata-only change keeps the vector.
    assert index.upsert([doc("p4", "Goat milk cheese", "A hard cheese of goat milk.")]) == 1
    assert index.status().pending == 1
    assert index.delete(["p3", "nope"]) == 1
    assert "p3" not in ids(index.search("milking robot", mode="lexical"))
    assert index.get("p3") is None and index.get("p1") is not None


def test_embed_pending_resumes(index: SearchIndex) -> None:
    calls = {"n": 0}

    def stop_after_first() -> bool:
        calls["n"] += 1
        return calls["n"] > 1

    assert index.embed_pending(batch_size=2, should_stop=stop_after_first) == 2
    assert index.status().embedded == 2
    seen: list[tuple[int, int]] = []
    reopened = SearchIndex(index.directory, WordHashEmbedder())
    assert reopened.embed_pending(batch_size=2, progress=lambda d, t: seen.append((d, t))) == 3
    assert seen[-1] == (3, 3)
    assert reopened.status().pending == 0
    assert reopened.search("udder cow", mode="dense")[0].id == "p3"


def test_other_embedder_starts_over(index: SearchIndex) -> None:
    index.embed_pending()
    other = SearchIndex(index.directory, WordHashEmbedder("other@64"))
    assert other.search("udder", mode="dense") == []  # vectors of another model are not used
    assert other.embed_pending() == 5
    assert other.status().embedder == "other@64"


def test_lexical_only_index_cannot_embed(tmp_path: Path) -> None:
    idx = SearchIndex(tmp_path / "lex")
    idx.upsert(CORPUS[:1])
    with pytest.raises(ConfigurationError):
        idx.embed_pending()
    with pytest.raises(ValidationError):
        idx.search("x", mode="fuzzy")
    with pytest.raises(ValidationError):
        idx.upsert([doc("x", "t", kind="book")])


def test_feedback_changes_ranking(index: SearchIndex) -> None:
    index.embed_pending()
    before = ids(index.search("milk"))
    assert "p3" in before
    marked = index.search("milk", feedback=Feedback(irrelevant=("p3",)))
    assert "p3" not in ids(marked)
    # Marking the whey document relevant pulls its terms ("whey", "infant") and its vector in.
    plain = ids(index.search("fermented milk"))
    assert plain[-1] == "p4"
    boosted = ids(index.search("fermented milk", feedback=Feedback(relevant=("p4",))))
    assert boosted[0] == "p4"


def test_similar_to_excludes_own_family(index: SearchIndex) -> None:
    index.embed_pending()
    hits = index.similar_to("p2")
    assert hits and all(h.family_id != "F1" for h in hits)
    assert ids(hits)[0] == "n1"  # the fermented-milk review, not the robot


def test_passage_highlights_matched_words(index: SearchIndex) -> None:
    hit = index.search("Lactobacillus strains", mode="lexical")[0]
    spans = [hit.passage[a:b] for a, b in hit.highlights]
    assert spans == ["Lactobacillus", "strains"]
    assert set(hit.matched_terms) == {"Lactobacillus", "strains"}  # as written, not stems
    zh = index.search("益生菌发酵乳", mode="lexical")[0]
    assert "益生菌" in [zh.passage[a:b] for a, b in zh.highlights]


def test_hnsw_path_agrees_with_exact() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(600, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = np.arange(100, 700, dtype=np.int64)
    exact, graph = VectorIndex(16), VectorIndex(16, hnsw_threshold=100)
    exact.load(labels, vectors)
    graph.load(labels, vectors)
    query = vectors[5]
    assert graph.search(query, 10)[0][0] == exact.search(query, 10)[0][0] == 105
    overlap = {a for a, _s in graph.search(query, 10)} & {a for a, _s in exact.search(query, 10)}
    assert len(overlap) >= 8
    mask = np.zeros(600, dtype=bool)
    mask[300:] = True
    assert all(label >= 400 for label, _s in graph.search(query, 10, mask))
    graph.remove(np.array([105]))
    assert graph.search(query, 1)[0][0] != 105


def test_filters_apply_to_pseudo_relevance_feedback(index: SearchIndex) -> None:
    """PRF re-runs the dense side with the same filters: a cut-off still holds."""
    index.embed_pending()
    hits = index.search("fermented milk", Filters(before=dt.date(2017, 1, 1)))
    assert hits and all(
        h.document.publication_date is not None
        and h.document.publication_date < dt.date(2017, 1, 1)
        for h in hits
    )


def test_short_chinese_query_matches_inside_words(tmp_path: Path) -> None:
    """QA-Q12: 奶 is found inside 牛奶 / 酸奶 / 奶牛 (character grams), the whole word 奶 first;
    牛 (never a jieba word in these titles) still finds both documents holding it."""
    idx = SearchIndex(tmp_path / "zh")
    idx.upsert(
        [
            doc("milk", "牛奶及其制备方法"),
            doc("yog", "一种养胃酸奶"),
            doc("cow", "模拟奶牛乳房"),
            doc("word", "奶的加工"),
            doc("en", "Whey protein powder"),
        ]
    )
    hits = idx.search("奶", mode="lexical")
    assert ids(hits)[0] == "word"
    assert set(ids(hits)) == {"word", "milk", "yog", "cow"}
    assert set(ids(idx.search("牛", mode="lexical"))) == {"milk", "cow"}
    cow = idx.search("乳", mode="lexical")
    assert ids(cow) == ["cow"] and cow[0].matched_terms == ("乳房",)
    assert ids(idx.search("奶牛", mode="lexical"))[0] == "cow"


def test_index_of_older_schema_is_rebuilt_from_the_store(tmp_path: Path) -> None:
    """An index written before the gram fields existed is re-created and refilled on open."""
    import tantivy

    idx = SearchIndex(tmp_path / "old")
    idx.upsert([doc("milk", "牛奶及其制备方法")])
    idx.close()
    lexical = tmp_path / "old" / "lexical"
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw")
    tantivy.Index(b.build(), path=str(lexical), reuse=False)  # an old, gram-less schema
    reopened = SearchIndex(tmp_path / "old")
    assert ids(reopened.search("奶", mode="lexical")) == ["milk"]


def test_unembedded_document_is_not_sunk_by_missing_vector(index: SearchIndex) -> None:
    """QA-Q6: a document added after embedding (no vector yet) that is the best lexical match
    ranks first in hybrid mode. Before: its score was only the 0.7 lexical share, below embedded
    documents with a lower BM25 score plus a dense share."""
    index.embed_pending()
    index.upsert(
        [doc("new", "Kefir fermented milk with probiotic strains", kind="npl", org_id=None)]
    )
    assert index.status().pending == 1
    hits = index.search("kefir fermented milk probiotic strains", mode="hybrid")
    assert hits[0].id == "new"
    assert hits[0].dense_rank is None and hits[0].lexical_rank == 1
    # once it has a vector it is fused normally and stays first
    index.embed_pending()
    assert index.search("kefir fermented milk probiotic strains")[0].id == "new"


def test_fusion_scales_lexical_share_of_unembedded() -> None:
    """Hand computation, mix 0.7/0.3: "a" lexical 10 (top) without a vector → 0.7·1 scaled by
    (0.7+0.3)/0.7 = 1.0; "b" lexical 5, dense best → 0.7·0.5 + 0.3·1 = 0.65."""
    from ipcenter.search.fusion import FusionParams, fuse

    out = fuse(
        [("a", 10.0), ("b", 5.0)], [("b", 0.9), ("c", 0.8)], FusionParams("mix", 0.7, 0.3), {"a"}
    )
    scores = {f.id: round(f.score, 6) for f in out}
    assert scores == {"a": 1.0, "b": 0.65, "c": 0.0}


CONTINUATION_ABSTRACT = (
    "A fermented milk product comprising Lactobacillus casei and Bifidobacterium lactis, "
    "in which the milk is heated before the starter culture is added."
)


def continuation_corpus() -> list[SearchDocument]:
    return [
        doc("parent", "Fermented milk", CONTINUATION_ABSTRACT, family_id="FA"),
        # A continuation: another family, the parent's abstract with other spacing and case.
        doc(
            "child",
            "Fermented milk",
            CONTINUATION_ABSTRACT.upper().replace(" ", "  "),
            family_id="FB",
        ),
        doc("short1", "Milk", "Fermented milk.", family_id="FC"),
        doc("short2", "Milk", "Fermented milk.", family_id="FD"),
    ]


def test_identical_abstracts_of_two_families_are_one_hit(tmp_path: Path) -> None:
    idx = SearchIndex(tmp_path / "index")
    idx.upsert(continuation_corpus())
    hits = idx.search("fermented milk casei", mode="lexical")
    rows = {h.id: h for h in hits}
    first = hits[0]
    assert set(first.members) == {"parent", "child"} and first.members[0] == first.id
    assert not {"parent", "child"} <= set(rows)
    # Short identical abstracts say too little to merge two records: both stay rows.
    assert {"short1", "short2"} <= {h.id for h in idx.search("fermented milk", k=10)}
    assert [r.id for r in idx.ranking("fermented milk casei", k=10, mode="lexical")].count(
        first.id
    ) == 1 and len(idx.ranking("fermented milk", k=10, mode="lexical")) == 3


def test_own_family_exclusion_also_drops_identical_abstracts(tmp_path: Path) -> None:
    idx = SearchIndex(tmp_path / "index")
    idx.upsert(continuation_corpus())
    found = {h.id for h in idx.search("fermented milk", Filters(exclude_families={"FA"}), k=10)}
    assert found == {"short1", "short2"}


def test_store_without_abstract_keys_is_upgraded_on_open(tmp_path: Path) -> None:
    import sqlite3

    idx = SearchIndex(tmp_path / "old")
    idx.upsert(continuation_corpus())
    idx.close()
    with sqlite3.connect(tmp_path / "old" / "store.sqlite") as db:
        db.execute("ALTER TABLE docs DROP COLUMN abstract_key")
    reopened = SearchIndex(tmp_path / "old")
    hits = reopened.search("fermented milk casei", mode="lexical")
    assert set(hits[0].members) == {"parent", "child"}


def test_cached_filter_mask_follows_a_metadata_change(index: SearchIndex) -> None:
    """The dense side keeps filter masks between searches; a changed publication date (same
    number of documents, vector kept) must still move a document across the cut-off."""
    index.embed_pending()
    cut = Filters(before=dt.date(2013, 1, 1))
    assert ids(index.search("milking robot", cut, mode="dense")) == ["p4"]
    moved = next(d for d in CORPUS if d.id == "p3")
    assert index.upsert([dataclasses.replace(moved, publication_date=dt.date(2010, 1, 1))]) == 1
    assert index.status().pending == 0
    assert ids(index.search("milking robot", cut, mode="dense")) == ["p3", "p4"]


def test_exact_vector_search_runs_blas_on_one_thread() -> None:
    """The query path keeps BLAS single-threaded (blas.py: spinning OpenBLAS workers starved
    concurrent queries); the limit stays after the search."""
    from threadpoolctl import threadpool_info

    vectors = VectorIndex(8)
    vectors.load(np.arange(3, dtype=np.int64), np.eye(3, 8, dtype=np.float32))
    assert vectors.search(np.eye(1, 8, dtype=np.float32)[0], 1) == [(0, 1.0)]
    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    assert blas and all(i["num_threads"] == 1 for i in blas)
