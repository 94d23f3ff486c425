"""Snapshot semantics: the derived in-force intervals agree with ``rights.status_on`` record by
record."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.rights import LegalEvent, Patent, RightStatus, load_patents, patent_status_on
from ipcenter.stats import (
    ensure_fresh,
    expiry_cutoff,
    in_force_on,
    intervals_table,
    refresh_facts,
)
from tests.stats.registry import build

# Dates around every transition of the hand-built registry: grants, lapse, restoration, the
# same-day lapse and restoration of Q, the invalidation of I and the end of E's term.
DATES = [
    "2013-04-30", "2013-05-01", "2023-02-28", "2023-03-01", "2023-05-04", "2023-05-05",
    "2024-01-31", "2024-02-01", "2024-05-31", "2024-06-01", "2024-12-30", "2024-12-31",
    "2025-01-01",
]  # fmt: skip


def fact_in_force(session: Session, day: dt.date) -> set[int]:
    """CN patents whose derived in-force interval contains ``day``."""
    patents, intervals = Patent.__table__, intervals_table()
    statement = (
        select(intervals.c.patent_id)
        .select_from(intervals.join(patents, patents.c.id == intervals.c.patent_id))
        .where(patents.c.jurisdiction == "CN", in_force_on(intervals, day))
    )
    found = list(session.scalars(statement))
    assert len(found) == len(set(found))  # intervals of a patent never overlap
    return set(found)


@pytest.mark.parametrize("day", DATES)
def test_fact_intervals_agree_with_rights_status(session: Session, day: str) -> None:
    ids = build(session)
    refresh_facts(session)
    when = dt.date.fromisoformat(day)
    records = load_patents(session, ids.values())
    expected = {
        pid
        for pid, record in records.items()
        if record.jurisdiction == "CN" and patent_status_on(record, when) is RightStatus.IN_FORCE
    }
    assert fact_in_force(session, when) == expected


def test_a_new_legal_event_refreshes_the_facts(session: Session) -> None:
    """B was restored 2024-02-01 (in force 2024-12-31). A lapse (CF01) added on 2024-06-01 to
    the existing patent changes no patent row, only the legal events: the watermark sees it and
    the next read rebuilds the facts, so B is not in force 2024-12-31 but still 2024-05-31."""
    ids = build(session)
    assert ensure_fresh(session) is not None  # never built
    assert ensure_fresh(session) is None  # unchanged registry: no rebuild
    assert ids["B"] in fact_in_force(session, dt.date(2024, 12, 31))
    session.add(LegalEvent(patent_id=ids["B"], event_date=dt.date(2024, 6, 1), code="CF01"))
    session.flush()
    assert ensure_fresh(session) is not None
    assert ids["B"] not in fact_in_force(session, dt.date(2024, 12, 31))
    assert ids["B"] in fact_in_force(session, dt.date(2024, 5, 31))


def test_hand_computed_snapshots(session: Session) -> None:
    """Independent of ``rights``, by hand from the registry table (tests/stats/registry.py):

    - B lapsed 2023-03-01 (CF01) and was restored 2024-02-01 (RF01): in force 2023-02-28, not
      2023-03-01 or 2024-01-31, in force again 2024-02-01.
    - C granted 2024-12-31: not in force 2024-12-30, in force 2024-12-31.
    - E filed 2004-12-31: its 20-year term's anniversary is 2024-12-31, the first day without the
      right, so in force 2024-12-30 and not 2024-12-31.
    - I invalidated 2024-06-01: in force 2024-05-31, not 2024-06-01.
    - Q lapsed and was restored on 2023-05-05, restoration stored second: in force that day.
    """
    ids = build(session)
    refresh_facts(session)

    def on(day: str) -> set[int]:
        return fact_in_force(session, dt.date.fromisoformat(day))

    assert ids["B"] in on("2023-02-28")
    assert ids["B"] not in on("2023-03-01")
    assert ids["B"] not in on("2024-01-31")
    assert ids["B"] in on("2024-02-01")
    assert ids["C"] not in on("2024-12-30")
    assert ids["C"] in on("2024-12-31")
    assert ids["E"] in on("2024-12-30")
    assert ids["E"] not in on("2024-12-31")
    assert ids["I"] in on("2024-05-31")
    assert ids["I"] not in on("2024-06-01")
    assert ids["D"] not in on("2024-12-31")


def test_expiry_cutoff_counts_leap_days_like_add_years() -> None:
    """A right started on S has ended on D when S + N years (the anniversary) is on or before D.

    - D 2024-02-28, 20 y: S 2004-02-28 → anniversary 2024-02-28 (ended); S 2004-02-29 →
      2024-02-29 (not yet). Cutoff 2004-02-28.
    - D 2024-02-29, 20 y: S 2004-02-29 → 2024-02-29 (ended); S 2004-03-01 → 2024-03-01. Cutoff
      2004-02-29.
    - D 2014-02-28, 10 y: S 2004-02-29 → 2014-02-28 (no 29 Feb in 2014: the month's last day),
      ended; S 2004-03-01 → 2014-03-01. Cutoff 2004-02-29, one day later than "D minus 10 years".
    """
    assert expiry_cutoff(dt.date(2024, 2, 28), 20) == dt.date(2004, 2, 28)
    assert expiry_cutoff(dt.date(2024, 2, 29), 20) == dt.date(2004, 2, 29)
    assert expiry_cutoff(dt.date(2014, 2, 28), 10) == dt.date(2004, 2, 29)
