"""BM25 over tantivy: English fields analysed by tantivy (``ipc_en``), Chinese fields pre-tokenised
by jieba and indexed with the ``whitespace`` tokenizer, metadata as raw/integer fields so filters
run inside the index query.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import tantivy

from ipcenter.search.analysis import (
    EN_TOKENIZER,
    ZH_TOKENIZER,
    english_analyzer,
    english_index_analyzer,
    fold,
    index_english_text,
    query_grams,
    zh_field_text,
    zh_gram_text,
)
from ipcenter.search.documents import SearchDocument
from ipcenter.search.engine import Filters

TEXT_FIELDS = ("title", "lead", "abstract", "iclaims", "oclaims", "description")
# The end of the first sentence: ``.``/``;`` before white space or the end, or ``。``/``；``.
_SENTENCE_END = re.compile(r"[.;](?=\s|$)|[。；]")
LEAD_MIN, LEAD_MAX = 20, 300  # the lead's length before its final mark
NO_DATE = 99_999_999  # undated documents sort after every cut-off (a cut-off excludes them)
NO_ORG = "-"
# One writer per upsert/delete call; its heap is split between the indexing threads, each
# flushing a segment when its share is full.
WRITER_HEAP = 200_000_000
WRITER_THREADS = 2


@dataclass(frozen=True)
class LexicalParams:
    """Field boosts and query options (tuned on the BioPAT dev split, see benchmarks)."""

    boosts: dict[str, float] = field(
        default_factory=lambda: {
            "title": 2.0,
            "lead": 0.3,
            "abstract": 1.0,
            "iclaims": 0.8,
            "oclaims": 0.3,
            "description": 0.2,
        }
    )
    zh_boost: float = 1.0
    # Chinese character uni/bigram fields (``*_zg``): a fraction of the word weight, so sub-word
    # matches are recalled but rank below whole-word matches.
    zh_gram_boost: float = 0.25
    phrase_boost: float = 0.0  # boost of adjacent-pair (bigram) phrase clauses; 0 = off
    drop_boilerplate: bool = False


def lead_sentence(abstract: str) -> str:
    """The abstract's first sentence (it usually restates the invention's title), ≤ 300 chars."""
    text = abstract.strip()
    # The first mark at index 20..300 (a search from 20 instead of a lazy ``.{20,300}?``: five
    # times faster). ``endpos`` one past the last index lets the look-ahead see the next char.
    match = _SENTENCE_END.search(text, LEAD_MIN, LEAD_MAX + 2)
    if match is not None and match.start() <= LEAD_MAX:
        return text[: match.end()]
    return text[:LEAD_MAX]


def _doc_texts(doc: SearchDocument) -> dict[str, str]:
    return {
        "title": doc.title,
        "lead": lead_sentence(doc.abstract),
        "abstract": doc.abstract,
        "iclaims": doc.independent_claims,
        "oclaims": doc.other_claims,
        "description": doc.description,
    }


def date_key(day: dt.date | None) -> int:
    """``2024-05-01`` → ``20240501`` (undated → :data:`NO_DATE`)."""
    return day.year * 10000 + day.month * 100 + day.day if day is not None else NO_DATE


def classification_prefixes(symbols: Iterable[str]) -> set[str]:
    """The union of :func:`symbol_prefixes` of ``symbols``."""
    return set().union(*map(symbol_prefixes, symbols))


@lru_cache(maxsize=100_000)
def symbol_prefixes(symbol: str) -> frozenset[str]:
    """The prefixes a filter may name, so a prefix filter is one term lookup.

    ``A23C9/123`` → section ``A``, class ``A23``, subclass ``A23C``, main group ``A23C9`` and
    ``A23C9/``, the symbol itself, and every leading part of the subgroup (``A23C9/1``,
    ``A23C9/12``) — the steps of the IPC/CPC hierarchy.
    """
    out = {symbol[:1], symbol[:3], symbol[:4], symbol}
    head, slash, sub = symbol.partition("/")
    out.add(head)
    if slash:
        for end in range(len(sub) + 1):
            out.add(f"{head}/{sub[:end]}")
    out.discard("")
    return frozenset(out)


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    for name in ("id", "family", "kind", "org", "jur", "lang", "rtype", "cls"):
        b.add_text_field(name, stored=name == "id", tokenizer_name="raw")
    b.add_integer_field("pub", stored=False, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        b.add_text_field(f"{name}_en", stored=False, tokenizer_name=EN_TOKENIZER)
        b.add_text_field(f"{name}_zh", stored=False, tokenizer_name=ZH_TOKENIZER)
        b.add_text_field(f"{name}_zg", stored=False, tokenizer_name=ZH_TOKENIZER)
    return b.build()


def _has_field(schema: tantivy.Schema, name: str) -> bool:
    try:
        tantivy.Query.term_query(schema, name, "x")
    except ValueError:
        return False
    return True


class LexicalIndex:
    """The tantivy part of a search index, in ``directory``."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.schema = _schema()
        path = str(directory)
        # ``recreated``: an index of an older schema was replaced by an empty one (the caller
        # re-adds the documents from its store).
        self.recreated = False
        if tantivy.Index.exists(path):
            self.index = tantivy.Index.open(path)
            if not _has_field(self.index.schema, "title_zg"):
                self.index = tantivy.Index(self.schema, path=path, reuse=False)
                self.recreated = True
        else:
            self.index = tantivy.Index(self.schema, path=path)
        # English text reaches it rewritten by ``index_english_text`` (or pre-tokenised).
        self.index.register_tokenizer(EN_TOKENIZER, english_index_analyzer())
        self.schema = self.index.schema

    # -- writing ---------------------------------------------------------------------------------

    def writer(self) -> LexicalWriter:
        """A writer for many documents and one commit (the caller commits or rolls back)."""
        return LexicalWriter(self)

    def write(
        self,
        upserts: Sequence[SearchDocument],
        deletes: Iterable[str],
        new_ids: frozenset[str] | set[str] = frozenset(),
    ) -> None:
        """Replace ``upserts`` (by id), remove ``deletes``, commit once."""
        writer = self.writer()
        try:
            writer.delete(deletes)
            writer.add(upserts, new_ids)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        writer.finish()

    def to_tantivy(self, doc: SearchDocument) -> tantivy.Document:
        """The tantivy document of ``doc``: metadata, and per text field its English value and, for
        text with Chinese characters, its jieba words and character grams."""
        fields: dict[str, object] = {
            "id": doc.id,
            "family": doc.family,
            "kind": doc.kind,
            "org": str(doc.org_id) if doc.org_id is not None else NO_ORG,
            "jur": doc.jurisdiction or "",
            "lang": doc.lang or "",
            "rtype": doc.right_type or "",
            "pub": date_key(doc.publication_date),
        }
        if doc.classifications:
            fields["cls"] = sorted(classification_prefixes(doc.classifications))
        tokenised: list[tuple[str, tantivy.PreTokenizedString]] = []
        jieba_memo: dict[str, list[str]] = {}  # the lead repeats the abstract's first runs
        for name, text in _doc_texts(doc).items():
            if not text:
                continue
            folded = fold(text)
            english = index_english_text(folded)
            if english is not None:
                fields[f"{name}_en"] = english
            else:
                tokenised.append((f"{name}_en", english_analyzer().pre_tokenize(folded)))
            if not folded.isascii():
                zh = zh_field_text(folded, jieba_memo)
                if zh:
                    fields[f"{name}_zh"] = zh
                    fields[f"{name}_zg"] = zh_gram_text(folded)
        out = tantivy.Document(**fields)
        for field_name, value in tokenised:
            out.add_pre_tokenized_text(field_name, value)
        return out

    # -- querying --------------------------------------------------------------------------------

    def filter_clauses(
        self, filters: Filters, allowed_ids: frozenset[str] | None = None
    ) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        """The MUST / MUST_NOT clauses a :class:`Filters` becomes inside the tantivy query."""
        s = self.schema
        must, must_not = tantivy.Occur.Must, tantivy.Occur.MustNot
        out: list[tuple[tantivy.Occur, tantivy.Query]] = []

        def any_of(field_name: str, values: Iterable[str]) -> tantivy.Query:
            return tantivy.Query.term_set_query(s, field_name, sorted(values))

        if filters.org_ids is not None:
            out.append((must, any_of("org", [str(o) for o in filters.org_ids] or ["\x00"])))
        if filters.before is not None:
            out.append(
                (
                    must,
                    tantivy.Query.range_query(
                        s,
                        "pub",
                        tantivy.FieldType.Integer,
                        0,
                        date_key(filters.before),
                        True,
                        False,
                    ),
                )
            )
        if filters.jurisdictions:
            out.append((must, any_of("jur", [j.upper() for j in filters.jurisdictions])))
        if filters.classification_prefixes:
            prefixes = ["".join(p.split()).upper() for p in filters.classification_prefixes]
            out.append((must, any_of("cls", prefixes)))
        if filters.right_types:
            out.append((must, any_of("rtype", filters.right_types)))
        if filters.kinds:
            out.append((must, any_of("kind", filters.kinds)))
        if filters.lang:
            out.append((must, tantivy.Query.term_query(s, "lang", filters.lang)))
        if allowed_ids is not None:
            out.append((must, any_of("id", allowed_ids or ["\x00"])))
        if filters.exclude_ids:
            out.append((must_not, any_of("id", filters.exclude_ids)))
        if filters.exclude_families:
            out.append((must_not, any_of("family", filters.exclude_families)))
        return out

    def text_query(
        self,
        en_terms: Sequence[str],
        zh_terms: Sequence[str],
        params: LexicalParams,
        weights: dict[str, float] | None = None,
    ) -> tantivy.Query | None:
        """An OR of every term over every field, boosted per field (and per term: ``weights``)."""
        s = self.schema
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        should = tantivy.Occur.Should
        grams = query_grams(zh_terms) if params.zh_gram_boost > 0 else []
        for suffix, terms, extra in (
            ("en", en_terms, 1.0),
            ("zh", zh_terms, params.zh_boost),
            ("zg", grams, params.zh_gram_boost),
        ):
            for term in terms:
                weight = (weights or {}).get(term, 1.0) * extra
                for name in TEXT_FIELDS:
                    boost = params.boosts.get(name, 0.0) * weight
                    if boost <= 0:
                        continue
                    q = tantivy.Query.term_query(s, f"{name}_{suffix}", term)
                    clauses.append((should, tantivy.Query.boost_query(q, boost)))
            if params.phrase_boost > 0 and suffix == "en":
                for first, second in itertools.pairwise(terms):
                    for name in ("title", "abstract"):
                        boost = params.boosts.get(name, 0.0) * params.phrase_boost
                        if boost <= 0:
                            continue
                        q = tantivy.Query.phrase_query(s, f"{name}_en", [first, second], slop=1)
                        clauses.append((should, tantivy.Query.boost_query(q, boost)))
        if not clauses:
            return None
        return tantivy.Query.boolean_query(clauses)

    def search(
        self,
        query: tantivy.Query | None,
        filter_clauses: list[tuple[tantivy.Occur, tantivy.Query]],
        limit: int,
    ) -> list[tuple[str, float]]:
        """(document id, BM25 score) best first; an empty list when there is no text query."""
        if query is None or limit <= 0:
            return []
        full = (
            tantivy.Query.boolean_query([(tantivy.Occur.Must, query), *filter_clauses])
            if filter_clauses
            else query
        )
        searcher = self.index.searcher()
        result = searcher.search(full, limit)
        out: list[tuple[str, float]] = []
        for score, address in result.hits:
            doc_id = searcher.doc(address).get_first("id")
            out.append((str(doc_id), float(score)))
        return out

    def count(
        self, query: tantivy.Query, filter_clauses: list[tuple[tantivy.Occur, tantivy.Query]]
    ) -> int:
        """How many documents match ``query`` and the filters."""
        full = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), *filter_clauses])
        result = self.index.searcher().search(full, 1, count=True)
        return int(result.count)  # type: ignore[attr-defined]  # missing from tantivy's stub

    def undated_clause(self) -> tuple[tantivy.Occur, tantivy.Query]:
        """Only documents without a publication date."""
        undated = tantivy.Query.range_query(
            self.schema, "pub", tantivy.FieldType.Integer, NO_DATE, NO_DATE, True, True
        )
        return tantivy.Occur.Must, undated

    def reload(self) -> None:
        self.index.reload()


class LexicalWriter:
    """One tantivy writer: deletes and additions of any number of documents, then one commit.

    Nothing is visible to searchers before :meth:`commit`; :meth:`rollback` drops it all.
    """

    def __init__(self, lexical: LexicalIndex) -> None:
        self._lexical = lexical
        self._writer = lexical.index.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)

    def delete(self, ids: Iterable[str]) -> None:
        for doc_id in ids:
            self._writer.delete_documents_by_term("id", doc_id)

    def add(
        self,
        docs: Iterable[SearchDocument],
        new_ids: frozenset[str] | set[str] = frozenset(),
        *,
        all_new: bool = False,
    ) -> None:
        """Add ``docs``, replacing by id all but ``new_ids`` (ids the caller knows are not in the
        index: a delete per document costs as much again at commit); ``all_new``: none is."""
        writer = self._writer
        to_tantivy = self._lexical.to_tantivy
        for doc in docs:
            if not all_new and doc.id not in new_ids:
                writer.delete_documents_by_term("id", doc.id)
            writer.add_document(to_tantivy(doc))

    def commit(self) -> None:
        """Make everything durable and visible to searchers opened from now on."""
        self._writer.commit()

    def rollback(self) -> None:
        """Drop everything since the last commit and release the index's write lock at once (not
        when a traceback holding this writer is collected)."""
        self._writer.rollback()
        self._writer.wait_merging_threads()

    def finish(self) -> None:
        """After :meth:`commit`: let merges end, release the index's write lock, reload."""
        self._writer.wait_merging_threads()
        self._lexical.index.reload()
