"""The search API and page over the demo store: JSON shape, scoping, escaping, export, saving."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ipcenter import search
from ipcenter.core.db import transaction
from ipcenter.core.i18n import gettext
from ipcenter.rights import PatentIn, add_patent
from tests.conftest import csrf_from

RESULT_KEYS = {
    "id",
    "kind",
    "publication_number",
    "family_id",
    "title",
    "score",
    "lexical_score",
    "dense_score",
    "passage",
    "highlights",
    "matched_terms",
    "status",
    "expiry",
    "members",
}


@pytest.fixture
def lexical_app(app: Any, tmp_path: Path) -> Iterator[Any]:
    """The demo app with a fresh lexical-only index (rebuilt from the store on first search)."""
    previous = getattr(app.state, "search_index", None)
    app.state.search_index = search.open_index(tmp_path / "index", embedder=None)
    yield app
    app.state.search_index = previous


def test_api_results_have_the_cli_shape_and_follow_scope(lexical_app: Any, login: Any) -> None:
    analyst = login("analyst")
    body = analyst.get("/api/v1/search", params={"q": "milk beverage", "k": "5"}).json()
    assert body["query_kind"] == "text"
    assert 0 < len(body["results"]) <= 5
    for row in body["results"]:
        assert set(row) >= RESULT_KEYS
        assert row["kind"] == "patent" and row["id"].startswith("patent:")
        assert row["score"] > 0 and row["dense_score"] is None  # lexical-only index
    # A bank sees its own organisation's records only: none of the demo patents are its own.
    bank = login("bank").get("/api/v1/search", params={"q": "milk beverage"}).json()
    assert bank["results"] == []


def test_api_bad_parameter_names_the_field(lexical_app: Any, login: Any) -> None:
    response = login("analyst").get("/api/v1/search", params={"q": "milk", "before": "soon"})
    assert response.status_code == 422
    assert response.json()["params"]["field"] == "before"


def test_page_escapes_titles_and_highlights_passages(lexical_app: Any, login: Any) -> None:
    _add_us_invention(
        lexical_app,
        application_number="15123457",
        publications=[{"number": "US9876543B2"}],
        titles={"en": "<script>alert(1)</script> quokka yoghurt"},
        abstracts={"en": "A quokka yoghurt with <b>bold</b> cultures."},
    )
    client = login("analyst")
    page = client.get("/search", params={"q": "quokka"})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<b>bold</b>" not in page.text
    assert re.search(r"<mark>quokka</mark>", page.text, re.IGNORECASE)
    assert "feedback-relevant" in page.text
    export = client.get("/search/export", params={"q": "quokka", "format": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[1][1] == "US9876543B2"
    workbook = load_workbook(
        io.BytesIO(client.get("/search/export", params={"q": "quokka"}).content)
    )
    sheet = workbook.active
    assert sheet is not None
    assert [c.value for c in sheet[1]][:4] == ["Rank", "Publication number", "Kind", "Title"]
    assert sheet.cell(row=2, column=2).value == "US9876543B2"


def test_saving_a_search_from_the_page(lexical_app: Any, login: Any) -> None:
    client = login("analyst")
    page = client.get("/search", params={"q": "milk"})
    response = client.post(
        "/search/saved",
        data={
            "csrf_token": csrf_from(page.text),
            "query": "q=milk&k=5",
            "name": "牛奶",
            "alert": "1",
        },
    )
    assert response.status_code == 303
    listing = client.get("/api/v1/search/saved").json()
    saved = next(s for s in listing["data"] if s["name"] == "牛奶")
    assert saved["params"]["q"] == "milk" and saved["params"]["k"] == 5
    assert saved["last_count"] > 0  # run once on saving
    assert "牛奶" in client.get("/search/saved").text


def _add_us_invention(app: Any, **fields: Any) -> None:
    """Add a US invention (``fields``: application_number, publications, titles…) to the centre's
    registry."""
    with transaction(app.state.engine) as session:
        add_patent(
            session,
            PatentIn.model_validate({"jurisdiction": "US", "type": "invention", **fields}),
            org_id=_centre_id(app),
        )


def _centre_id(app: Any) -> int:
    from sqlalchemy import select

    from ipcenter.accounts import Organisation

    with app.state.sessionmaker() as session:
        return int(session.scalar(select(Organisation.id).where(Organisation.kind == "centre")))


def test_saved_search_api_save_run_and_feedback(lexical_app: Any, login: Any) -> None:
    client = login("analyst")
    created = client.post(
        "/api/v1/search/saved",
        json={"name": "beverages", "params": {"q": "milk beverage", "k": 3}},
    )
    assert created.status_code == 201, created.text
    saved = created.json()
    assert saved["params"]["q"] == "milk beverage" and saved["last_count"] > 0
    first = client.post(f"/api/v1/search/saved/{saved['id']}/run", json={}).json()
    assert first["new"] == []  # nothing new since saving
    top = first["results"][0]["id"]
    marked = client.post(
        f"/api/v1/search/saved/{saved['id']}/feedback", json={"doc_id": top, "relevant": False}
    )
    assert marked.status_code == 200
    second = client.post(f"/api/v1/search/saved/{saved['id']}/run", json={}).json()
    assert top not in [r["id"] for r in second["results"]]  # the irrelevant mark is kept
    bad = client.post(
        f"/api/v1/search/saved/{saved['id']}/feedback", json={"doc_id": top, "relevant": "yes"}
    )
    assert bad.status_code == 422 and bad.json()["params"]["field"] == "relevant"
    # Another organisation's user cannot see or run it.
    other = login("yili")
    assert other.post(f"/api/v1/search/saved/{saved['id']}/run", json={}).status_code == 404


def test_index_directory_removed_while_the_app_runs(lexical_app: Any, login: Any) -> None:
    """QA-Q10: the index directory is removed under the running app; a search still answers
    (a fresh index is caught up from the registry) and status reports the fresh index; the
    status of a non-admin never names where the files live."""
    import shutil

    analyst = login("analyst")
    first = analyst.get("/api/v1/search", params={"q": "milk", "mode": "lexical"})
    assert first.status_code == 200 and first.json()["results"]
    directory = lexical_app.state.search_index.directory
    shutil.rmtree(directory)
    _add_us_invention(  # the registry moves on meanwhile
        lexical_app,
        application_number="15123458",
        publications=[{"number": "US9876544B2"}],
        titles={"en": "wombat milk"},
    )
    search.forget_indexes()  # the next check is not skipped as "a moment ago"
    again = analyst.get("/api/v1/search", params={"q": "milk", "mode": "lexical"})
    assert again.status_code == 200
    search.wait_for_jobs()
    wombat = analyst.get("/api/v1/search", params={"q": "wombat", "mode": "lexical"}).json()
    assert [r["publication_number"] for r in wombat["results"]] == ["US9876544B2"]
    status = analyst.get("/api/v1/search/status").json()
    assert "directory" not in status
    assert status["documents"] > 0  # the fresh index, caught up
    after = analyst.get("/api/v1/search", params={"q": "milk", "mode": "lexical"}).json()
    assert first.json()["results"][0]["id"] in {r["id"] for r in after["results"]}


def test_page_status_line_is_translated(lexical_app: Any, login: Any) -> None:
    """QA-Q11: the admin status line said ``(finished, 向量化: pending)`` on the Chinese page."""
    admin = login("admin")
    admin.get("/api/v1/search", params={"q": "milk"})  # the first search records a run
    page = admin.get("/search", params={"q": "milk", "lang": "zh_CN"}).text
    status = page[page.index('id="index-status"') :][:1500]
    assert "finished" not in status and "none" not in status.split("</p>")[0]
    assert "已完成" in status


def test_page_says_what_the_date_cut_off_left_out(lexical_app: Any, login: Any) -> None:
    _add_us_invention(
        lexical_app,
        application_number="16999001",
        titles={"en": "Numbat yoghurt"},  # no publication, so no date
    )
    client = login("analyst")
    page = client.get("/search", params={"q": "numbat", "before": "2020-01-01"})
    note = page.text[page.text.index('id="undated-excluded"') :][:200]
    message = "Left out by the date cut-off for lack of a publication date: %(n)s"
    assert message % {"n": 1} in note
    assert gettext(message, "zh_CN") % {"n": 1} == "因无公开日而未按日期截止列入：1 条"
    api = client.get("/api/v1/search", params={"q": "numbat", "before": "2020-01-01"}).json()
    assert api["undated_excluded"] == 1 and api["results"] == []
    assert 'id="undated-excluded"' not in client.get("/search", params={"q": "numbat"}).text
