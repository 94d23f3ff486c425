"""The on-disk search index: lexical (tantivy BM25) and dense (vectors) under one directory.

Layout of ``directory``::

    store.sqlite   documents (JSON), filter columns, digests, embeddings (BLOB) and metadata
    lexical/       the tantivy index
    ann.bin        the hnswlib graph (only above the exact-search threshold)
    write.lock     held (flock) by the one process writing

Documents are searchable lexically as soon as :meth:`SearchIndex.upsert` returns; their vectors
are computed later by :meth:`SearchIndex.embed_pending` in batches, each batch committed, so an
interrupted run resumes where it stopped. An index remembers the embedder name its vectors came
from and refuses to mix vectors of another one (``embed_pending`` with a different embedder drops
the old vectors and starts over).

Readers in other processes notice a writer's commit through a generation counter in the store
and reload (tantivy reader, catalog, vectors) on their next search.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import math
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson

from ipcenter.core.errors import ConfigurationError, NotFound, ValidationError
from ipcenter.core.i18n import N_
from ipcenter.search.analysis import detect_lang, fold, query_terms
from ipcenter.search.documents import KINDS, SearchDocument, normalise_classification
from ipcenter.search.engine import MODES, Embedder, Feedback, Filters, Hit, IndexStatus
from ipcenter.search.fusion import Fused, FusionParams, fuse
from ipcenter.search.lexical import LexicalIndex, LexicalParams, LexicalWriter, date_key
from ipcenter.search.passages import best_passage
from ipcenter.search.vectors import HNSW_THRESHOLD, VectorIndex

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    family TEXT NOT NULL,
    kind TEXT NOT NULL,
    org INTEGER,
    pub INTEGER NOT NULL,
    jur TEXT NOT NULL,
    lang TEXT NOT NULL,
    rtype TEXT NOT NULL,
    cls TEXT NOT NULL,
    applicants TEXT NOT NULL,
    digest TEXT NOT NULL,
    text_digest TEXT NOT NULL,
    data TEXT NOT NULL,
    vector BLOB,
    abstract_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS docs_pending ON docs (seq) WHERE vector IS NULL;
CREATE INDEX IF NOT EXISTS docs_family ON docs (family);
"""

LOCK_TIMEOUT = 60.0
BATCH = 5000  # documents per store round trip (and progress report) of an upsert
CANDIDATES = 100  # per list, before fusion and family grouping
FEEDBACK_TERMS = 10
MASK_CACHE = 32  # filter masks kept per index (a prior-art session repeats its filters)


@dataclass(frozen=True)
class SearchParams:
    """Everything tunable about ranking (defaults: chosen on the BioPAT dev split)."""

    lexical: LexicalParams = dataclasses.field(default_factory=LexicalParams)
    fusion: FusionParams = dataclasses.field(default_factory=FusionParams)
    candidates: int = CANDIDATES
    rocchio: tuple[float, float, float] = (1.0, 0.6, 0.3)  # alpha, beta, gamma
    # Pseudo-relevance feedback on the dense side: the query vector moves towards the mean of the
    # first fused ranking's top ``prf_docs`` documents (weight ``prf_weight``) and re-scores the
    # candidates both lists found (not the whole corpus: that would be a second full scan).
    # Off: it gained at most +0.001 MRR@10 / +0.006 R@10 on the dev split once identical
    # abstracts were grouped (the benchmark turns it on only beyond 0.005).
    prf_docs: int = 0
    prf_weight: float = 0.3


def embedding_text(doc: SearchDocument) -> str:
    """What the dense side embeds: title, abstract and independent claims (the model truncates)."""
    parts = [doc.title, doc.abstract, doc.independent_claims]
    text = "\n".join(p for p in parts if p)
    return text or doc.description[:2000]


STORE_FORMAT = "2"  # meta ``store_format``: stored JSON written by orjson


def _legacy_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _fast_json(data: dict[str, Any]) -> str:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()  # noqa: S324 - not for security


# Shorter abstracts ("A toy.", placeholders) are too generic to say two records disclose the same
# invention; real abstracts of continuations are hundreds of characters.
MIN_SHARED_ABSTRACT = 80


def abstract_key(abstract: str) -> str:
    """What makes two abstracts "identical": folded, case and whitespace ignored ('' if short).

    Continuations and divisionals usually repeat the parent's abstract word for word while
    belonging to another (DOCDB) family; search shows them as one row, like family members.
    """
    text = " ".join(fold(abstract).casefold().split())
    return _digest(text)[:20] if len(text) >= MIN_SHARED_ABSTRACT else ""


def _normalised(doc: SearchDocument) -> SearchDocument:
    if not doc.id:
        raise ValidationError(field="id", reason=N_("must not be empty"))
    if doc.kind not in KINDS:
        raise ValidationError(
            field="kind",
            value=doc.kind,
            reason=N_("must be one of {allowed}"),
            allowed=", ".join(KINDS),
        )
    lang = doc.lang or detect_lang(f"{doc.title}\n{doc.abstract}\n{doc.independent_claims}")
    jurisdiction = doc.jurisdiction.upper() if doc.jurisdiction else None
    classifications = tuple(normalise_classification(c) for c in doc.classifications if c)
    if (lang, jurisdiction, classifications) == (doc.lang, doc.jurisdiction, doc.classifications):
        return doc
    return doc.replace(lang=lang, jurisdiction=jurisdiction, classifications=classifications)


class _Catalog:
    """Filter columns of every document, as arrays, for masks over the vector rows."""

    def __init__(self, rows: list[tuple[object, ...]]) -> None:
        self.seqs = np.array([r[0] for r in rows], dtype=np.int64)
        self.ids: list[str] = [str(r[1]) for r in rows]
        self.families: list[str] = [str(r[2]) for r in rows]
        self.kinds = np.array([r[3] for r in rows], dtype=object)
        self.orgs = np.array([-1 if r[4] is None else r[4] for r in rows], dtype=np.int64)
        self.pubs = np.array([r[5] for r in rows], dtype=np.int64)
        self.jurs = np.array([r[6] for r in rows], dtype=object)
        self.langs = np.array([r[7] for r in rows], dtype=object)
        self.rtypes = np.array([r[8] for r in rows], dtype=object)
        self.cls: list[str] = [str(r[9]) for r in rows]
        self.applicants: list[str] = [str(r[10]) for r in rows]
        self.position = {doc_id: i for i, doc_id in enumerate(self.ids)}
        self.by_seq = {int(s): i for i, s in enumerate(self.seqs)}
        self.groups = _groups(self.families, [str(r[11]) for r in rows])
        members: dict[str, list[str]] = {}
        for doc_id, group in zip(self.ids, self.groups, strict=True):
            members.setdefault(group, []).append(doc_id)
        # Result rows are per group: a family, joined by families that share an abstract.
        self.members = members
        self.group_of_family = dict(zip(self.families, self.groups, strict=True))
        self.families_of_group: dict[str, set[str]] = {}
        for family, group in self.group_of_family.items():
            self.families_of_group.setdefault(group, set()).add(family)

    def with_shared_abstracts(self, families: frozenset[str]) -> frozenset[str]:
        """``families`` and every family grouped with one of them (identical abstracts)."""
        out = set(families)
        for family in families:
            out |= self.families_of_group.get(self.group_of_family.get(family, family), set())
        return frozenset(out)

    def applicant_ids(self, needle: str) -> set[str]:
        folded = fold(needle).casefold().strip()
        return {
            self.ids[i] for i, names in enumerate(self.applicants) if folded and folded in names
        }

    def mask(self, filters: Filters, allowed: frozenset[str] | None) -> npt.NDArray[np.bool_]:
        n = len(self.ids)
        mask = np.ones(n, dtype=bool)
        if filters.org_ids is not None:
            mask &= np.isin(self.orgs, np.array(sorted(filters.org_ids), dtype=np.int64))
        if filters.before is not None:
            mask &= self.pubs < date_key(filters.before)
        if filters.jurisdictions:
            mask &= np.isin(self.jurs, [j.upper() for j in filters.jurisdictions])
        if filters.right_types:
            mask &= np.isin(self.rtypes, list(filters.right_types))
        if filters.kinds:
            mask &= np.isin(self.kinds, list(filters.kinds))
        if filters.lang:
            mask &= self.langs == filters.lang
        if filters.classification_prefixes:
            prefixes = tuple("".join(p.split()).upper() for p in filters.classification_prefixes)
            mask &= np.array(
                [any(s.startswith(prefixes) for s in c.split()) for c in self.cls], dtype=bool
            )
        if allowed is not None:
            keep = np.zeros(n, dtype=bool)
            for doc_id in allowed:
                i = self.position.get(doc_id)
                if i is not None:
                    keep[i] = True
            mask &= keep
        for doc_id in filters.exclude_ids:
            i = self.position.get(doc_id)
            if i is not None:
                mask[i] = False
        for family in filters.exclude_families:
            for doc_id in self.members.get(self.group_of_family.get(family, family), ()):
                mask[self.position[doc_id]] = False
        return mask


def _groups(families: Sequence[str], abstract_keys: Sequence[str]) -> list[str]:
    """The result group of each document: its family, merged with families sharing an abstract.

    Union-find over families; a group is named by its smallest family key, so it does not depend
    on the order documents were added.
    """
    parent: dict[str, str] = {f: f for f in families}

    def root(f: str) -> str:
        while parent[f] != f:
            parent[f] = parent[parent[f]]
            f = parent[f]
        return f

    first_family: dict[str, str] = {}
    for family, key in zip(families, abstract_keys, strict=True):
        if not key:
            continue
        other = first_family.setdefault(key, family)
        a, b = root(family), root(other)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [root(f) for f in families]


def _add_abstract_keys(db: sqlite3.Connection) -> None:
    """Give a store written before abstracts were grouped its ``abstract_key`` column, filled."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(docs)")}
    if "abstract_key" in columns:
        return
    with db:
        db.execute("ALTER TABLE docs ADD COLUMN abstract_key TEXT NOT NULL DEFAULT ''")
        db.executemany(
            "UPDATE docs SET abstract_key = ? WHERE seq = ?",
            [
                (abstract_key(str(json.loads(data).get("abstract") or "")), seq)
                for seq, data in db.execute("SELECT seq, data FROM docs").fetchall()
            ],
        )


@dataclass(frozen=True)
class _Masks:
    """A filter over catalog positions (``docs``) and vector rows (``rows``; ``None``: all)."""

    docs: npt.NDArray[np.bool_]
    rows: npt.NDArray[np.bool_] | None


class SearchIndex:
    """A lexical + dense index of :class:`SearchDocument` objects in ``directory``."""

    def __init__(
        self,
        directory: Path,
        embedder: Embedder | None = None,
        params: SearchParams | None = None,
        hnsw_threshold: int = HNSW_THRESHOLD,
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.embedder = embedder
        self.params = params or SearchParams()
        self.hnsw_threshold = hnsw_threshold
        self._local = threading.local()
        self._thread_lock = threading.RLock()
        with self._connect() as db:
            db.executescript(_SCHEMA)
            _add_abstract_keys(db)
        self._stored_json = self._store_encoder()
        self.lexical = LexicalIndex(self.directory / "lexical")
        if self.lexical.recreated:
            self._rebuild_lexical()
        self._generation = -1
        self._catalog = _Catalog([])
        self._vectors: VectorIndex | None = None
        self._vector_pos = np.zeros(0, dtype=np.int64)
        self._vector_row = np.zeros(0, dtype=np.int64)
        self._embedded = np.zeros(0, dtype=bool)
        self._masks: dict[tuple[Filters, frozenset[str] | None], _Masks] = {}
        self._refresh()

    # -- storage helpers -------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.directory / "store.sqlite", timeout=LOCK_TIMEOUT)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    def _store_encoder(self) -> Callable[[dict[str, Any]], str]:
        """How this store writes a document's JSON, which its digest is taken of.

        A store begun empty uses orjson (seven times faster than ``json.dumps``); one filled
        before ``store_format`` existed keeps ``json.dumps``'s spacing, so the digests of its
        unchanged documents still match and an incremental upsert skips them.
        """
        db = self._connect()
        with db:
            if (
                self._meta("store_format") is None
                and not db.execute("SELECT 1 FROM docs LIMIT 1").fetchone()
            ):
                self._set_meta(db, "store_format", STORE_FORMAT)
        return _fast_json if self._meta("store_format") == STORE_FORMAT else _legacy_json

    def _meta(self, key: str) -> str | None:
        row = self._connect().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _bump(self, db: sqlite3.Connection) -> None:
        generation = int(self._meta("generation") or 0) + 1
        self._set_meta(db, "generation", str(generation))

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """The process-wide and cross-process write lock."""
        with self._thread_lock:
            path = self.directory / "write.lock"
            with path.open("a+") as handle:
                deadline = time.monotonic() + LOCK_TIMEOUT
                while True:
                    try:
                        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise ConfigurationError(
                                reason=N_("the search index at {path} is locked by another writer"),
                                path=str(self.directory),
                            ) from None
                        time.sleep(0.05)
                try:
                    yield
                finally:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _refresh(self, force: bool = False) -> None:
        """Reload catalog, vectors and the tantivy reader when another process committed."""
        generation = int(self._meta("generation") or 0)
        if generation == self._generation and not force:
            return
        with self._thread_lock:
            db = self._connect()
            rows = db.execute(
                "SELECT seq, id, family, kind, org, pub, jur, lang, rtype, cls, applicants, "
                "abstract_key FROM docs ORDER BY seq"
            ).fetchall()
            self._catalog = _Catalog(rows)
            self._masks = {}
            self.lexical.reload()
            self._load_vectors(db)
            self._generation = generation

    def _load_vectors(self, db: sqlite3.Connection) -> None:
        name = self._meta("embedder")
        dimension = self._meta("dimension")
        if name is None or dimension is None:
            self._vectors = None
            self._vector_pos = np.zeros(0, dtype=np.int64)
            self._embedded = np.zeros(0, dtype=bool)
            return
        dim = int(dimension)
        labels: list[int] = []
        blobs: list[bytes] = []
        for seq, blob in db.execute("SELECT seq, vector FROM docs WHERE vector IS NOT NULL"):
            labels.append(int(seq))
            blobs.append(blob)
        matrix = (
            np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(-1, dim)
            if blobs
            else np.zeros((0, dim), dtype=np.float32)
        )
        vectors = VectorIndex(dim, hnsw_threshold=self.hnsw_threshold)
        vectors.load(np.array(labels, dtype=np.int64), matrix)
        vectors.load_graph(self.directory / "ann.bin")
        self._vectors = vectors
        self._sync_vector_positions()

    def _sync_vector_positions(self) -> None:
        self._masks = {}
        n = len(self._catalog.ids)
        if self._vectors is None:
            self._vector_pos = np.zeros(0, dtype=np.int64)
            self._vector_row = np.full(n, -1, dtype=np.int64)
            self._embedded = np.zeros(n, dtype=bool)
            return
        by_seq = self._catalog.by_seq
        pos = np.array(
            [by_seq.get(int(label), -1) for label in self._vectors.labels], dtype=np.int64
        )
        valid = pos >= 0
        row = np.full(n, -1, dtype=np.int64)  # catalog position → vector row (-1: none)
        row[pos[valid]] = np.flatnonzero(valid)
        self._vector_pos = pos
        self._vector_row = row
        self._embedded = row >= 0

    # -- writing ---------------------------------------------------------------------------------

    def _rebuild_lexical(self) -> None:
        """Re-add every stored document to a freshly created tantivy index (schema upgrade)."""
        with self._writing():
            rows = self._connect().execute("SELECT data FROM docs ORDER BY seq")
            writer = self.lexical.writer()
            try:
                writer.add((SearchDocument.from_dict(json.loads(d)) for (d,) in rows), all_new=True)
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            writer.finish()

    def upsert(
        self, docs: Iterable[SearchDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        """Add or replace documents (by id); unchanged ones are skipped. Returns how many changed.

        Changed text clears the document's vector (it is re-embedded by :meth:`embed_pending`);
        a change of metadata only keeps it. One store transaction and one tantivy commit for the
        whole call: when either fails, neither keeps anything of it.
        """
        changed: list[str] = []
        with self._writing():
            db = self._connect()
            writer = self.lexical.writer()
            try:
                batch: list[SearchDocument] = []
                for doc in docs:
                    batch.append(_normalised(doc))
                    if len(batch) >= BATCH:
                        changed += self._upsert_batch(db, writer, batch)
                        batch = []
                        if progress is not None:
                            progress(len(changed))
                if batch:
                    changed += self._upsert_batch(db, writer, batch)
                if changed:
                    self._bump(db)
                writer.commit()
            except BaseException:
                writer.rollback()
                db.rollback()
                raise
            self._commit_store(db, writer, changed)
            if progress is not None:
                progress(len(changed))
        self._refresh(force=True)
        return len(changed)

    def _commit_store(
        self, db: sqlite3.Connection, writer: LexicalWriter, touched: Sequence[str]
    ) -> None:
        """Commit the store after tantivy committed; if that fails, put tantivy's copies of the
        ``touched`` documents back to what the store holds (nothing half-written)."""
        try:
            db.commit()
        except BaseException:
            db.rollback()
            writer.finish()
            self._resync_lexical(touched)
            raise
        writer.finish()

    def _resync_lexical(self, ids: Sequence[str]) -> None:
        """Make tantivy's documents ``ids`` those of the store (absent ones deleted)."""
        stored = self._get_many(ids)
        self.lexical.write(list(stored.values()), ids, frozenset(stored))

    def _upsert_batch(
        self, db: sqlite3.Connection, writer: LexicalWriter, batch: list[SearchDocument]
    ) -> list[str]:
        """Stage one batch in the open store transaction and the tantivy writer; the changed ids."""
        unique: dict[str, SearchDocument] = {doc.id: doc for doc in batch}
        existing: dict[str, tuple[str, str]] = {}
        ids = list(unique)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for doc_id, digest, text_digest in db.execute(
                f"SELECT id, digest, text_digest FROM docs WHERE id IN ({marks})",  # noqa: S608
                chunk,
            ):
                existing[doc_id] = (digest, text_digest)
        rows = []
        changed_docs = []
        for doc in unique.values():
            data = self._stored_json(doc.to_dict())
            digest = _digest(data)
            text_digest = _digest(embedding_text(doc))
            old = existing.get(doc.id)
            if old is not None and old[0] == digest:
                continue
            keep_vector = old is not None and old[1] == text_digest
            applicants = "\n".join(fold(a).casefold() for a in doc.applicants)
            rows.append(
                (
                    doc.id,
                    doc.family,
                    doc.kind,
                    doc.org_id,
                    date_key(doc.publication_date),
                    doc.jurisdiction or "",
                    doc.lang or "",
                    doc.right_type or "",
                    " ".join(doc.classifications),
                    applicants,
                    digest,
                    text_digest,
                    data,
                    abstract_key(doc.abstract),
                    keep_vector,
                )
            )
            changed_docs.append(doc)
        if not rows:
            return []
        writer.add(changed_docs, {doc.id for doc in changed_docs if doc.id not in existing})
        db.executemany(
            "INSERT INTO docs (id, family, kind, org, pub, jur, lang, rtype, cls, applicants, "
            "digest, text_digest, data, abstract_key, vector) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) "
            "ON CONFLICT (id) DO UPDATE SET family = excluded.family, kind = excluded.kind, "
            "org = excluded.org, pub = excluded.pub, jur = excluded.jur, "
            "lang = excluded.lang, rtype = excluded.rtype, cls = excluded.cls, "
            "applicants = excluded.applicants, digest = excluded.digest, "
            "text_digest = excluded.text_digest, data = excluded.data, "
            "abstract_key = excluded.abstract_key, "
            "vector = CASE WHEN ? THEN docs.vector ELSE NULL END",
            rows,
        )
        return [doc.id for doc in changed_docs]

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id; returns how many were present."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return 0
        with self._writing():
            db = self._connect()
            present: list[str] = []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                present += [
                    str(r[0])
                    for r in db.execute(
                        f"SELECT id FROM docs WHERE id IN ({marks})",  # noqa: S608
                        chunk,
                    )
                ]
            if present:
                self.lexical.write((), present)
                with db:
                    db.executemany("DELETE FROM docs WHERE id = ?", [(p,) for p in present])
                    self._bump(db)
        self._refresh(force=True)
        return len(present)

    def embed_pending(
        self,
        batch_size: int = 16,
        progress: Callable[[int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> int:
        """Embed documents that have no vector yet, ``batch_size`` at a time, each batch committed.

        ``progress(done, total)`` after each batch; ``should_stop()`` is asked before each batch
        (a stopped run resumes from the next pending document). Returns how many were embedded.
        """
        embedder = self.embedder
        if embedder is None:
            raise ConfigurationError(reason=N_("this search index was opened without an embedder"))
        done = 0
        with self._writing():
            db = self._connect()
            name = self._meta("embedder")
            if name != embedder.name:
                # Another model's vectors are not comparable: drop them and start over.
                with db:
                    db.execute("UPDATE docs SET vector = NULL")
                    self._set_meta(db, "embedder", embedder.name)
                    self._set_meta(db, "dimension", str(embedder.dimension))
                    self._bump(db)
                self._generation = -1
                self._refresh()
            total = int(db.execute("SELECT COUNT(*) FROM docs WHERE vector IS NULL").fetchone()[0])
            while total - done > 0:
                if should_stop is not None and should_stop():
                    break
                rows = db.execute(
                    "SELECT seq, data FROM docs WHERE vector IS NULL ORDER BY seq LIMIT ?",
                    (batch_size,),
                ).fetchall()
                if not rows:
                    break
                docs = [SearchDocument.from_dict(json.loads(data)) for _seq, data in rows]
                matrix = np.asarray(
                    embedder.embed_passages([embedding_text(d) for d in docs]), dtype=np.float32
                )
                with db:
                    db.executemany(
                        "UPDATE docs SET vector = ? WHERE seq = ?",
                        [(matrix[i].tobytes(), int(seq)) for i, (seq, _data) in enumerate(rows)],
                    )
                    self._bump(db)
                if self._vectors is not None:
                    self._vectors.add(np.array([int(s) for s, _d in rows], dtype=np.int64), matrix)
                    self._sync_vector_positions()
                    self._generation = int(self._meta("generation") or 0)
                done += len(rows)
                if progress is not None:
                    progress(done, total)
            if self._vectors is not None and self._vectors.uses_hnsw:
                self._vectors.save_graph(self.directory / "ann.bin")
        return done

    # -- reading ---------------------------------------------------------------------------------

    def status(self) -> IndexStatus:
        db = self._connect()
        documents, embedded = db.execute("SELECT COUNT(*), COUNT(vector) FROM docs").fetchone()
        return IndexStatus(
            documents=int(documents),
            embedded=int(embedded),
            pending=int(documents) - int(embedded),
            embedder=self._meta("embedder"),
            directory=str(self.directory),
        )

    def get(self, id: str) -> SearchDocument | None:
        row = self._connect().execute("SELECT data FROM docs WHERE id = ?", (id,)).fetchone()
        return None if row is None else SearchDocument.from_dict(json.loads(row[0]))

    def _get_many(self, ids: Sequence[str]) -> dict[str, SearchDocument]:
        out: dict[str, SearchDocument] = {}
        db = self._connect()
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for doc_id, data in db.execute(
                f"SELECT id, data FROM docs WHERE id IN ({marks})",  # noqa: S608
                chunk,
            ):
                out[str(doc_id)] = SearchDocument.from_dict(json.loads(data))
        return out

    def _vector_of(self, doc_id: str) -> npt.NDArray[np.float32] | None:
        row = (
            self._connect()
            .execute("SELECT vector FROM docs WHERE id = ? AND vector IS NOT NULL", (doc_id,))
            .fetchone()
        )
        return None if row is None else np.frombuffer(row[0], dtype=np.float32)

    def search(
        self,
        text: str,
        filters: Filters = Filters(),  # noqa: B008 - frozen, never mutated
        k: int = 20,
        feedback: Feedback | None = None,
        mode: str = "hybrid",
    ) -> list[Hit]:
        """Families best first: BM25 and dense candidates (filters inside both), fused, grouped."""
        if mode not in MODES:
            raise ValidationError(
                field="mode",
                value=mode,
                reason=N_("must be one of {allowed}"),
                allowed=", ".join(MODES),
            )
        if not text.strip() and not (feedback and feedback.relevant):
            return []
        self._refresh()
        en, zh = query_terms(text, drop_boilerplate=self.params.lexical.drop_boilerplate)
        vector = None
        if mode != "lexical" and self._vectors is not None and len(self._vectors) and text.strip():
            vector = self._query_vector(text)
        return self._run(en, zh, vector, filters, k, feedback, mode)

    def _query_vector(self, text: str) -> npt.NDArray[np.float32] | None:
        if self.embedder is None:
            return None
        if self.embedder.name != self._meta("embedder"):
            return None  # vectors of another model: dense side unavailable until re-embedded
        return np.asarray(self.embedder.embed_queries([text])[0], dtype=np.float32)

    def similar_to(
        self,
        doc_id: str,
        filters: Filters = Filters(),  # noqa: B008 - frozen, never mutated
        k: int = 20,
        mode: str = "hybrid",
    ) -> list[Hit]:
        """Documents like a stored one (its claims, else abstract), never its own family."""
        doc = self.get(doc_id)
        if doc is None:
            raise NotFound(what=N_("Search document"), id=doc_id)
        self._refresh()
        text = doc.independent_claims or doc.abstract or doc.title
        en, zh = query_terms(f"{doc.title}\n{text}")
        en, zh = self._top_terms(en, zh, limit=40)
        vector = None
        if mode != "lexical":
            vector = self._vector_of(doc_id)
            if vector is None and self._vectors is not None and len(self._vectors):
                vector = self._query_vector(embedding_text(doc))
        scoped = dataclasses.replace(
            filters, exclude_families=filters.exclude_families | {doc.family}
        )
        return self._run(en, zh, vector, scoped, k, None, mode)

    def _top_terms(self, en: list[str], zh: list[str], limit: int) -> tuple[list[str], list[str]]:
        """The ``limit`` rarest terms (highest idf) of a long query text."""
        if len(en) + len(zh) <= limit:
            return en, zh
        searcher = self.lexical.index.searcher()
        scored = [(searcher.doc_freq("abstract_en", t), "en", t) for t in en]
        scored += [(searcher.doc_freq("abstract_zh", t), "zh", t) for t in zh]
        scored = [s for s in scored if s[0] > 0] or scored
        scored.sort()
        kept = scored[:limit]
        return [t for _f, lang, t in kept if lang == "en"], [
            t for _f, lang, t in kept if lang == "zh"
        ]

    def _feedback_terms(self, relevant: Sequence[SearchDocument]) -> dict[str, float]:
        """Top tf·idf terms of the relevant documents, to add to the lexical query."""
        counts: Counter[str] = Counter()
        for doc in relevant:
            en, zh = query_terms(f"{doc.title}\n{doc.abstract}\n{doc.independent_claims}")
            counts.update(en)
            counts.update(zh)
        searcher = self.lexical.index.searcher()
        total = max(searcher.num_docs, 1)
        scored: list[tuple[float, str]] = []
        for term, tf in counts.items():
            df = searcher.doc_freq("abstract_en", term) + searcher.doc_freq("abstract_zh", term)
            scored.append((tf * math.log(1 + total / (1 + df)), term))
        scored.sort(reverse=True)
        return {term: 0.5 for _s, term in scored[:FEEDBACK_TERMS]}

    def _run(
        self,
        en: list[str],
        zh: list[str],
        vector: npt.NDArray[np.float32] | None,
        filters: Filters,
        k: int,
        feedback: Feedback | None,
        mode: str,
    ) -> list[Hit]:
        fused, en, zh, filters, allowed = self._rank(en, zh, vector, filters, k, feedback, mode)
        return self._group(fused, en, zh, k, self._catalog, filters, allowed)

    def ranking(
        self,
        text: str,
        filters: Filters = Filters(),  # noqa: B008 - frozen, never mutated
        k: int = 20,
        mode: str = "hybrid",
        vector: npt.NDArray[np.float32] | None = None,
    ) -> list[Fused]:
        """The fused ranking (one entry per result group, best first) without passages or documents.

        For benchmarks and callers that only need ids and scores; ``vector`` replaces the
        query embedding when given.
        """
        self._refresh()
        en, zh = query_terms(text, drop_boilerplate=self.params.lexical.drop_boilerplate)
        if (
            vector is None
            and mode != "lexical"
            and self._vectors is not None
            and len(self._vectors)
        ):
            vector = self._query_vector(text)
        fused, *_rest = self._rank(en, zh, vector, filters, k, None, mode)
        out: list[Fused] = []
        seen: set[str] = set()
        catalog = self._catalog
        for item in fused:
            i = catalog.position.get(item.id)
            if i is None or catalog.groups[i] in seen:
                continue
            seen.add(catalog.groups[i])
            out.append(item)
            if len(out) >= k:
                break
        return out

    def _rank(
        self,
        en: list[str],
        zh: list[str],
        vector: npt.NDArray[np.float32] | None,
        filters: Filters,
        k: int,
        feedback: Feedback | None,
        mode: str,
    ) -> tuple[list[Fused], list[str], list[str], Filters, frozenset[str] | None]:
        en, zh = list(en), list(zh)
        params = self.params
        weights: dict[str, float] = {}
        if feedback is not None:
            filters = dataclasses.replace(
                filters, exclude_ids=filters.exclude_ids | set(feedback.irrelevant)
            )
            relevant = list(self._get_many(list(feedback.relevant)).values())
            if relevant:
                extra = self._feedback_terms(relevant)
                for term, weight in extra.items():
                    if term in en or term in zh:
                        continue
                    weights[term] = weight
                    (zh if any("\u3400" <= ch <= "\u9fff" for ch in term) else en).append(term)
            if vector is not None or mode != "lexical":
                vector = self._rocchio(vector, feedback)
        filters = self._with_shared_abstracts(filters)
        allowed = self._allowed(filters)
        fetch = max(params.candidates, k * 5)
        lexical: list[tuple[str, float]] = []
        if mode != "dense":
            query = self.lexical.text_query(en, zh, params.lexical, weights)
            clauses = self.lexical.filter_clauses(filters, allowed)
            lexical = self.lexical.search(query, clauses, fetch)
        dense: list[tuple[str, float]] = []
        masks = None
        if mode != "lexical" and vector is not None and self._vectors is not None:
            masks = self._masks_for(filters, allowed)
            dense = self._dense(vector, fetch, masks)
        unembedded = self._unembedded(lexical) if mode == "hybrid" and dense else set()
        if mode == "hybrid" and params.prf_docs > 0 and vector is not None and dense:
            assert masks is not None  # noqa: S101 - dense results imply masks
            first = fuse(lexical, dense, params.fusion, unembedded)[: params.prf_docs]
            vector = self._prf_vector(vector, [f.id for f in first])
            candidates = [d for d, _s in dense] + [d for d, _s in lexical]
            dense = self._rescore(vector, candidates, fetch, masks)
        if mode == "lexical":
            fused = fuse(lexical, [], FusionParams(method="mix", dense_weight=0.0))
        elif mode == "dense":
            fused = fuse([], dense, FusionParams(method="mix", lexical_weight=0.0))
        else:
            fused = fuse(lexical, dense, params.fusion, unembedded)
        return fused, en, zh, filters, allowed

    def _with_shared_abstracts(self, filters: Filters) -> Filters:
        """``filters`` whose excluded families also exclude the records sharing their abstract."""
        if not filters.exclude_families:
            return filters
        families = self._catalog.with_shared_abstracts(filters.exclude_families)
        return dataclasses.replace(filters, exclude_families=families)

    def _allowed(self, filters: Filters) -> frozenset[str] | None:
        """The ids ``only_ids`` and the applicant filter leave (None: no such filter)."""
        allowed = filters.only_ids
        if filters.applicant:
            matching = self._catalog.applicant_ids(filters.applicant)
            allowed = frozenset(matching if allowed is None else matching & allowed)
        return allowed

    def undated_excluded(self, text: str, filters: Filters) -> int:
        """How many documents matching words of ``text`` (and every other filter) a date cut-off
        leaves out only because they have no publication date: a prior-art search must say what
        it could not judge."""
        if filters.before is None or not text.strip():
            return 0
        self._refresh()
        en, zh = query_terms(text, drop_boilerplate=self.params.lexical.drop_boilerplate)
        query = self.lexical.text_query(en, zh, self.params.lexical)
        if query is None:
            return 0
        undated = dataclasses.replace(self._with_shared_abstracts(filters), before=None)
        clauses = self.lexical.filter_clauses(undated, self._allowed(undated))
        return self.lexical.count(query, [*clauses, self.lexical.undated_clause()])

    def _unembedded(self, lexical: Sequence[tuple[str, float]]) -> set[str]:
        """The lexical candidates that have no vector (yet)."""
        embedded = self._embedded
        position = self._catalog.position
        out: set[str] = set()
        for doc_id, _score in lexical:
            i = position.get(doc_id)
            if i is None or i >= len(embedded) or not embedded[i]:
                out.add(doc_id)
        return out

    def _masks_for(self, filters: Filters, allowed: frozenset[str] | None) -> _Masks:
        """The filter as masks over documents and vector rows, cached per index generation."""
        key = (filters, allowed)
        masks = self._masks.get(key)
        pos = self._vector_pos
        if masks is not None and len(masks.docs) == len(self._catalog.ids):
            return masks
        docs = self._catalog.mask(filters, allowed)
        rows = np.where(pos >= 0, docs[np.clip(pos, 0, None)], False) if len(pos) else None
        if rows is not None and bool(rows.all()):
            rows = None  # nothing filtered out: the scan needs no mask
        masks = _Masks(docs, rows)
        if len(self._masks) >= MASK_CACHE:
            self._masks.pop(next(iter(self._masks)), None)  # the oldest
        self._masks[key] = masks
        return masks

    def _dense(
        self, vector: npt.NDArray[np.float32], fetch: int, masks: _Masks
    ) -> list[tuple[str, float]]:
        if self._vectors is None:
            return []
        catalog = self._catalog
        out: list[tuple[str, float]] = []
        for label, score in self._vectors.search(vector, fetch, masks.rows):
            i = catalog.by_seq.get(label)
            if i is not None:
                out.append((catalog.ids[i], score))
        return out

    def _rescore(
        self,
        vector: npt.NDArray[np.float32],
        candidates: Sequence[str],
        fetch: int,
        masks: _Masks,
    ) -> list[tuple[str, float]]:
        """The dense list of ``vector`` restricted to ``candidates`` (those with a vector)."""
        assert self._vectors is not None  # noqa: S101 - only called with dense results
        catalog = self._catalog
        positions = np.array(
            list(dict.fromkeys(catalog.position[d] for d in candidates if d in catalog.position)),
            dtype=np.int64,
        )
        if not len(positions):
            return []
        positions = positions[masks.docs[positions]]
        rows = self._vector_row[positions]
        positions, rows = positions[rows >= 0], rows[rows >= 0]
        scores = self._vectors.score_rows(rows, vector)
        order = np.argsort(-scores, kind="stable")[:fetch]
        return [(catalog.ids[int(positions[i])], float(scores[i])) for i in order]

    def _prf_vector(
        self, vector: npt.NDArray[np.float32], ids: Sequence[str]
    ) -> npt.NDArray[np.float32]:
        assert self._vectors is not None  # noqa: S101 - only called with dense results
        catalog = self._catalog
        found = []
        for doc_id in ids:
            v = self._vectors.vector(int(catalog.seqs[catalog.position[doc_id]]))
            if v is not None:
                found.append(v)
        if not found:
            return vector
        moved: npt.NDArray[np.float32] = np.asarray(
            vector + self.params.prf_weight * np.mean(found, axis=0), dtype=np.float32
        )
        return moved / np.float32(np.linalg.norm(moved))

    def _rocchio(
        self, vector: npt.NDArray[np.float32] | None, feedback: Feedback
    ) -> npt.NDArray[np.float32] | None:
        alpha, beta, gamma = self.params.rocchio
        rel = [v for v in (self._vector_of(d) for d in feedback.relevant) if v is not None]
        irr = [v for v in (self._vector_of(d) for d in feedback.irrelevant) if v is not None]
        if vector is None and not rel:
            return None
        dim = len(rel[0]) if rel else len(vector)  # type: ignore[arg-type]
        out = np.zeros(dim, dtype=np.float32) if vector is None else alpha * vector
        if rel:
            out = out + beta * np.mean(rel, axis=0)
        if irr:
            out = out - gamma * np.mean(irr, axis=0)
        norm = float(np.linalg.norm(out))
        return (out / norm).astype(np.float32) if norm > 0 else None

    def _group(
        self,
        fused: list[Fused],
        en: list[str],
        zh: list[str],
        k: int,
        catalog: _Catalog,
        filters: Filters,
        allowed: frozenset[str] | None,
    ) -> list[Hit]:
        chosen: list[Fused] = []
        seen: set[str] = set()
        for item in fused:
            i = catalog.position.get(item.id)
            if i is None:
                continue
            group = catalog.groups[i]
            if group in seen:
                continue
            seen.add(group)
            chosen.append(item)
            if len(chosen) >= k:
                break
        docs = self._get_many([c.id for c in chosen])
        mask = None
        hits: list[Hit] = []
        for item in chosen:
            doc = docs.get(item.id)
            if doc is None:
                continue
            members = catalog.members.get(catalog.groups[catalog.position[doc.id]], [doc.id])
            if len(members) > 1:
                if mask is None:
                    mask = self._masks_for(filters, allowed).docs
                others = [m for m in members if m != doc.id and mask[catalog.position[m]]]
                members = [doc.id, *sorted(others)]
            else:
                members = [doc.id]
            passage = best_passage(doc, en, zh)
            hits.append(
                Hit(
                    id=doc.id,
                    kind=doc.kind,
                    family_id=doc.family,
                    members=tuple(members),
                    score=item.score,
                    lexical_score=item.lexical_score,
                    dense_score=item.dense_score,
                    lexical_rank=item.lexical_rank,
                    dense_rank=item.dense_rank,
                    passage=passage.text,
                    highlights=passage.highlights,
                    matched_terms=passage.matched_terms,
                    document=doc,
                )
            )
        return hits

    def close(self) -> None:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
