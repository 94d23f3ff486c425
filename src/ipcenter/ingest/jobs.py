"""Imports in the background (for uploads through the web app): a thread per import run.

The run's row is the job's status: the thread updates its counts batch by batch, so a page that
polls the run sees the progress, and a restart of the server loses nothing already stored.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
import threading
from pathlib import Path, PurePath
from typing import BinaryIO

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from ipcenter.ingest.models import ImportRun
from ipcenter.ingest.pipeline import FAILED, ingest_paths

log = logging.getLogger(__name__)
_threads: dict[int, threading.Thread] = {}
_lock = threading.Lock()


def start_import_job(
    factory: sessionmaker[Session],
    *,
    run_id: int,
    folder: Path,
    org_id: int,
    actor: str,
    fmt: str = "auto",
) -> threading.Thread:
    """Import every file of ``folder`` into run ``run_id`` in a thread; the folder is removed
    when the import ends (quarantined records keep their raw text)."""

    def work() -> None:
        try:
            ingest_paths(
                factory,
                [str(folder)],
                org_id=org_id,
                fmt=fmt,
                actor=actor,
                run_id=run_id,
                relative_to=folder,
            )
        except Exception:
            log.exception("import run %s failed", run_id)
            with factory() as session, session.begin():
                session.execute(
                    update(ImportRun)
                    .where(ImportRun.id == run_id)
                    .values(status=FAILED, finished_at=dt.datetime.now(dt.UTC))
                )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            with _lock:
                _threads.pop(run_id, None)

    thread = threading.Thread(target=work, name=f"ingest-run-{run_id}", daemon=True)
    with _lock:
        _threads[run_id] = thread
    thread.start()
    return thread


def wait_for_jobs(timeout: float = 60.0) -> None:
    """Wait until every running import thread has ended (for tests and a clean shutdown)."""
    with _lock:
        threads = list(_threads.values())
    for thread in threads:
        thread.join(timeout)


_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]+")


def safe_file_name(name: str, taken: set[str]) -> str:
    """An uploaded file's name as a plain name in one folder (no path, no control characters),
    kept as it was where possible: readers find companion files (PatentsView's tables) by name.
    A name already in ``taken`` gets a number: ``lens (2).csv``."""
    base = _UNSAFE.sub("_", PurePath(name.replace("\\", "/")).name).strip(" .")[:180] or "upload"
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        stem, dot, suffix = base.rpartition(".")
        candidate = f"{stem} ({number}).{suffix}" if dot and stem else f"{base} ({number})"
    taken.add(candidate.lower())
    return candidate


def save_upload(folder: Path, name: str, stream: BinaryIO, taken: set[str]) -> Path:
    """Copy one uploaded stream into ``folder`` in chunks (never whole into memory)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe_file_name(name, taken)
    with target.open("wb") as out:
        shutil.copyfileobj(stream, out, length=1024 * 1024)
    return target
