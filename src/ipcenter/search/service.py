"""Search as the product uses it: the index kept in step with the registry, scoped queries, FTO.

How the index stays current (ingest never imports search):

* ``reindex`` compares each registry record with what the index holds (``search_indexed``: one
  digest per document). An incremental run looks only at rows changed since the last run's
  *watermark* (the newest ``updated_at`` it saw, minus a safety margin for transactions that
  committed late), at rows the index does not hold yet, and at indexed ids whose row is gone.
  Unchanged digests are skipped, so a run is idempotent; ``full=True`` looks at every row.
* Every search first calls :func:`catch_up`: a cheap check (any row newer than the watermark, or
  a different number of rows than documents indexed) and, when the registry moved, an
  incremental *lexical* reindex. So a record an import just stored is searchable on the next
  query, while its dense vector is computed by the next embedding job (``embed``). The check
  runs at most once per ``CATCH_UP_INTERVAL`` seconds per index, so a burst of queries pays once.
* Dense embedding is a resumable job (``embed`` / :func:`start_embedding_job`): the index keeps
  which documents still lack a vector; stopping loses nothing; lexical search works meanwhile.

Freedom to operate: :func:`in_force_ids` derives each patent's status on a date from its legal
events and statutory term with ``rights.status`` (the same functions the registry and portfolio
use), and the ids in force in the territory become the index's allow-list.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from ipcenter.core.errors import IpcenterError, NotFound, ValidationError
from ipcenter.core.i18n import N_
from ipcenter.core.scoping import OrgScope, scoped
from ipcenter.core.settings import Settings, get_settings
from ipcenter.rights import (
    InvalidNumber,
    LegalEvent,
    Patent,
    PatentType,
    RightStatus,
    find_patent,
    looks_like_mx_application_number,
    parse_mx_application_number,
    parse_publication_number,
    status_on,
    term_of,
)
from ipcenter.search.documents import SearchDocument
from ipcenter.search.engine import Embedder, Feedback, Filters, Hit, IndexStatus
from ipcenter.search.index import SearchIndex
from ipcenter.search.models import AddedDocument, IndexedDocument, IndexRun
from ipcenter.search.sources import (
    ADDED_KINDS,
    KINDS,
    PATENT,
    digest_of,
    iter_added_documents,
    iter_patent_documents,
    patent_id_of,
)

log = logging.getLogger(__name__)

MODES = ("hybrid", "lexical", "dense")
MAX_K = 200
# A transaction may commit rows stamped a little before the previous run's watermark.
WATERMARK_MARGIN = dt.timedelta(minutes=2)
UPSERT_BATCH = 2000
ProgressFn = Callable[[str, int, int], None]  # (phase, done, total)

_indexes: dict[tuple[str, str], SearchIndex] = {}
_indexes_lock = threading.Lock()
_jobs: dict[int, threading.Thread] = {}
_jobs_lock = threading.Lock()
_catch_up_lock = threading.Lock()
_catch_up_lock_checked = threading.Lock()
_checked_at: dict[str, float] = {}
# Searches within this many seconds of a catch-up check skip the next one.
CATCH_UP_INTERVAL = 2.0
# A catch-up of more documents than this runs in the background instead of inside a search.
INLINE_CATCH_UP = 500


# -- the index ------------------------------------------------------------------------------------


def index_directory(settings: Settings | None = None) -> Path:
    """Where the index files live: ``<data_dir>/index`` (``var/index/`` by default)."""
    return (settings or get_settings()).data_dir / "index"


def default_embedder() -> Embedder | None:
    """The configured embedder (``IPCENTER_EMBEDDER``; ``none`` = lexical only)."""
    import os

    spec = os.environ.get("IPCENTER_EMBEDDER", "")
    if spec.strip().lower() in {"none", "off", "lexical"}:
        return None
    from ipcenter.search.embedders import load_embedder

    return load_embedder(spec or None)


def open_index(
    directory: Path | None = None,
    *,
    embedder: Embedder | str | None = "default",
) -> SearchIndex:
    """The index at ``directory`` (one open instance per directory and embedder per process)."""
    path = Path(directory or index_directory()).resolve()
    chosen: Embedder | None = default_embedder() if embedder == "default" else None
    if not isinstance(embedder, str):
        chosen = embedder
    key = (str(path), chosen.name if chosen is not None else "")
    with _indexes_lock:
        index = _indexes.get(key)
        if index is not None and not index_available(index):
            index = None  # the directory was removed: start a fresh index there
        if index is None:
            path.mkdir(parents=True, exist_ok=True)
            index = SearchIndex(path, embedder=chosen)
            _indexes[key] = index
        return index


class IndexUnavailable(IpcenterError):
    """The index files are gone and could not be recreated (never names where they live)."""

    key = "search.index_unavailable"
    status = 503
    message = N_("The search index is unavailable: run `ipcenter search reindex`.")


def index_available(index: SearchIndex) -> bool:
    """Whether the files of ``index`` are still there (an operator may remove the directory)."""
    return (index.directory / "store.sqlite").is_file() and (index.directory / "lexical").is_dir()


def usable_index(index: SearchIndex) -> SearchIndex:
    """``index``, or a fresh one in its place when its directory was removed while the app ran
    (QA-Q10). The fresh index is empty; the next :func:`catch_up` sees it holds fewer documents
    than recorded and writes every document again (vectors by the next embedding job)."""
    if index_available(index):
        return index
    log.warning("search index files are gone; recreating the index and re-indexing")
    with _indexes_lock:
        for key, cached in list(_indexes.items()):
            if cached is index:
                del _indexes[key]
    with _catch_up_lock_checked:
        _checked_at.pop(str(index.directory), None)
    with contextlib.suppress(Exception):
        index.close()
    try:
        return open_index(index.directory, embedder=index.embedder)
    except Exception as error:
        log.exception("search index could not be recreated")
        raise IndexUnavailable() from error


def forget_indexes() -> None:
    """Drop the open-index cache (tests, and after a ``--full`` rebuild into a new directory)."""
    with _indexes_lock:
        _indexes.clear()
    with _catch_up_lock_checked:
        _checked_at.clear()


# -- keeping the index in step with the registry -------------------------------------------------


@dataclass
class ReindexSummary:
    run_id: int
    full: bool
    seen: int = 0
    added: int = 0
    changed: int = 0
    deleted: int = 0
    unchanged: int = 0
    alerts: int = 0
    pending: int = 0
    embedded: int = 0
    changed_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "full": self.full,
            "seen": self.seen,
            "added": self.added,
            "changed": self.changed,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "alerts": self.alerts,
            "pending_embedding": self.pending,
            "embedded": self.embedded,
        }


def _last_watermark(session: Session) -> dt.datetime | None:
    return session.scalar(
        select(IndexRun.watermark)
        .where(IndexRun.status == "finished", IndexRun.watermark.is_not(None))
        .order_by(IndexRun.id.desc())
        .limit(1)
    )


def _registry_watermark(session: Session) -> dt.datetime | None:
    marks = [
        session.scalar(select(func.max(Patent.updated_at))),
        session.scalar(select(func.max(AddedDocument.updated_at))),
    ]
    present = [m for m in marks if m is not None]
    if not present:
        return None
    return max(present, key=_naive)  # type: ignore[no-any-return]


def _naive(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value


def _registry_count(session: Session) -> int:
    patents = session.scalar(select(func.count()).select_from(Patent)) or 0
    added = session.scalar(select(func.count()).select_from(AddedDocument)) or 0
    return patents + added


def pending_changes(session: Session, index: SearchIndex | None = None) -> int:
    """About how many documents a catch-up would look at (0: the index is current). Cheap: a
    few aggregates. With ``index``, a different number of documents in its files than recorded
    counts as every document (they will all be written again)."""
    watermark = _last_watermark(session)
    indexed = session.scalar(select(func.count()).select_from(IndexedDocument)) or 0
    registry = _registry_count(session)
    if index is not None and index.status().documents != indexed:
        return max(registry, 1)
    if watermark is None:
        return registry if registry != indexed or (indexed and _registry_watermark(session)) else 0
    newer = (
        session.scalar(
            select(func.count()).select_from(Patent).where(Patent.updated_at > watermark)
        )
        or 0
    ) + (
        session.scalar(
            select(func.count())
            .select_from(AddedDocument)
            .where(AddedDocument.updated_at > watermark)
        )
        or 0
    )
    return newer + abs(registry - indexed)


def needs_catch_up(session: Session, index: SearchIndex | None = None) -> bool:
    """Whether the registry (or the index files) changed since the last reindex."""
    return pending_changes(session, index) > 0


def catch_up(
    factory: sessionmaker[Session], index: SearchIndex, *, inline_limit: int = INLINE_CATCH_UP
) -> ReindexSummary | None:
    """Index what the registry gained or lost since the last run (lexical only; cheap when
    nothing changed). Called before every search, so imports are searchable at once.

    Up to ``inline_limit`` changed documents are indexed before the search answers (well under
    a second); a larger backlog (a big import just finished) is indexed in a background thread
    and this search answers from what the index holds."""
    key = str(index.directory)
    now = time.monotonic()
    with _catch_up_lock_checked:
        if now - _checked_at.get(key, -CATCH_UP_INTERVAL) < CATCH_UP_INTERVAL:
            return None  # checked a moment ago: a burst of searches pays for one check
        _checked_at[key] = now
    with factory() as session:
        changes = pending_changes(session, index)
    if not changes:
        return None
    if not _catch_up_lock.acquire(blocking=False):
        return None  # another request is catching up; this one searches what is there
    if changes > inline_limit:
        thread = threading.Thread(
            target=_catch_up_locked, args=(factory, index), name="search-catch-up", daemon=True
        )
        with _jobs_lock:
            _jobs[-1] = thread
        thread.start()
        return None
    return _catch_up_locked(factory, index)


def _catch_up_locked(factory: sessionmaker[Session], index: SearchIndex) -> ReindexSummary | None:
    # Runs with _catch_up_lock held; releases it.
    try:
        with factory() as session, session.begin():
            return reindex(session, index, actor="catch-up")
    except Exception:
        # A failed catch-up must not fail the search that triggered it: it answers from what
        # the index holds, and the next search (or `search reindex`) tries again.
        log.exception("search catch-up failed")
        return None
    finally:
        _catch_up_lock.release()
        with _jobs_lock:
            if _jobs.get(-1) is threading.current_thread():
                _jobs.pop(-1, None)


def _candidates(
    session: Session, *, full: bool, watermark: dt.datetime | None
) -> tuple[set[int], set[int], set[str]]:
    """Patent ids and added-document ids to look at, and indexed ids whose record is gone."""
    indexed = {
        doc_id: kind
        for doc_id, kind in session.execute(select(IndexedDocument.doc_id, IndexedDocument.kind))
    }
    patent_ids = set(session.scalars(select(Patent.id)))
    added_rows = {
        f"{kind}:{row_id}": row_id
        for row_id, kind in session.execute(select(AddedDocument.id, AddedDocument.kind))
    }
    gone = {
        doc_id
        for doc_id, kind in indexed.items()
        if (kind == PATENT and patent_id_of(doc_id) not in patent_ids)
        or (kind != PATENT and doc_id not in added_rows)
    }
    if full or watermark is None:
        return patent_ids, set(added_rows.values()), gone
    since = watermark - WATERMARK_MARGIN
    patents = set(session.scalars(select(Patent.id).where(Patent.updated_at >= since)))
    patents |= {pid for pid in patent_ids if f"{PATENT}:{pid}" not in indexed}
    added = set(session.scalars(select(AddedDocument.id).where(AddedDocument.updated_at >= since)))
    added |= {row_id for doc_id, row_id in added_rows.items() if doc_id not in indexed}
    return patents, added, gone


def reindex(
    session: Session,
    index: SearchIndex,
    *,
    full: bool = False,
    progress: ProgressFn | None = None,
    actor: str = "cli",
    alerts: bool = True,
) -> ReindexSummary:
    """Bring the index in step with the registry (the caller commits; lexical only).

    Incremental by default (see the module docstring); ``full`` re-reads every record (digests
    still skip the unchanged ones; to rebuild the files from nothing, delete the index
    directory first). The dense embedding is a separate step (:func:`reindex_and_embed`,
    :func:`start_embedding_job`) that never runs inside the caller's transaction.
    """
    recorded = session.scalar(select(func.count()).select_from(IndexedDocument)) or 0
    # The files and the record disagree (a new, lost or copied index directory): what the record
    # says was indexed cannot be trusted, so every document is written again (the record still
    # tells which ids to delete).
    rewrite = index.status().documents != recorded
    full = full or rewrite
    run = IndexRun(full=full, actor=actor[:80], status="running", embedding="none")
    session.add(run)
    session.flush()
    summary = ReindexSummary(run_id=run.id, full=full)
    watermark = _registry_watermark(session)
    patent_ids, added_ids, gone = _candidates(
        session, full=full, watermark=_last_watermark(session)
    )
    total = len(patent_ids) + len(added_ids)
    stored = {
        doc_id: digest
        for doc_id, digest in session.execute(
            select(IndexedDocument.doc_id, IndexedDocument.digest)
        )
    }
    pending: list[tuple[SearchDocument, str]] = []
    # Documents the files already hold as they are now (an interrupted run wrote them, its
    # record was rolled back): recorded, not written again (QA-Q7).
    held: set[str] = set()

    def flush_pending() -> None:
        if not pending:
            return
        written = [doc for doc, _ in pending if doc.id not in held]
        if written:
            index.upsert(written)
        held.clear()
        table = cast(Table, IndexedDocument.__table__)
        now = dt.datetime.now(dt.UTC)
        fresh = [
            {"doc_id": d.id, "kind": d.kind, "org_id": d.org_id, "digest": g, "indexed_at": now}
            for d, g in pending
            if d.id not in stored
        ]
        known = [
            {"key": d.id, "org_id": d.org_id, "digest": g, "indexed_at": now}
            for d, g in pending
            if d.id in stored
        ]
        if fresh:
            session.execute(insert(table), fresh)
        if known:
            session.execute(
                update(table)
                .where(table.c.doc_id == bindparam("key"))
                .values(
                    org_id=bindparam("org_id"),
                    digest=bindparam("digest"),
                    indexed_at=bindparam("indexed_at"),
                ),
                known,
            )
        stored.update({d.id: g for d, g in pending})
        session.flush()
        pending.clear()

    documents: Iterator[SearchDocument] = _chain(
        iter_patent_documents(session, ids=patent_ids) if patent_ids else iter(()),
        iter_added_documents(session, ids=added_ids) if added_ids else iter(()),
    )
    for document in documents:
        summary.seen += 1
        digest = digest_of(document)
        previous = stored.get(document.id)
        if previous == digest and not rewrite:
            summary.unchanged += 1
        elif rewrite and (stored_doc := index.get(document.id)) and digest_of(stored_doc) == digest:
            summary.unchanged += 1
            held.add(document.id)
            pending.append((document, digest))
        else:
            if previous is None:
                summary.added += 1
            else:
                summary.changed += 1
            summary.changed_ids.append(document.id)
            pending.append((document, digest))
            if len(pending) >= UPSERT_BATCH:
                flush_pending()
        if progress is not None and (summary.seen % 100 == 0 or summary.seen == total):
            progress("index", summary.seen, total)
    flush_pending()
    if gone:
        index.delete(sorted(gone))
        for chunk in _chunks(sorted(gone)):
            session.execute(delete(IndexedDocument).where(IndexedDocument.doc_id.in_(chunk)))
        summary.deleted = len(gone)
    if progress is not None:
        progress("index", total, total)
    status = index.status()
    summary.pending = status.pending
    run.watermark = watermark
    for name in ("seen", "added", "changed", "deleted", "unchanged"):
        setattr(run, name, getattr(summary, name))
    run.pending = status.pending
    run.embedding = "pending" if status.pending and index.embedder is not None else "none"
    if alerts and summary.changed_ids:
        from ipcenter.search.saved import run_alerts

        summary.alerts = run_alerts(session, index)
        run.alerts = summary.alerts
    run.status = "finished"
    run.finished_at = dt.datetime.now(dt.UTC)
    session.flush()
    return summary


def _chain(*iterators: Iterator[SearchDocument]) -> Iterator[SearchDocument]:
    for iterator in iterators:
        yield from iterator


def _chunks(values: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def embed_pending(
    factory: sessionmaker[Session],
    index: SearchIndex,
    run_id: int,
    *,
    progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Embed the documents still without a vector, recording progress on run ``run_id``.

    The model runs with no transaction open on the main database: each progress update is its
    own short transaction (one per batch), so logins, imports and saved searches keep writing
    while an hour-long embedding runs (QA-Q1). The vectors themselves are committed batch by
    batch in the index's own store, so a stopped job resumes where it stopped."""
    if index.embedder is None:
        return 0
    _set_run(factory, run_id, embedding="running")

    def step(done: int, total: int) -> None:
        _set_run(factory, run_id, embedded=done, pending=max(total - done, 0))
        if progress is not None:
            progress("embed", done, total)

    try:
        done = index.embed_pending(progress=step, should_stop=should_stop)
    except Exception as error:
        _set_run(factory, run_id, embedding="failed", error=str(error)[:2000])
        raise
    pending = index.status().pending
    _set_run(
        factory,
        run_id,
        embedded=done,
        pending=pending,
        embedding="finished" if pending == 0 else "pending",
    )
    return done


def reindex_and_embed(
    factory: sessionmaker[Session],
    index: SearchIndex,
    *,
    full: bool = False,
    progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
    actor: str = "cli",
) -> ReindexSummary:
    """``search reindex``: the lexical reindex in one transaction (committed), then the dense
    embedding with per-batch progress transactions (:func:`embed_pending`)."""
    with factory() as session, session.begin():
        summary = reindex(session, index, full=full, progress=progress, actor=actor)
    if index.embedder is not None and summary.pending:
        summary.embedded = embed_pending(
            factory, index, summary.run_id, progress=progress, should_stop=should_stop
        )
        summary.pending = index.status().pending
    return summary


def start_embedding_job(
    factory: sessionmaker[Session], index: SearchIndex, *, actor: str = "web"
) -> int:
    """Reindex (lexical, at once) then embed in a background thread; the run row is the job's
    status, updated after every batch in its own short transaction. One embedding job at a
    time: while one runs, the new run only indexes (the running job embeds whatever is pending
    when it gets there)."""
    with factory() as session, session.begin():
        summary = reindex(session, index, actor=actor)
        run_id = summary.run_id
    with _jobs_lock:
        busy = any(thread.is_alive() for key, thread in _jobs.items() if key >= 0)
        if index.embedder is None or busy or not summary.pending:
            return run_id
        thread = threading.Thread(
            target=_embedding_job, args=(factory, index, run_id), name=f"search-embed-{run_id}"
        )
        thread.daemon = True
        _jobs[run_id] = thread
    thread.start()
    return run_id


def _set_run(factory: sessionmaker[Session], run_id: int, **values: Any) -> None:
    with factory() as session, session.begin():
        session.execute(IndexRun.__table__.update().where(IndexRun.id == run_id).values(**values))  # type: ignore[attr-defined]


def _embedding_job(factory: sessionmaker[Session], index: SearchIndex, run_id: int) -> None:
    try:
        embed_pending(factory, index, run_id)
    except Exception:
        log.exception("search embedding job %s failed", run_id)
    finally:
        with _jobs_lock:
            _jobs.pop(run_id, None)


def wait_for_jobs(timeout: float = 120.0) -> None:
    for thread in list(_jobs.values()):
        thread.join(timeout)


@dataclass(frozen=True)
class IndexReport:
    status: IndexStatus
    last_run: dict[str, Any] | None
    running: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.status.documents,
            "embedded": self.status.embedded,
            "pending": self.status.pending,
            "embedder": self.status.embedder,
            "directory": self.status.directory,
            "last_run": self.last_run,
            "running": self.running,
        }


def index_report(session: Session, index: SearchIndex) -> IndexReport:
    run = session.scalars(select(IndexRun).order_by(IndexRun.id.desc()).limit(1)).first()
    last = None
    if run is not None:
        last = {
            "id": run.id,
            "status": run.status,
            "embedding": run.embedding,
            "started_at": run.started_at.isoformat() if run.started_at else None,
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            **{
                name: getattr(run, name)
                for name in ("seen", "added", "changed", "deleted", "unchanged", "embedded")
            },
            "pending": run.pending,
        }
    return IndexReport(status=index.status(), last_run=last, running=bool(_jobs))


# -- queries --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchRequest:
    """A search as a user states it (CLI options, API parameters, a saved search)."""

    text: str
    k: int = 20
    before: dt.date | None = None
    ipc: tuple[str, ...] = ()
    jurisdictions: tuple[str, ...] = ()
    applicant: str | None = None
    right_types: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    lang: str | None = None
    in_force_at: dt.date | None = None
    territory: str | None = None
    mode: str = "hybrid"
    relevant: tuple[str, ...] = ()
    irrelevant: tuple[str, ...] = ()

    def to_params(self) -> dict[str, Any]:
        """JSON form (saved searches)."""
        return {
            "q": self.text,
            "k": self.k,
            "before": self.before.isoformat() if self.before else None,
            "ipc": list(self.ipc),
            "jurisdiction": list(self.jurisdictions),
            "applicant": self.applicant,
            "type": list(self.right_types),
            "kind": list(self.kinds),
            "lang": self.lang,
            "in_force_at": self.in_force_at.isoformat() if self.in_force_at else None,
            "territory": self.territory,
            "mode": self.mode,
        }


def _date(value: Any, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(
            field=name, value=str(value), reason=N_("must be a date like 2024-05-31")
        ) from None


def _list(value: Any) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return tuple(str(item).strip() for item in items if str(item).strip())


_IPC = re.compile(r"[A-H](\d{2}([A-Z](\d{1,4}(/\d{0,6})?)?)?)?")


def make_request(params: dict[str, Any]) -> SearchRequest:
    """A :class:`SearchRequest` from loose parameters, each checked (errors name the field)."""
    text = str(params.get("q") or "").strip()
    if not text:
        raise ValidationError(field="q", reason=N_("enter words, a claim or a patent number"))
    if len(text) > 20_000:
        raise ValidationError(field="q", reason=N_("is longer than 20000 characters"))
    raw_k = params.get("k")
    if raw_k is None or raw_k == "":
        raw_k = 20  # 0 is not "the default": it is refused below (QA-Q8)
    try:
        k = int(raw_k)
    except (TypeError, ValueError):
        raise ValidationError(field="k", value=str(raw_k), reason=N_("must be a number")) from None
    if not 1 <= k <= MAX_K:
        raise ValidationError(field="k", value=str(raw_k), reason=N_("must be between 1 and 200"))
    ipc = tuple(p.replace(" ", "").upper() for p in _list(params.get("ipc")))
    for prefix in ipc:
        if not _IPC.fullmatch(prefix):
            raise ValidationError(
                field="ipc", value=prefix, reason=N_("must be an IPC/CPC prefix like A23C9/12")
            )
    kinds = _list(params.get("kind"))
    for kind in kinds:
        if kind not in KINDS:
            raise ValidationError(
                field="kind", value=kind, reason=N_("must be patent, npl or internal")
            )
    types = _list(params.get("type"))
    allowed_types = {t.value for t in PatentType}
    for right_type in types:
        if right_type not in allowed_types:
            raise ValidationError(
                field="type",
                value=right_type,
                reason=N_("must be one of {allowed}"),
                allowed=", ".join(sorted(allowed_types)),
            )
    jurisdictions = tuple(j.upper() for j in _list(params.get("jurisdiction")))
    for code in jurisdictions:
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise ValidationError(
                field="jurisdiction", value=code, reason=N_("must be a two-letter office code")
            )
    territory = str(params.get("territory") or "").strip().upper() or None
    if territory and not re.fullmatch(r"[A-Z]{2}", territory):
        raise ValidationError(
            field="territory", value=territory, reason=N_("must be a two-letter office code")
        )
    in_force_at = _date(params.get("in_force_at"), "in_force_at")
    if territory and in_force_at is None:
        raise ValidationError(
            field="in_force_at", reason=N_("is required with a territory (in force on which day?)")
        )
    mode = str(params.get("mode") or "hybrid")
    if mode not in MODES:
        raise ValidationError(
            field="mode", value=mode, reason=N_("must be hybrid, lexical or dense")
        )
    lang = str(params.get("lang") or "").strip() or None
    if lang is not None and lang not in ("zh", "en"):
        raise ValidationError(field="lang", value=lang, reason=N_("must be zh or en"))
    return SearchRequest(
        text=text,
        k=k,
        before=_date(params.get("before"), "before"),
        ipc=ipc,
        jurisdictions=jurisdictions,
        applicant=str(params.get("applicant") or "").strip() or None,
        right_types=types,
        kinds=kinds,
        lang=lang,
        in_force_at=in_force_at,
        territory=territory,
        mode=mode,
        relevant=_list(params.get("relevant")),
        irrelevant=_list(params.get("irrelevant")),
    )


@dataclass(frozen=True)
class _Event:
    """What ``rights.status_on`` reads of a legal event (its ``EventFact``: date and code)."""

    date: dt.date
    code: str


def in_force_ids(
    session: Session, *, day: dt.date, territory: str | None, scope: OrgScope
) -> frozenset[str]:
    """Ids of the patents in force on ``day`` (in ``territory`` when given) the caller may see.

    Status comes from ``rights``: grant, lapse / restoration / invalidation events and the
    statutory term (``rights.status.status_on``), evaluated for that day, so a patent lapsed in
    2024 and restored in 2025 is out of the allow-list for a day in between and back after.
    """
    columns = (
        Patent.id,
        Patent.jurisdiction,
        Patent.patent_type,
        Patent.filing_date,
        Patent.grant_date,
    )
    # Only a grant date or a grant / restoration event can put a right in force.
    statement = scoped(select(*columns), Patent, scope).where(
        or_(
            Patent.grant_date.is_not(None),
            exists().where(LegalEvent.patent_id == Patent.id),
        )
    )
    if territory:
        statement = statement.where(Patent.jurisdiction == territory)
    allowed: set[str] = set()
    last = 0
    while True:
        rows = session.execute(
            statement.where(Patent.id > last).order_by(Patent.id).limit(2000)
        ).all()
        if not rows:
            break
        events: dict[int, list[_Event]] = {}
        for patent_id, event_date, code in session.execute(
            select(LegalEvent.patent_id, LegalEvent.event_date, LegalEvent.code).where(
                LegalEvent.patent_id.in_([row.id for row in rows])
            )
        ):
            events.setdefault(patent_id, []).append(_Event(date=event_date, code=code))
        for row in rows:
            status = status_on(
                day,
                jurisdiction=row.jurisdiction,
                patent_type=row.patent_type,
                filing_date=row.filing_date,
                grant_date=row.grant_date,
                events=cast("list[Any]", events.get(row.id, [])),
            )
            if status is RightStatus.IN_FORCE:
                allowed.add(f"{PATENT}:{row.id}")
        last = rows[-1].id
    return frozenset(allowed)


@dataclass(frozen=True)
class Result:
    """One row of a result list: a family, its best member, the score breakdown and status."""

    hit: Hit
    status: str | None
    status_on: dt.date | None
    expiry: dt.date | None
    members: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        hit, doc = self.hit, self.hit.document
        return {
            "id": hit.id,
            "kind": hit.kind,
            "publication_number": doc.publication_number,
            "application_number": doc.application_number,
            "family_id": hit.family_id,
            "title": doc.title,
            "score": round(hit.score, 6),
            "lexical_score": _rounded(hit.lexical_score),
            "dense_score": _rounded(hit.dense_score),
            "lexical_rank": hit.lexical_rank,
            "dense_rank": hit.dense_rank,
            "passage": hit.passage,
            "highlights": [list(span) for span in hit.highlights],
            "matched_terms": list(hit.matched_terms),
            "jurisdiction": doc.jurisdiction,
            "right_type": doc.right_type,
            "publication_date": _iso(doc.publication_date),
            "priority_date": _iso(doc.priority_date),
            "classifications": list(doc.classifications),
            "applicants": list(doc.applicants),
            "lang": doc.lang,
            "status": self.status,
            "status_on": _iso(self.status_on),
            "expiry": _iso(self.expiry),
            "members": list(self.members),
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class SearchResults:
    request: SearchRequest
    results: list[Result]
    query_kind: str  # text | patent
    query_document: str | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    # Documents the date cut-off could not judge (no publication date), left out of the results.
    undated_excluded: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.request.text,
            "query_kind": self.query_kind,
            "query_document": self.query_document,
            "filters": self.filters,
            "undated_excluded": self.undated_excluded,
            "results": [r.to_dict() for r in self.results],
        }


_NUMBER_LIKE = re.compile(
    r"(?:ZL\s*)?(?:[A-Z]{2}\s*)?\d[\d\s/,.\-]{4,}(?:[A-Z]\d?)?", re.IGNORECASE
)


def looks_like_number(text: str) -> bool:
    """Whether a query is a patent number (``CN1382786A``, ``US 8,926,509``, ``ZL 2018 1116
    1152.4``, a CN application number with or without its check digit, a Mexican application
    number) rather than words."""
    compact = text.strip()
    if looks_like_mx_application_number(compact):  # Mexico publishes under MX/a/2007/009111
        try:
            parse_mx_application_number(compact)
        except InvalidNumber:
            return False
        return True
    if not _NUMBER_LIKE.fullmatch(compact):
        return False
    try:
        parse_publication_number(compact)
    except InvalidNumber:
        bare = re.sub(r"\s", "", compact)
        return bool(re.fullmatch(r"(?:ZL)?(?:CN)?\d{8,13}(?:\.[\dX])?", bare, re.I))
    return True


def _query_patent(session: Session, text: str, scope: OrgScope) -> Patent | None:
    """The record a number query names (``PatentNotFound`` naming the number when it names
    none the caller may see). A number several organisations hold is one invention: the
    first visible holder's record is the query (QA-Q9)."""
    if not looks_like_number(text):
        return None
    try:
        return find_patent(session, text, scope=scope)
    except ValidationError as error:
        if error.key != "rights.patent_held_by_many":
            raise
        holders = [int(org) for org in str(error.params.get("orgs", "")).split(",") if org.strip()]
        visible = [org for org in holders if scope.allows(org)]
        if not visible:
            raise
        return find_patent(session, text, scope=scope, org_id=visible[0])


# Numbers with what is glued to them (ranges, ratios, units: "35-70L:5-49L:6-20kg", "2-4℃",
# "700-900"): in a document turned into a query they only match unrelated numbers (QA-Q3).
_NUMERIC = re.compile(r"[\d.,:;/%~～–\-]*\d[\d.,:;/%~～–\-]*(?:[a-zA-Z°℃μ%]{1,4}\b)?")
QUERY_TEXT_LIMIT = 4000


def document_query_text(document: SearchDocument) -> str:
    """The words of a stored document as a query: title and claims (else abstract), numbers
    and units dropped."""
    body = document.independent_claims or document.abstract
    text = f"{document.title}\n{body}"[:QUERY_TEXT_LIMIT]
    return re.sub(r"\s+", " ", _NUMERIC.sub(" ", text)).strip()


def search(
    session: Session,
    index: SearchIndex,
    request: SearchRequest,
    *,
    scope: OrgScope,
    today: dt.date | None = None,
) -> SearchResults:
    """Run ``request`` for a caller who may see ``scope``; results enriched with status."""
    filters = Filters(
        org_ids=scope.org_ids,
        before=request.before,
        jurisdictions=frozenset(request.jurisdictions),
        classification_prefixes=request.ipc,
        applicant=request.applicant,
        right_types=frozenset(request.right_types),
        kinds=frozenset(request.kinds),
        lang=request.lang,
    )
    if request.in_force_at is not None:
        filters = replace(
            filters,
            only_ids=in_force_ids(
                session, day=request.in_force_at, territory=request.territory, scope=scope
            ),
        )
    # Feedback ids come from the user: only documents the caller may see can steer the query.
    relevant = tuple(doc_ids_in_scope(request.relevant, index, scope))
    irrelevant = tuple(doc_ids_in_scope(request.irrelevant, index, scope))
    feedback = (
        Feedback(relevant=relevant, irrelevant=irrelevant) if relevant or irrelevant else None
    )
    try:
        hits, query_kind, query_document, filters, query_text = _hits(
            session, index, request, filters, feedback, scope
        )
    except IpcenterError:
        raise
    except Exception as error:
        if not index_available(index):  # the files went away under a running search
            raise IndexUnavailable() from error
        raise
    results = enrich(session, index, hits, day=request.in_force_at or today or dt.date.today())
    shown_filters = {
        key: value
        for key, value in request.to_params().items()
        if key not in {"q", "k"} and value not in (None, [], "")
    }
    if filters.before and "before" not in shown_filters:
        shown_filters["before"] = filters.before.isoformat()
    return SearchResults(
        request=request,
        results=results,
        query_kind=query_kind,
        query_document=query_document,
        filters=shown_filters,
        undated_excluded=index.undated_excluded(query_text, filters),
    )


def _hits(
    session: Session,
    index: SearchIndex,
    request: SearchRequest,
    filters: Filters,
    feedback: Feedback | None,
    scope: OrgScope,
) -> tuple[list[Hit], str, str | None, Filters, str]:
    """Hits, the query's kind and document, the filters applied and the text searched for."""
    mode = request.mode if index.embedder is not None else "lexical"
    query_patent = _query_patent(session, request.text, scope)
    if query_patent is not None:
        doc_id = f"{PATENT}:{query_patent.id}"
        own = index.get(doc_id)
        if own is None:
            raise NotFound(what=N_("Patent in the search index (run a reindex)"))
        filters = replace(
            filters,
            before=filters.before or own.priority_date,
            exclude_families=filters.exclude_families | {own.family},
        )
        text = document_query_text(own)
        hits = index.search(text, filters=filters, k=request.k, feedback=feedback, mode=mode)
        if feedback is not None:
            hits = [h for h in hits if h.id not in set(feedback.irrelevant)]
        query_kind, query_document = "patent", doc_id
    else:
        text = request.text
        hits = index.search(text, filters=filters, k=request.k, feedback=feedback, mode=mode)
        query_kind, query_document = "text", None
    return hits, query_kind, query_document, filters, text


def enrich(
    session: Session, index: SearchIndex, hits: Sequence[Hit], *, day: dt.date
) -> list[Result]:
    """Add legal status on ``day``, the end of term and the family members to each hit."""
    wanted = {
        pid
        for hit in hits
        for member in (hit.id, *hit.members)
        if (pid := patent_id_of(member)) is not None
    }
    facts = _legal_facts(session, sorted(wanted), day)
    results = []
    for hit in hits:
        fact = facts.get(patent_id_of(hit.id) or -1)
        members = []
        for member in hit.members or (hit.id,):
            member_fact = facts.get(patent_id_of(member) or -1)
            document = index.get(member) if member != hit.id else hit.document
            members.append(
                {
                    "id": member,
                    "publication_number": document.publication_number if document else None,
                    "jurisdiction": document.jurisdiction if document else None,
                    "title": document.title if document else None,
                    "status": member_fact[0] if member_fact else None,
                }
            )
        results.append(
            Result(
                hit=hit,
                status=fact[0] if fact else None,
                status_on=day if fact else None,
                expiry=fact[1] if fact else None,
                members=tuple(members),
            )
        )
    return results


def _legal_facts(
    session: Session, ids: Sequence[int], day: dt.date
) -> dict[int, tuple[str | None, dt.date | None]]:
    """Status on ``day`` and last day of the term of each patent in ``ids`` (plain rows)."""
    facts: dict[int, tuple[str | None, dt.date | None]] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        events: dict[int, list[_Event]] = {}
        for patent_id, event_date, code in session.execute(
            select(LegalEvent.patent_id, LegalEvent.event_date, LegalEvent.code).where(
                LegalEvent.patent_id.in_(chunk)
            )
        ):
            events.setdefault(patent_id, []).append(_Event(date=event_date, code=code))
        for row in session.execute(
            select(
                Patent.id,
                Patent.jurisdiction,
                Patent.patent_type,
                Patent.filing_date,
                Patent.grant_date,
            ).where(Patent.id.in_(chunk))
        ):
            status = status_on(
                day,
                jurisdiction=row.jurisdiction,
                patent_type=row.patent_type,
                filing_date=row.filing_date,
                grant_date=row.grant_date,
                events=cast("list[Any]", events.get(row.id, [])),
            )
            last_day = _last_day_in_force(
                row.jurisdiction, row.patent_type, row.filing_date, row.grant_date
            )
            facts[row.id] = (
                status.value if status else None,
                last_day,
            )
    return facts


@lru_cache(maxsize=8192)
def _last_day_in_force(
    jurisdiction: str, patent_type: str, filing: dt.date | None, grant: dt.date | None
) -> dt.date | None:
    # A term depends only on these four values and the dated rule table: worth remembering.
    term = term_of(jurisdiction, patent_type, filing_date=filing, grant_date=grant)
    return term.last_day_in_force if term else None


def doc_ids_in_scope(ids: Iterable[str], index: SearchIndex, scope: OrgScope) -> list[str]:
    """The ids among ``ids`` whose document the caller may see (feedback ids come from users)."""
    kept = []
    for doc_id in ids:
        document = index.get(doc_id)
        if document is not None and scope.allows(document.org_id):
            kept.append(doc_id)
    return kept


def added_kinds() -> tuple[str, ...]:
    return ADDED_KINDS
