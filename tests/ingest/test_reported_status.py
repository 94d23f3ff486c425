"""A source's status label becomes a dated REPORTED-* event: the CN dairy set, really imported.

Expected counts worked out from ``cn_dairy_patents.jsonl`` itself (123 records; ``legal_status``
is Google Patents' label, ``granted`` the collector's flag) and data/ingest/reported_status.csv:

* 35 "Active" and 4 "Granted" → REPORTED-IN-FORCE (39); 7 "Expired - Fee Related" (all granted)
  → REPORTED-LAPSED; "Expired - Lifetime" once granted → REPORTED-EXPIRED, once not (an A
  publication only) → nothing; 5 "Inactive" and 1 "Withdrawn" (none granted) → REPORTED-WITHDRAWN
  (6); 54 "Pending" and 15 without a label → nothing. 39 + 7 + 1 + 6 = 53 events.
* Grant dates given: cn-dairy-120 (2026-06-23), -121 and -122 (2026-06-19); 122 has no label. So
  before the import day 3 records are in force; from it 39 + 1 (122) = 40 (no term has run out:
  the three with a filing date were filed 2021–2024; the others have none, so no term is known).
"""

from __future__ import annotations

import datetime as dt
import types
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ipcenter import stats
from ipcenter.core.db import session_factory
from ipcenter.core.scoping import OrgScope
from ipcenter.ingest import ingest_paths, pipeline
from ipcenter.rights import LegalEvent, Patent, RightStatus, patent_status_on
from ipcenter.rights.models import Publication
from ipcenter.search import in_force_ids
from tests.ingest.tabular_helpers import SAMPLES

DAIRY = SAMPLES / "cn_dairy_patents.jsonl"
IMPORTED = dt.date(2026, 11, 20)


def _import_on(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, org: int, day: dt.date, path: Path = DAIRY
) -> None:
    class Day(dt.date):
        @classmethod
        def today(cls) -> Day:
            return cls(day.year, day.month, day.day)

    shim = types.SimpleNamespace(date=Day, datetime=dt.datetime, timedelta=dt.timedelta, UTC=dt.UTC)
    monkeypatch.setattr(pipeline, "dt", shim)
    summary = ingest_paths(engine, [str(path)], org_id=org)
    assert summary.quarantined == 0


def _codes(engine: Engine) -> dict[str, int]:
    with session_factory(engine)() as session:
        rows = session.execute(
            select(LegalEvent.code, func.count())
            .where(LegalEvent.code.like("REPORTED-%"))
            .group_by(LegalEvent.code)
        )
        return {code: count for code, count in rows}


def _patent(engine: Engine, number: str) -> Patent:
    with session_factory(engine)() as session:
        patent = session.scalars(
            select(Patent).join(Publication).where(Publication.number == number)
        ).one()
        patent.legal_events  # noqa: B018 - load before the session closes
        return patent


def test_labels_become_events_dated_the_import_day(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, centre: int
) -> None:
    _import_on(monkeypatch, engine, centre, IMPORTED)
    assert _codes(engine) == {
        "REPORTED-IN-FORCE": 39,
        "REPORTED-LAPSED": 7,
        "REPORTED-EXPIRED": 1,
        "REPORTED-WITHDRAWN": 6,
    }
    # cn-dairy-001: granted (CN1197949C, no date anywhere), "Expired - Fee Related".
    first = _patent(engine, "CN1382786A")
    assert [(e.event_date, e.code, e.text) for e in first.legal_events] == [
        (IMPORTED, "REPORTED-LAPSED", "Expired - Fee Related")
    ]
    assert patent_status_on(first, IMPORTED) is RightStatus.LAPSED


def test_fto_and_statistics_see_the_reported_grants(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, centre: int
) -> None:
    _import_on(monkeypatch, engine, centre, IMPORTED)
    everyone = OrgScope.everything()
    with session_factory(engine)() as session:

        def fto(day: dt.date) -> int:
            return len(in_force_ids(session, day=day, territory="CN", scope=everyone))

        assert fto(IMPORTED - dt.timedelta(days=1)) == 3
        assert fto(IMPORTED) == 40
        stats.refresh_facts(session)
        session.commit()
        intervals = stats.intervals_table()

        def valid(day: dt.date) -> int:
            query = select(func.count(func.distinct(intervals.c.patent_id))).where(
                stats.in_force_on(intervals, day)
            )
            return int(session.scalar(query) or 0)

        assert valid(IMPORTED - dt.timedelta(days=1)) == 3
        assert valid(IMPORTED) == 40


def test_importing_again_later_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, centre: int, tmp_path: Path
) -> None:
    _import_on(monkeypatch, engine, centre, IMPORTED)
    before = _codes(engine)
    # The same records in a new file (new digests: the rows are re-read and merged): the labels
    # are the ones already recorded, so no event is added and the first day is kept.
    copy = tmp_path / "dairy-again.jsonl"
    lines = DAIRY.read_text(encoding="utf-8").splitlines()
    copy.write_text(
        "\n".join(line.replace('"notes": [', '"notes": ["re-exported", ') for line in lines),
        encoding="utf-8",
    )
    _import_on(monkeypatch, engine, centre, IMPORTED + dt.timedelta(days=10), copy)
    monkeypatch.undo()
    assert _codes(engine) == before
    first = _patent(engine, "CN1382786A")
    assert [e.event_date for e in first.legal_events] == [IMPORTED]
