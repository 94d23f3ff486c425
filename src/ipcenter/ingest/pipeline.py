"""The import pipeline: paths in, stored records, quarantine rows and a summary out.

Each file is read as a stream and stored in batches, one transaction per batch, so memory stays
flat and an interrupted import keeps every batch it finished: running it again reads the file
from the start, finds the stored records ``unchanged`` and carries on, ending in the same state
as an import that was never interrupted.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import BaseModel, computed_field
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session, sessionmaker

from ipcenter.core.db import session_factory
from ipcenter.core.errors import IpcenterError, NotFound
from ipcenter.core.i18n import N_, gettext
from ipcenter.ingest import formats
from ipcenter.ingest.formats import AUTO, detect, format_names, reader_named
from ipcenter.ingest.models import ImportFile, ImportRun
from ipcenter.ingest.records import Item, Reader, Rejected
from ipcenter.ingest.sources import ByteCounter, Input, InputError, expand, read_head
from ipcenter.ingest.upsert import Counts, FileContext, raw_of, store_batch

log = logging.getLogger(__name__)

BATCH_SIZE = 500
RUNNING, FINISHED, FAILED, SKIPPED = "running", "finished", "failed", "skipped"
_COUNTS = ("read", "inserted", "updated", "unchanged", "quarantined")


class FileSummary(BaseModel):
    id: int
    path: str
    member: str | None
    format: str | None
    status: str
    error: str | None = None  # msgid of why the file was not (fully) read
    error_params: dict[str, Any] = {}
    message: str | None = None  # ``error`` in the caller's language
    bytes_read: int = 0
    bytes_total: int | None = None
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def percent(self) -> int:
        """How much of the file has been read (0-100), for progress bars."""
        if self.status != RUNNING:
            return 100
        if not self.bytes_total:
            return 0
        return min(100, self.bytes_read * 100 // self.bytes_total)


class IngestSummary(BaseModel):
    run_id: int
    org_id: int
    status: str
    files: list[FileSummary]
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0


@dataclass(frozen=True)
class Progress:
    """Reported after every stored batch and at the end of every file."""

    file: str
    file_number: int  # 1-based, in the order the paths expand
    records: int  # items of this file stored so far
    bytes_read: int
    bytes_total: int | None
    done: bool


ProgressFn = Callable[[Progress], None]
Factory = sessionmaker[Session]


def _factory(target: Engine | Factory) -> Factory:
    return session_factory(target) if isinstance(target, Engine) else target


def start_run(target: Engine | Factory, *, org_id: int, actor: str, fmt: str = AUTO) -> int:
    """Record a new import run (so a caller can show its progress before it starts)."""
    with _factory(target)() as session, session.begin():
        run = ImportRun(
            org_id=org_id,
            actor=actor[:80],
            requested_format=fmt,
            status=RUNNING,
            progress_at=_now(),
        )
        for name in _COUNTS:
            setattr(run, name, 0)
        session.add(run)
        session.flush()
        return run.id


def ingest_paths(
    target: Engine | Factory,
    paths: Iterable[str],
    *,
    org_id: int,
    fmt: str = AUTO,
    progress: ProgressFn | None = None,
    batch_size: int = BATCH_SIZE,
    actor: str = "cli",
    run_id: int | None = None,
    readers: Sequence[Reader] | None = None,
    relative_to: Path | None = None,
) -> IngestSummary:
    """Import every file under ``paths`` for organisation ``org_id``.

    ``fmt`` names the format of every file, or ``auto`` to detect each file's own. A file that
    cannot be read is reported in the summary and the others are still imported. Paths are
    recorded relative to ``relative_to`` when given (an upload's folder is no one's concern).
    """
    factory = _factory(target)
    readers = formats.READERS if readers is None else readers
    chosen = None if fmt == AUTO else reader_named(fmt, readers)
    if run_id is None:
        run_id = start_run(factory, org_id=org_id, actor=actor, fmt=fmt)
    any_failed = False
    for number, found in enumerate(expand(paths, relative_to=relative_to), start=1):
        if isinstance(found, InputError):
            _failed_file(factory, run_id, org_id, found)
            any_failed = True
            continue
        status = _ingest_file(
            factory, found, run_id, org_id, chosen, readers, number, progress, batch_size
        )
        any_failed = any_failed or status == FAILED
    with factory() as session, session.begin():
        session.execute(
            update(ImportRun)
            .where(ImportRun.id == run_id)
            .values(status=FAILED if any_failed else FINISHED, finished_at=_now())
        )
    return summarise(factory, run_id)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _failed_file(factory: Factory, run_id: int, org_id: int, error: InputError) -> None:
    with factory() as session, session.begin():
        session.add(
            _file_row(
                run_id,
                org_id,
                path=error.path,
                member=error.member,
                status=FAILED,
                error=error.reason,
                error_params=error.params,
                finished_at=_now(),
            )
        )


def _file_row(run_id: int, org_id: int, **values: Any) -> ImportFile:
    values.setdefault("error_params", {})
    row = ImportFile(run_id=run_id, org_id=org_id, bytes_read=0, **values)
    for name in _COUNTS:
        setattr(row, name, 0)
    return row


def _ingest_file(
    factory: Factory,
    found: Input,
    run_id: int,
    org_id: int,
    chosen: Reader | None,
    readers: Sequence[Reader],
    number: int,
    progress: ProgressFn | None,
    batch_size: int,
) -> str:
    name = found.source.name
    try:
        head = read_head(found.source)
    except Exception as exc:  # an unreadable file is reported, never the end of the run
        _failed_file(
            factory,
            run_id,
            org_id,
            InputError(
                found.path,
                N_("{path} cannot be read: {problem}"),
                {"path": found.display, "problem": str(exc)},
                member=found.member,
            ),
        )
        return FAILED
    if chosen is None and any(reader.companion(name) for reader in readers):
        reader: Reader | None = None
        status: str = SKIPPED
    elif chosen is not None and chosen.companion(name):
        reader, status = None, SKIPPED
    else:
        reader = chosen or detect(name, head, readers)
        status = RUNNING
    if reader is None and status != SKIPPED:
        _failed_file(
            factory,
            run_id,
            org_id,
            InputError(
                found.path,
                N_("{path}: the format is not recognised; name it with --format ({allowed})"),
                {"path": found.display, "allowed": ", ".join(format_names(readers))},
                member=found.member,
            ),
        )
        return FAILED
    with factory() as session, session.begin():
        row = _file_row(
            run_id,
            org_id,
            path=found.path,
            member=found.member,
            format=reader.name if reader else None,
            status=status,
            bytes_total=found.size,
            finished_at=_now() if status == SKIPPED else None,
        )
        session.add(row)
        session.flush()
        file_id = row.id
    if reader is None:
        return SKIPPED
    context = FileContext(
        org_id=org_id, run_id=run_id, file_id=file_id, path=found.path, member=found.member
    )
    counter = ByteCounter()
    stored = 0
    error: tuple[str, dict[str, Any]] | None = None
    items = _guarded(reader.read(counter.wrap(found.source)))
    with _collector_per_batch() as collect:
        for batch in _batches(items, batch_size):
            failure = batch[-1] if isinstance(batch[-1], _ReadFailure) else None
            records: list[Item] = [item for item in batch if not isinstance(item, _ReadFailure)]
            if records:
                _store(factory, context, records, counter.furthest)
                stored += len(records)
            del batch, records
            collect()
            if failure is not None:
                error = (
                    N_("reading stopped after {count} records: {problem}"),
                    {"count": stored, "problem": failure.problem},
                )
            if progress is not None:
                progress(
                    Progress(found.display, number, stored, counter.furthest, found.size, False)
                )
    final = FAILED if error else FINISHED
    with factory() as session, session.begin():
        session.execute(
            update(ImportFile)
            .where(ImportFile.id == file_id)
            .values(
                status=final,
                finished_at=_now(),
                bytes_read=found.size if found.size is not None else counter.furthest,
                error=error[0] if error else None,
                error_params=error[1] if error else {},
            )
        )
    if progress is not None:
        progress(Progress(found.display, number, stored, counter.furthest, found.size, True))
    return final


@contextmanager
def _collector_per_batch() -> Iterator[Callable[[], object]]:
    """Collect cyclic garbage once per batch instead of every few hundred allocations.

    A batch holds thousands of live objects (parsed documents, records, rows); the collector,
    triggered by allocation counts, would walk them again and again, which cost a third of the
    store time in the USPTO benchmark. Reference counting still frees everything acyclic at once.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield lambda: gc.collect(1)
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class _ReadFailure:
    problem: str


def _guarded(items: Iterator[Item]) -> Iterator[Item | _ReadFailure]:
    """The reader's items, then a _ReadFailure if the reader broke off (a truncated archive,
    an I/O error, a bug): what was read before is still stored."""
    try:
        yield from items
    except Exception as exc:
        log.exception("reader stopped")
        yield _ReadFailure(str(exc) or type(exc).__name__)


def _batches(items: Iterator[Item | _ReadFailure], size: int) -> Iterator[list[Any]]:
    while True:
        batch = list(islice(items, size))
        if not batch:
            return
        yield batch
        if isinstance(batch[-1], _ReadFailure):
            return


def _store(factory: Factory, context: FileContext, items: list[Item], bytes_read: int) -> None:
    """One batch in one transaction, with its counts; if the database refuses the batch as a
    whole, each item is stored on its own so that only the offending one is quarantined."""
    today = dt.date.today()
    try:
        with factory() as session, session.begin():
            _relax_sync(session)
            counts = store_batch(session, context, items, today=today)
            _add_counts(session, context, counts, bytes_read)
        return
    except Exception:
        log.warning("batch refused by the database; storing its items one by one", exc_info=True)
    for item in items:
        try:
            with factory() as session, session.begin():
                counts = store_batch(session, context, [item], today=today)
                _add_counts(session, context, counts, bytes_read)
        except Exception as exc:
            with factory() as session, session.begin():
                counts = _quarantine_refused(session, context, item, exc)
                _add_counts(session, context, counts, bytes_read)


def _relax_sync(session: Session) -> None:
    """On SQLite, let import batches commit without waiting for the disk (WAL, synchronous=NORMAL).

    A crash may lose the last batches committed, never corrupt the database; and an import run
    again converges to the same state, so the lost batches are simply stored on the next run.
    The setting stays with the pooled connection; in WAL mode it never risks consistency.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
        # 64 MiB of page cache: the indexes of a growing store stay in memory between batches.
        connection.exec_driver_sql("PRAGMA cache_size=-65536")


def _quarantine_refused(
    session: Session, context: FileContext, item: Item, exc: Exception
) -> Counts:
    raw = item.raw if isinstance(item, Rejected) else raw_of(getattr(item, "record", item))
    refused = Rejected(
        location=item.location,
        raw=raw,
        reason=N_("the database refused the record: {problem}"),
        params={"problem": str(exc).splitlines()[0][:500] if str(exc) else type(exc).__name__},
    )
    return store_batch(session, context, [refused], today=dt.date.today())


def _add_counts(session: Session, context: FileContext, counts: Counts, bytes_read: int) -> None:
    for model, key in ((ImportFile, context.file_id), (ImportRun, context.run_id)):
        values: dict[str, Any] = {
            name: getattr(model, name) + getattr(counts, name) for name in _COUNTS
        }
        if model is ImportFile:
            values["bytes_read"] = bytes_read
        else:
            values["progress_at"] = _now()
        session.execute(update(model).where(model.id == key).values(**values))


def summarise(target: Engine | Factory, run_id: int) -> IngestSummary:
    """The summary of a run as stored (counts per file and in total)."""
    with _factory(target)() as session:
        run = session.get(ImportRun, run_id)
        if run is None:
            raise NotFound(what=N_("Import run"))
        return summary_of(run)


def render_reason(
    reason: str, params: dict[str, Any] | None, translate: Callable[[str], str] = gettext
) -> str:
    """A stored reason (msgid + params) as a message in the current language."""
    return IpcenterError(reason, **(params or {})).render(translate)


def summary_of(run: ImportRun) -> IngestSummary:
    return IngestSummary(
        run_id=run.id,
        org_id=run.org_id,
        status=run.status,
        files=[
            FileSummary(
                id=f.id,
                path=f.path,
                member=f.member,
                format=f.format,
                status=f.status,
                error=f.error,
                error_params=dict(f.error_params or {}),
                message=render_reason(f.error, f.error_params) if f.error else None,
                bytes_read=f.bytes_read,
                bytes_total=f.bytes_total,
                **{name: getattr(f, name) for name in _COUNTS},
            )
            for f in run.files
        ],
        **{name: getattr(run, name) for name in _COUNTS},
    )
