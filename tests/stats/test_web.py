"""The dashboard, the JSON API and the XLSX bulletin over the hand-built registry."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from ipcenter.accounts import create_organisation, create_user
from ipcenter.core.db import make_engine, transaction
from ipcenter.web import create_app
from tests.conftest import log_in, make_settings
from tests.stats.registry import build

PASSWORD = "stats-test-password"


def seed(url: str) -> None:
    engine = make_engine(url)
    with transaction(engine) as session:
        build(session)
        create_user(
            session, username="boss", password=PASSWORD, role="admin", org_key="centre", actor="t"
        )
        create_user(
            session,
            username="reader",
            password=PASSWORD,
            role="analyst",
            org_key="centre",
            language="en",
            actor="t",
        )
        create_organisation(session, key="other", name="别家", kind="company", actor="t")
        create_user(
            session, username="outsider", password=PASSWORD, role="company", org_key="other",
            actor="t",
        )  # fmt: skip
    engine.dispose()


@pytest.fixture
def stats_app(database_url: str, tmp_path: Path) -> Iterator[Any]:
    seed(database_url)
    application = create_app(make_settings(database_url, tmp_path / "data"))
    yield application
    application.state.engine.dispose()


def client(app: Any, username: str) -> TestClient:
    test_client = TestClient(app, follow_redirects=False)
    test_client.__enter__()
    return log_in(test_client, username, PASSWORD)


def test_api_indicators_and_errors(stats_app: Any) -> None:
    """Same figures as test_indicators (Inner Mongolia 2024-12-31: 9 valid, a year earlier 8);
    a company outside the centre sees none of the centre's records (0)."""
    boss = client(stats_app, "boss")
    body = boss.get("/api/v1/stats/indicators?as_of=2024-12-31&region=150000").json()
    entries = {e["id"]: e for e in body["indicators"]}
    assert [e["id"] for e in body["indicators"]][:2] == [
        "valid_invention_patents",
        "valid_invention_patents_per_10k",
    ]
    assert entries["valid_invention_patents"]["value"] == 9
    assert entries["valid_invention_patents"]["previous_value"] == 8
    assert set(entries["valid_invention_patents"]) >= {
        "id", "value", "previous_value", "yoy", "definition", "as_of",
    }  # fmt: skip
    bad = boss.get("/api/v1/stats/indicators?as_of=2024-02-30")
    assert bad.status_code == 422 and bad.json()["params"]["field"] == "as_of"
    for url in ("/api/v1/stats/indicators", "/stats", "/stats/bulletin.xlsx"):
        bad = boss.get(url, params={"as_of": "9999-12-31"})
        assert bad.status_code == 422, url
    bad = boss.get("/api/v1/stats/indicators?as_of=2024-12-31&region=abc")
    assert bad.status_code == 422 and bad.json()["params"]["field"] == "region"
    outsider = client(stats_app, "outsider")
    mine = outsider.get("/api/v1/stats/indicators?as_of=2024-12-31").json()
    assert mine["indicators"][0]["value"] == 0


def test_api_regions_trend_grants(stats_app: Any) -> None:
    """Cities of Inner Mongolia 2024-12-31: Hohhot 8, Baotou 1. Trend at 2020..2024-12-31,
    mainland valid inventions: 2024 10, 2023 9. Grants 2024: C (2024-12-31) and K (2024-03-03),
    both Hohhot inventions with no applicant type → one row of 2."""
    boss = client(stats_app, "boss")
    rows = boss.get("/api/v1/stats/regions?as_of=2024-12-31&parent=150000").json()
    assert {r["code"]: r["valid_invention_patents"] for r in rows} == {"150100": 8, "150200": 1}
    trend = boss.get("/api/v1/stats/trend?as_of=2024-12-31").json()
    assert [p["as_of"] for p in trend][-2:] == ["2023-12-31", "2024-12-31"]
    assert [p["valid_invention_patents"] for p in trend][-2:] == [9, 10]
    grants = boss.get("/api/v1/stats/grants?from=2024-01-01&to=2024-12-31&level=city").json()
    assert [(g["measure"], g["region"], g["count"]) for g in grants] == [("grants", "150100", 2)]


def test_dashboard_in_both_languages_and_drill_down(stats_app: Any) -> None:
    boss = client(stats_app, "boss")
    page = boss.get("/stats?as_of=2024-12-31")
    assert page.status_code == 200
    assert "有效发明专利" in page.text and 'id="card-valid_invention_patents"' in page.text
    assert "/stats?as_of=2024-12-31&region=150000" in page.text  # province → its cities
    city = boss.get("/stats?as_of=2024-12-31&region=150000")
    assert "/stats?as_of=2024-12-31&region=150100" in city.text  # city → its counties
    english = client(stats_app, "reader").get("/stats?as_of=2024-12-31")
    assert "Valid invention patents" in english.text


def test_bulletin_xlsx(stats_app: Any) -> None:
    """The workbook's first sheet lists every indicator with its value: valid invention patents
    in Inner Mongolia at 2024-12-31 = 9, a year earlier 8."""
    boss = client(stats_app, "boss")
    response = boss.get("/stats/bulletin.xlsx?as_of=2024-12-31&region=150000")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}
    assert rows["有效发明专利"][1:3] == (9, 8)
    assert len(book.worksheets) == 3
