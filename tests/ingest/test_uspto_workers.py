"""Bulk files parsed in worker processes give exactly the items of the in-process reading."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from ipcenter.accounts import create_organisation
from ipcenter.core.db import make_engine, session_factory, transaction
from ipcenter.ingest import ingest_paths, uspto_xml
from ipcenter.ingest.records import Parsed, Rejected
from ipcenter.rights import Patent
from tests.conftest import _clone, _pg_execute
from tests.ingest.conftest import store_state
from tests.ingest.uspto_helpers import USPTO, bytes_source

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [
    "xml2014__US08926509.xml",
    "xml2004__US06859910.xml",
    "pap__US20010000943A1.xml",
    "sgml__USD435854S1.xml",
    "xmlApp2004__US20050004437A1.xml",
    "xml2006__US07272630B2.xml",
]


def bulk_file() -> bytes:
    """Every kind of document, a truncated one and a foreign one among them, twice over."""
    documents = [(USPTO / name).read_bytes() for name in SAMPLES]
    truncated = documents[2][: len(documents[2]) // 2]
    other = b'<?xml version="1.0"?>\n<catalogue><item/></catalogue>\n'
    ordered = [*documents[:3], truncated, other, *documents[3:]] * 2
    return b"".join(d if d.endswith(b"\n") else d + b"\n" for d in ordered)


def test_the_workers_yield_the_items_of_the_in_process_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = bulk_file()
    monkeypatch.setattr(uspto_xml, "POOL_AFTER", 10_000)
    here = list(uspto_xml.read(bytes_source(data, "ipg-week.xml")))
    started: list[int] = []
    original = uspto_xml.ProcessPoolExecutor

    def counting(*args: Any, **kwargs: Any) -> ProcessPoolExecutor:
        started.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(uspto_xml, "ProcessPoolExecutor", counting)
    # Three documents here, the rest in chunks of two, with several chunks in flight.
    monkeypatch.setattr(uspto_xml, "POOL_AFTER", 3)
    monkeypatch.setattr(uspto_xml, "CHUNK_DOCUMENTS", 2)
    pooled = list(uspto_xml.read(bytes_source(data, "ipg-week.xml")))
    assert started == [1]
    assert len(here) == 2 * (len(SAMPLES) + 2)
    assert [type(item) for item in here].count(Rejected) == 4
    assert pooled == here
    assert [item.location.index for item in pooled] == list(range(len(here)))
    assert all(isinstance(item, Parsed | Rejected) for item in pooled)


def test_a_small_file_starts_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> ProcessPoolExecutor:
        raise AssertionError("workers started for a small file")

    monkeypatch.setattr(uspto_xml, "ProcessPoolExecutor", refuse)
    monkeypatch.setattr(uspto_xml, "POOL_AFTER", 16)
    found = list(uspto_xml.read(bytes_source(bulk_file())))
    assert len(found) == 16


WORKER_SCRIPT = """
import os, sys
from ipcenter.ingest import uspto_xml
from tests.ingest.uspto_helpers import bytes_source
from tests.ingest.test_uspto_workers import bulk_file

uspto_xml.POOL_AFTER = 1
uspto_xml.CHUNK_DOCUMENTS = 1
items = uspto_xml.read(bytes_source(bulk_file() * 4))
for _ in range(4):
    next(items)
print("reading", flush=True)
sys.stdin.readline()
"""


def test_workers_quit_when_the_import_is_killed() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", WORKER_SCRIPT],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as reading:
        assert reading.stdout is not None
        assert reading.stdout.readline().strip() == "reading"
        workers = _children(reading.pid)
        assert workers and all(_alive(pid) for pid in workers)
        reading.send_signal(signal.SIGKILL)
        reading.wait(timeout=30)
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers)


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie waiting for its (dead) parent."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        return os.path.exists(f"/proc/{pid}")


def refuse_to_start(parent: int) -> None:
    """A worker initializer that fails, as when the workers cannot start."""
    raise RuntimeError("this worker cannot start")


def test_when_the_workers_cannot_run_the_file_is_read_here(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    data = bulk_file()
    monkeypatch.setattr(uspto_xml, "POOL_AFTER", 10_000)
    here = list(uspto_xml.read(bytes_source(data, "ipg-week.xml")))
    monkeypatch.setattr(uspto_xml, "POOL_AFTER", 3)
    monkeypatch.setattr(uspto_xml, "CHUNK_DOCUMENTS", 2)
    monkeypatch.setattr(uspto_xml, "_quit_with_parent", refuse_to_start)
    with caplog.at_level(logging.WARNING, logger=uspto_xml.__name__):
        assert list(uspto_xml.read(bytes_source(data, "ipg-week.xml"))) == here
    assert "worker processes stopped" in caplog.text


def test_a_killed_import_read_by_workers_converges_when_run_again(
    engine: Engine, database_url: str, centre: int, template_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "ipg-week.xml"
    path.write_bytes(bulk_file())
    killed = subprocess.run(
        [
            *(sys.executable, "-m", "tests.ingest.killed_import"),
            *(database_url, str(centre), str(path), "2", "uspto-xml", "2"),
        ],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    with session_factory(engine)() as session:
        stored = session.scalar(select(func.count()).select_from(Patent)) or 0
    assert 0 < stored < len(SAMPLES)  # batch 1 committed; batch 2, read by workers, not
    rerun = ingest_paths(engine, [str(path)], org_id=centre, fmt="uspto-xml", batch_size=4)
    assert rerun.unchanged > 0 and rerun.inserted > 0

    clean_url, pg_name = _clone(template_url, tmp_path, "clean")
    clean_engine = make_engine(clean_url)
    try:
        with transaction(clean_engine) as session:
            org = create_organisation(
                session, key="centre", name="内蒙古乳业知识产权运营中心", kind="centre", actor="t"
            ).id
        clean = ingest_paths(clean_engine, [str(path)], org_id=org, fmt="uspto-xml", batch_size=4)
        assert store_state(engine) == store_state(clean_engine)
        assert (rerun.read, rerun.quarantined) == (clean.read, clean.quarantined) == (16, 4)
    finally:
        clean_engine.dispose()
        if pg_name:
            _pg_execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
