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


def seed(url: str, *, unattributed: bool = False) -> None:
    engine = make_engine(url)
    with transaction(engine) as session:
        build(session, unattributed=unattributed)
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


@pytest.fixture
def unattributed_app(database_url: str, tmp_path: Path) -> Iterator[Any]:
    """The registry with X1–X3, whose first patentees stop short of a level (registry.py)."""
    seed(database_url, unattributed=True)
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


# The indicators of sheet 1, in order (INDICATOR_IDS), and their units as bulletins write them.
UNITS = {
    "zh": ["件", "件/万人", "件", "件/万人", "件", "个", "件", "元", "%"],
    "en": [
        "patents",
        "patents per 10,000 residents",
        "patents",
        "patents per 10,000 residents",
        "registrations",
        "products",
        "marks",
        "yuan (CNY)",
        "%",
    ],
}


@pytest.mark.parametrize(
    ("username", "lang", "unit_header", "unattributed"),
    [("boss", "zh", "单位", "未归属地区"), ("reader", "en", "Unit", "Unattributed")],
)
def test_bulletin_units_and_unattributed_row(
    unattributed_app: Any, username: str, lang: str, unit_header: str, unattributed: str
) -> None:
    """Sheet 1's Unit column (E) holds the unit as a statistical bulletin writes it, in the
    user's language (zh: 件, 件/万人 …; en: patents, patents per 10,000 residents …), never an
    id such as per_10k; the rate is formatted as a percentage. Sheet 2, the cities of Inner
    Mongolia at 2024-12-31 (test_unattributed): Hohhot 9, Baotou 1, then the Unattributed row
    (X2, code 150000 only) = 1 with no code and no per-10,000 figure — 9 + 1 + 1 = 11, the
    province's valid invention patents on sheet 1 — and a note below saying what it holds."""
    response = client(unattributed_app, username).get(
        "/stats/bulletin.xlsx?as_of=2024-12-31&region=150000"
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    main = book.worksheets[0]
    assert main["E3"].value == unit_header
    assert [main.cell(row, 5).value for row in range(4, 13)] == UNITS[lang]
    assert main.cell(4, 2).value == 11
    assert main.cell(12, 2).number_format == "0.0%"  # mediation success rate
    regional = book.worksheets[1]
    rows = [row for row in regional.iter_rows(min_row=4, values_only=True) if any(row)]
    assert [(row[0], row[1], row[2]) for row in rows[:3]] == [
        ("150100", "呼和浩特市", 9),
        ("150200", "包头市", 1),
        (None, unattributed, 1),
    ]
    assert rows[2][6] is None
    assert rows[3][0].startswith(unattributed)


def test_api_and_dashboard_show_the_unattributed_row(unattributed_app: Any) -> None:
    """API regions of Inner Mongolia: Hohhot 9, Baotou 1 and a last row with code null,
    unattributed true, 1 (X2). Grants 2021-01-01 → 03-31 by city (test_unattributed): Hohhot
    1 (X3) and region null, unattributed, 2 (X1, X2). The dashboard lists the row and the note,
    and shows the unit beside each card's number (有效发明专利 of Inner Mongolia: 11 件)."""
    boss = client(unattributed_app, "boss")
    rows = boss.get("/api/v1/stats/regions?as_of=2024-12-31&parent=150000").json()
    assert [(r["code"], r["valid_invention_patents"], r["unattributed"]) for r in rows] == [
        ("150100", 9, False),
        ("150200", 1, False),
        (None, 1, True),
    ]
    assert rows[-1]["name"] == "未归属地区" and rows[-1]["per_10k"] is None
    grants = boss.get("/api/v1/stats/grants?from=2021-01-01&to=2021-03-31&level=city").json()
    assert [
        (g["region"], g["count"], g["unattributed"]) for g in grants if g["measure"] == "grants"
    ] == [
        ("150100", 1, False),
        (None, 2, True),
    ]
    page = boss.get("/stats?as_of=2024-12-31&region=150000").text
    assert 'id="stats-unattributed">未归属地区<' in page
    assert 'id="stats-unattributed-note"' in page
    assert '<span class="num">11</span> <span class="unit">件</span>' in page
    english = client(unattributed_app, "reader").get("/stats?as_of=2024-12-31&region=150000").text
    assert 'id="stats-unattributed">Unattributed<' in english
    assert '<span class="num">11</span> <span class="unit">patents</span>' in english
