"""An import killed mid-file and run again ends in the same state as one never interrupted."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine, func, select

from ipcenter.core.db import make_engine, session_factory, transaction
from ipcenter.ingest import ImportRun, ingest_paths
from ipcenter.rights import Patent
from tests.conftest import _clone, _pg_execute
from tests.ingest.conftest import store_state
from tests.ingest.helpers import TEST_READERS, cn_record, write_lines

ROOT = Path(__file__).resolve().parents[2]


def sample(tmp_path: Path) -> Path:
    records: list[object] = []
    for i in range(1, 23):
        records.append(cn_record(i))
        if i % 5 == 0:
            records.append(cn_record(i, titles={"en": f"Title {i}"}, grant_date="2025-02-02"))
        if i % 7 == 0:
            records.append("not a record")
    return write_lines(tmp_path / "big.tjsonl", records)


def test_kill_then_rerun_converges(
    engine: Engine, database_url: str, centre: int, template_url: str, tmp_path: Path
) -> None:
    path = sample(tmp_path)
    killed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.ingest.killed_import",
            database_url,
            str(centre),
            str(path),
            "3",
        ],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    with session_factory(engine)() as session:
        # Two batches of four committed; the third died before its commit.
        assert 0 < (session.scalar(select(func.count()).select_from(Patent)) or 0) < 22
        assert session.scalar(select(ImportRun.status)) == "running"
    rerun = ingest_paths(engine, [str(path)], org_id=centre, readers=TEST_READERS, batch_size=4)
    assert rerun.unchanged > 0 and rerun.inserted > 0

    clean_url, pg_name = _clone(template_url, tmp_path, "clean")
    clean_engine = make_engine(clean_url)
    try:
        from ipcenter.accounts import create_organisation

        with transaction(clean_engine) as session:
            org = create_organisation(
                session, key="centre", name="内蒙古乳业知识产权运营中心", kind="centre", actor="t"
            ).id
        clean = ingest_paths(
            clean_engine, [str(path)], org_id=org, readers=TEST_READERS, batch_size=4
        )
        assert store_state(engine) == store_state(clean_engine)
        assert rerun.read == clean.read
    finally:
        clean_engine.dispose()
        if pg_name:
            _pg_execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
