"""The lexical build path: the fast index analyzer gives the query analyzer's tokens, the lead
sentence rule, and an upsert that is all-or-nothing across the store and tantivy."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcenter.search import index as index_module
from ipcenter.search import lexical
from ipcenter.search.analysis import (
    english_analyzer,
    english_index_analyzer,
    fold,
    index_english_text,
)
from ipcenter.search.documents import SearchDocument
from ipcenter.search.index import SearchIndex

# Letters and marks the two tokenizers treat alike or differently: ASCII, Latin-1 letters (é),
# the two Latin-1 symbols inside the regex range (× ÷), Greek, micro, superscripts, circled
# letters (alphabetic to Rust), CJK, full-width forms, dashes, quotes, degree sign.
ALPHABET = "aZ09 .,-_'éÄßǅ×÷αβµ²½Ⓐ乳牛ＡＢ１—“”°\u3000\n"
texts = st.text(alphabet=ALPHABET, max_size=60)


def tokens(analyzer: Any, text: str) -> list[tuple[str, int]]:
    return [(t.text, t.position) for t in analyzer.pre_tokenize(text).tokens]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_index_analyzer_sees_the_query_analyzers_tokens(text: str) -> None:
    folded = fold(text)
    rewritten = index_english_text(folded)
    if rewritten is None:  # only text with a character the regex tokenizer joins words with
        assert any(ch in folded for ch in "×÷")
        return
    assert tokens(english_index_analyzer(), rewritten) == tokens(english_analyzer(), folded)


def test_index_english_text_examples() -> None:
    assert index_english_text("Milk powder") == "Milk powder"  # ASCII: untouched
    assert index_english_text("café α-amylase") == "café  -amylase"  # Greek splits, é stays
    assert index_english_text("5×10 cells") is None  # "5×10" is one query token
    assert english_analyzer().analyze("5×10 cells") == ["5×10", "cell"]


OLD_LEAD = re.compile(r"^.{20,300}?(?:[.;。；](?=\s|$)|[。；])", re.S)  # the rule as first written


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab .;。；\n\t", min_size=0, max_size=320))
def test_lead_sentence_keeps_the_regex_rule(abstract: str) -> None:
    text = abstract.strip()
    match = OLD_LEAD.match(text)
    assert lexical.lead_sentence(abstract) == (match.group() if match else text[:300])


def test_document_replace_is_dataclasses_replace() -> None:
    doc = SearchDocument(id="a", kind="patent", org_id=1, title="t", classifications=("A23C9/12",))
    changes: dict[str, Any] = {"lang": "en", "jurisdiction": "CN", "classifications": ()}
    assert doc.replace(**changes) == dataclasses.replace(doc, **changes)
    with pytest.raises(TypeError):
        doc.replace(colour="red")


def _doc(doc_id: str, title: str) -> SearchDocument:
    return SearchDocument(id=doc_id, kind="patent", org_id=1, title=title)


def _found(idx: SearchIndex, text: str) -> list[str]:
    return [h.id for h in idx.search(text, mode="lexical")]


@pytest.fixture
def idx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SearchIndex:
    monkeypatch.setattr(index_module, "BATCH", 2)  # several batches per upsert
    out = SearchIndex(tmp_path / "index")
    out.upsert([_doc("milk", "Milk powder"), _doc("whey", "Whey protein")])
    return out


def test_store_failure_in_a_later_batch_leaves_nothing(idx: SearchIndex) -> None:
    db = idx._connect()
    db.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON docs WHEN NEW.id = 'bad' "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    batch = [_doc("milk", "Goat cheese"), _doc("yog", "Yoghurt culture"), _doc("bad", "Butter")]
    with pytest.raises(sqlite3.IntegrityError):
        idx.upsert(batch)
    assert idx.status().documents == 2
    assert _found(idx, "cheese") == [] and _found(idx, "yoghurt") == []
    assert _found(idx, "milk") == ["milk"]
    db.execute("DROP TRIGGER boom")
    assert idx.upsert(batch) == 3  # the tantivy writer was released
    assert _found(idx, "cheese") == ["milk"] and _found(idx, "milk") == []


def test_tantivy_failure_leaves_the_store_unchanged(
    idx: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self: lexical.LexicalWriter) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(lexical.LexicalWriter, "commit", fail)
    with pytest.raises(OSError, match="disk full"):
        idx.upsert([_doc("milk", "Goat cheese"), _doc("yog", "Yoghurt culture")])
    assert idx.get("yog") is None and idx.get("milk").title == "Milk powder"  # type: ignore[union-attr]
    monkeypatch.undo()
    assert idx.upsert([_doc("yog", "Yoghurt culture")]) == 1


class _CommitFails:
    """A connection whose COMMIT fails (as on an I/O error) after tantivy committed."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def commit(self) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


def test_store_commit_failure_puts_tantivy_back(idx: SearchIndex) -> None:
    real = idx._connect()
    idx._local.db = _CommitFails(real)
    with pytest.raises(sqlite3.OperationalError):
        idx.upsert([_doc("milk", "Goat cheese"), _doc("yog", "Yoghurt culture")])
    idx._local.db = real
    idx.lexical.reload()
    assert _found(idx, "cheese") == [] and _found(idx, "yoghurt") == []
    assert _found(idx, "milk") == ["milk"] and _found(idx, "whey") == ["whey"]
    assert idx.status().documents == 2
    assert idx.upsert([_doc("yog", "Yoghurt culture")]) == 1
    assert _found(idx, "yoghurt") == ["yog"]


def test_one_upsert_with_an_id_twice_keeps_one_copy(idx: SearchIndex) -> None:
    """The second copy (a later batch) replaces the first inside the same tantivy writer."""
    idx.upsert([_doc("x", "Lactose free"), _doc("y", "Casein"), _doc("x", "Lactose reduced")])
    assert _found(idx, "lactose") == ["x"]
    assert idx.get("x").title == "Lactose reduced"  # type: ignore[union-attr]
    assert idx.lexical.index.searcher().num_docs == 4


def test_store_keeps_its_json_format_so_digests_match(tmp_path: Path) -> None:
    """A store filled before ``store_format`` (JSON by ``json.dumps``, digest = its sha1, as the
    first version wrote them) still recognises unchanged documents; a new store uses orjson."""
    import hashlib
    import json

    milk = _doc("milk", "Milk powder")
    old = SearchIndex(tmp_path / "old")
    old.upsert([milk])
    legacy = json.dumps(milk.replace(lang="en").to_dict(), ensure_ascii=False, sort_keys=True)
    db = old._connect()
    with db:
        db.execute("DELETE FROM meta WHERE key = 'store_format'")
        db.execute(
            "UPDATE docs SET data = ?, digest = ?",
            (legacy, hashlib.sha1(legacy.encode()).hexdigest()),  # noqa: S324
        )
    old.close()
    reopened = SearchIndex(tmp_path / "old")
    assert reopened.upsert([milk]) == 0
    assert reopened.upsert([_doc("milk", "Milk protein")]) == 1
    assert reopened._meta("store_format") is None

    new = SearchIndex(tmp_path / "new")
    assert new._meta("store_format") == index_module.STORE_FORMAT
    assert new.upsert([milk]) == 1 and new.upsert([milk]) == 0
    assert new.get("milk") == milk.replace(lang="en")
