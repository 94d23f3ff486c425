"""A right whose stored facts are inconsistent is skipped and listed; every other deadline shows.

QA's case: a priority date (3434-09-10) after the filing date made the whole centre's deadline
list answer 422. The bad row is written with a direct UPDATE, as a faulty import would leave it,
since the rights store refuses such a claim on input.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from fastapi.testclient import TestClient
from sqlalchemy import inspect, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ipcenter.cli import app as cli_app
from ipcenter.core.db import get_engine, transaction
from ipcenter.core.scoping import OrgScope
from ipcenter.core.settings import get_settings
from ipcenter.portfolio import forecast_costs, list_deadlines
from ipcenter.rights import Patent, PatentIn, add_patent
from ipcenter.web.app import create_app
from tests.conftest import log_in, make_settings
from tests.portfolio.deadline_registry import PASSWORD, Registry, add_users, build_registry, on

BAD_PRIORITY = "3434-09-10"


def _add_bad_right(session: Session, registry: Registry) -> int:
    """A yili invention filed 2019-06-01 whose priority claim is then moved past the filing."""
    bad = add_patent(
        session,
        PatentIn.model_validate(
            {
                "jurisdiction": "CN",
                "application_number": "201910000001.9",
                "filing_date": "2019-06-01",
                "grant_date": "2021-06-01",
                "priorities": [{"country": "US", "number": "62000001", "date": "2018-06-01"}],
                "legal_events": [{"date": "2021-06-01", "code": "GR01"}],
            }
        ),
        org_id=registry.yili,
    )
    session.flush()
    claim = inspect(Patent).relationships["priorities"].mapper.class_
    session.execute(
        update(claim).where(claim.patent_id == bad.id).values(priority_date=on(BAD_PRIORITY))
    )
    session.expire_all()
    return bad.id


@pytest.fixture
def registry(session: Session) -> tuple[Registry, int]:
    registry = build_registry(session)
    return registry, _add_bad_right(session, registry)


def test_the_centre_list_skips_the_bad_right_and_shows_the_others(
    session: Session, registry: tuple[Registry, int]
) -> None:
    reg, bad = registry
    result = list_deadlines(
        session,
        scope=OrgScope.everything(),
        as_of=on("2025-01-01"),
        until=on("2026-12-31"),
        lang="en",
    )
    rights = {(row.right_type, row.right_id) for row in result.data}
    assert ("patent", reg.invention) in rights and ("patent", reg.utility_model) in rights
    assert ("patent", bad) not in rights
    [skipped] = result.skipped
    assert (skipped.right_id, skipped.right_number, skipped.field) == (
        bad,
        "201910000001.9",
        "priority_date",
    )
    assert BAD_PRIORITY in skipped.reason and "filing date" in skipped.reason
    # Listed again on the next read: the right stays unsynchronised until it is corrected.
    again = list_deadlines(session, scope=OrgScope.everything(), as_of=on("2025-01-01"))
    assert [s.right_id for s in again.skipped] == [bad]


def test_another_organisation_is_not_affected(
    session: Session, registry: tuple[Registry, int]
) -> None:
    reg, _bad = registry
    result = list_deadlines(
        session,
        scope=OrgScope.everything(),
        as_of=on("2025-01-01"),
        until=on("2026-12-31"),
        org_id=reg.mengniu,
    )
    assert result.skipped == []
    assert {row.right_id for row in result.data if row.right_type == "patent"} == {
        reg.utility_model
    }


def test_the_forecast_lists_the_bad_right_in_chinese(
    session: Session, registry: tuple[Registry, int]
) -> None:
    _reg, bad = registry
    forecast = forecast_costs(
        session, scope=OrgScope.everything(), as_of=on("2025-01-01"), lang="zh_CN"
    )
    assert forecast.rows
    [skipped] = forecast.skipped
    assert skipped.right_id == bad and "不得晚于申请日" in skipped.reason


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, database_url: str, engine: Engine) -> Iterator[int]:
    with transaction(engine) as session:
        _reg, bad = _setup(session)
    monkeypatch.setenv("IPCENTER_DATABASE_URL", database_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield bad
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def _setup(session: Session) -> tuple[Registry, int]:
    registry = build_registry(session)
    add_users(session)
    return registry, _add_bad_right(session, registry)


def test_cli_json_lists_the_skipped_right(cli: int) -> None:
    group: typer.Typer = cli_app
    result = CliRunner().invoke(
        group,
        ["portfolio", "deadlines", "--json", "--as-of", "2025-01-01", "--until", "2026-12-31"],
    )
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["data"]
    assert [s["right_id"] for s in document["skipped"]] == [cli]


def test_dashboard_forecast_ics_and_api_answer_for_the_centre(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    with transaction(engine) as session:
        reg, _bad = _setup(session)
    application = create_app(make_settings(database_url, tmp_path))
    with TestClient(application, follow_redirects=False) as client:
        log_in(client, "centre-analyst", PASSWORD)
        page = client.get("/portfolio/deadlines")
        assert page.status_code == 200
        assert 'id="skipped-rights"' in page.text and "201910000001.9" in page.text
        assert client.get("/portfolio/forecast").status_code == 200
        assert client.get("/portfolio/deadlines.ics").status_code == 200
        api = client.get("/api/v1/portfolio/deadlines", params={"until": "2046-12-31"})
        assert api.status_code == 200 and len(api.json()["skipped"]) == 1
        other = client.get("/api/v1/portfolio/deadlines", params={"org": reg.mengniu})
        assert other.status_code == 200 and other.json()["skipped"] == []


def test_a_us_patent_is_listed_by_its_patent_number(
    session: Session, registry: tuple[Registry, int]
) -> None:
    """QA: US deadlines named the application serial (12134151) rather than US8926509B2."""
    reg, _bad = registry
    us = add_patent(
        session,
        PatentIn.model_validate(
            {
                "jurisdiction": "US",
                "application_number": "12134151",
                "filing_date": "2008-06-05",
                "grant_date": "2015-01-06",
                "publications": [
                    {"number": "US2009304001A1", "date": "2009-12-10"},
                    {"number": "US8926509B2", "date": "2015-01-06"},
                ],
            }
        ),
        org_id=reg.mengniu,
    )
    session.flush()
    # 7.5-year maintenance fee of a patent granted 2015-01-06: due 2022-07-06 (37 CFR 1.362).
    result = list_deadlines(
        session,
        scope=OrgScope.everything(),
        as_of=on("2022-01-01"),
        until=on("2023-01-01"),
        org_id=reg.mengniu,
    )
    numbers = {row.right_number for row in result.data if row.right_id == us.id}
    assert numbers == {"US8926509B2"}
    # A CN right keeps its application number, the number its fees are paid under.
    cn = {row.right_number for row in result.data if row.right_id == reg.utility_model}
    assert cn <= {"202120123457.7"}
