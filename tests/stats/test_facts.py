"""The fact layer's pieces that are not covered by the indicator tests: the SQL year addition
on each dialect and the `ipcenter stats refresh` command."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import Date, literal, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ipcenter.cli import app
from ipcenter.core.db import get_engine, session_factory
from ipcenter.core.settings import get_settings
from ipcenter.stats.facts import add_years_sql
from tests.stats.registry import build


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        # 29 Feb + 10 y: 2014 has no 29 Feb, so the month's last day (core.dates.add_months).
        ("2004-02-29", 10, "2014-02-28"),
        ("2004-02-29", 20, "2024-02-29"),  # 2024 is a leap year
        ("2004-03-01", 10, "2014-03-01"),
        ("2004-12-31", 20, "2024-12-31"),  # E's term: the anniversary, first day without it
    ],
)
def test_sql_year_addition_clamps_29_february(
    session: Session, start: str, years: int, expected: str
) -> None:
    day = literal(dt.date.fromisoformat(start), Date)
    assert session.scalar(select(add_years_sql(day, literal(years)))) == dt.date.fromisoformat(
        expected
    )


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[str]:
    monkeypatch.setenv("IPCENTER_DATABASE_URL", database_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield database_url
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_refresh_command_prints_what_it_built(store: str) -> None:
    """The hand-built registry has 18 patents (A–Q and H-US, tests/stats/registry.py): one fact
    row each. Every one is granted, so each has an interval from its grant; two have two:
    B (grant → lapse 2023-03-01, restoration 2024-02-01 → open) and Q (grant → lapse 2023-05-05,
    and the restoration stored after it on that same day opens a second, adjacent interval).
    I's invalidation and E's term end close their one interval. 16 + 2 × 2 = 20 intervals."""
    with session_factory(get_engine())() as session:
        ids = build(session)
        session.commit()
    assert len(ids) == 18
    result = CliRunner().invoke(app, ["stats", "refresh", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["patents"] == 18
    assert data["intervals"] == 20
