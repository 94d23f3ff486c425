"""Migration 0002 on a store holding records: nothing of them is lost (SQLite copies tables)."""

from __future__ import annotations

from sqlalchemy import func, select

from ipcenter.core.db import make_engine, transaction
from ipcenter.core.migrate import upgrade
from ipcenter.demo import load_demo
from ipcenter.rights import LegalEvent, Patent


def test_upgrade_from_0001_keeps_every_part_of_every_record(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # SQLite only: PostgreSQL alters the column in place; the fixtures' databases are migrated.
    url = f"sqlite:///{tmp_path / 'old.db'}"
    # A 0001 store has no carbon tables (0004); the registry part of the demo is what matters.
    monkeypatch.setattr("ipcenter.demo.loader.load_demo_carbon", lambda *_args, **_kwargs: 0)
    upgrade(url, "0001")
    engine = make_engine(url)
    with transaction(engine) as session:
        load_demo(session)
    counts = {}
    with engine.connect() as connection:
        for table in ("patent_publications", "patent_parties", "legal_events", "patent_texts"):
            counts[table] = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        for table, count in counts.items():
            after = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            assert after == count and count, table
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Patent))
        assert session.scalar(select(func.count()).select_from(LegalEvent))
    engine.dispose()
