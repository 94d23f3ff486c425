"""Uploads through the API and the pages: background import, history, quarantine, scoping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ipcenter.ingest import wait_for_jobs
from ipcenter.web import create_app
from tests.conftest import _clone, _pg_execute, csrf_from, log_in, make_settings
from tests.ingest.helpers import cn_record, ingest_demo_url, write_lines  # noqa: F401


@pytest.fixture
def clients() -> Iterator[list[TestClient]]:
    opened: list[TestClient] = []
    yield opened
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def web(ingest_demo_url: str, tmp_path: Path, test_reader: None) -> Iterator[Any]:  # noqa: F811
    """An app on a copy of the demo store, so that uploads do not reach the shared one."""
    url, pg_name = _clone(ingest_demo_url, tmp_path, "ingestweb")
    application = create_app(make_settings(url, tmp_path / "data"))
    yield application
    wait_for_jobs()
    application.state.engine.dispose()
    if pg_name:
        _pg_execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


@pytest.fixture
def client_for(clients: list[TestClient]) -> Any:
    def factory(app: Any, username: str) -> TestClient:
        client = TestClient(app, follow_redirects=False)
        client.__enter__()
        clients.append(client)
        return log_in(client, username)

    return factory


def token(client: TestClient) -> str:
    return csrf_from(client.get("/ingest").text)


def upload(client: TestClient, *files: Path, **extra: str) -> Any:
    return client.post(
        "/api/v1/ingest/uploads",
        data={"csrf_token": token(client), **extra},
        files=[("files", (f.name, f.read_bytes(), "application/octet-stream")) for f in files],
    )


def test_upload_imports_in_the_background(web: Any, client_for: Any, tmp_path: Path) -> None:
    analyst = client_for(web, "analyst")
    sample = write_lines(
        tmp_path / "upload.tjsonl", [cn_record(1), "<b>not json</b>", cn_record(2)]
    )
    response = upload(analyst, sample)
    assert response.status_code == 202, response.text
    run_id = response.json()["run_id"]
    wait_for_jobs()
    run = analyst.get(f"/api/v1/ingest/runs/{run_id}").json()
    assert run["status"] == "finished"
    (item,) = run["files"]
    assert item["path"] == "upload.tjsonl"
    assert (item["inserted"], item["quarantined"], item["percent"]) == (2, 1, 100)
    quarantine = analyst.get("/api/v1/ingest/quarantine", params={"run": run_id}).json()
    assert quarantine["count"] == 1 and quarantine["data"][0]["line"] == 2
    page = analyst.get(f"/ingest/runs/{run_id}")
    assert page.status_code == 200
    assert "&lt;b&gt;not json&lt;/b&gt;" in page.text and "<b>not json</b>" not in page.text
    assert 'data-status="finished"' in page.text and "hx-trigger" not in page.text
    history = analyst.get("/ingest").text
    assert f"/ingest/runs/{run_id}" in history
    assert analyst.get("/api/v1/rights/patents/by-number/CN117000001A").status_code == 200


def test_the_page_form_redirects_to_the_run(web: Any, client_for: Any, tmp_path: Path) -> None:
    admin = client_for(web, "admin")
    sample = write_lines(tmp_path / "form.tjsonl", [cn_record(3)])
    response = admin.post(
        "/ingest/uploads",
        data={"csrf_token": token(admin)},
        files=[("files", (sample.name, sample.read_bytes(), "text/plain"))],
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/ingest/runs/")
    wait_for_jobs()
    progress = admin.get(response.headers["location"] + "/progress")
    assert progress.status_code == 200 and 'data-status="finished"' in progress.text


def test_a_company_sees_only_its_own_imports(web: Any, client_for: Any, tmp_path: Path) -> None:
    yili = client_for(web, "yili")
    mengniu = client_for(web, "mengniu")
    run_id = upload(yili, write_lines(tmp_path / "y.tjsonl", ["bad", cn_record(4)])).json()[
        "run_id"
    ]
    wait_for_jobs()
    assert [r["run_id"] for r in yili.get("/api/v1/ingest/runs").json()["data"]] == [run_id]
    assert mengniu.get("/api/v1/ingest/runs").json()["count"] == 0
    assert mengniu.get(f"/api/v1/ingest/runs/{run_id}").status_code == 404
    assert mengniu.get(f"/ingest/runs/{run_id}").status_code == 404
    assert mengniu.get("/api/v1/ingest/quarantine").json()["count"] == 0
    assert mengniu.get("/api/v1/ingest/quarantine", params={"run": run_id}).status_code == 404
    # Centre staff see the imports of the companies the centre serves.
    analyst = client_for(web, "analyst")
    assert run_id in [r["run_id"] for r in analyst.get("/api/v1/ingest/runs").json()["data"]]
    record = yili.get("/api/v1/rights/patents/by-number/CN117000004A").json()
    assert mengniu.get(f"/api/v1/rights/patents/{record['id']}").status_code == 404


def test_upload_without_files_or_token_is_refused(web: Any, client_for: Any) -> None:
    analyst = client_for(web, "analyst")
    response = analyst.post("/api/v1/ingest/uploads", data={"csrf_token": token(analyst)})
    assert response.status_code == 422 and response.json()["params"]["field"] == "files"
    response = analyst.post(
        "/api/v1/ingest/uploads", files=[("files", ("a.tjsonl", b"{}", "text/plain"))]
    )
    assert response.status_code == 403 and response.json()["error"] == "csrf_failed"


def test_upload_over_the_size_limit_is_refused(web: Any, client_for: Any, tmp_path: Path) -> None:
    analyst = client_for(web, "analyst")
    big = tmp_path / "big.tjsonl"
    big.write_bytes(b"x" * (65 * 1024))  # the test settings allow 64 KiB
    assert upload(analyst, big).status_code == 413


def test_farm_and_bank_may_not_import(web: Any, client_for: Any) -> None:
    for username in ("farm", "bank"):
        client = client_for(web, username)
        assert client.get("/api/v1/ingest/runs").status_code == 403
        assert client.get("/ingest").status_code == 403


def test_uploaded_names_stay_plain_and_distinct() -> None:
    from ipcenter.ingest.jobs import safe_file_name

    taken: set[str] = set()
    names = [safe_file_name(n, taken) for n in ("../../etc/passwd", "a\\b.csv", "B.csv", "b.csv")]
    assert names == ["passwd", "b.csv", "B (2).csv", "b (3).csv"]
    assert safe_file_name("..", taken) == "upload"


def test_a_record_without_application_number_has_a_detail_page(
    web: Any, client_for: Any, tmp_path: Path
) -> None:
    analyst = client_for(web, "analyst")
    google_like = {
        "jurisdiction": "CN",
        "publications": [{"number": "CN117834529A", "date": "2024-04-05"}],
        "titles": {"zh": "只有公开号的记录"},
    }
    upload(analyst, write_lines(tmp_path / "g.tjsonl", [google_like]))
    wait_for_jobs()
    record = analyst.get("/api/v1/rights/patents/by-number/CN117834529A").json()
    assert record["application_number"] is None
    page = analyst.get(f"/rights/patents/{record['id']}")
    assert page.status_code == 200 and "只有公开号的记录" in page.text and "None" not in page.text


def test_a_run_without_progress_for_long_is_shown_as_interrupted(web: Any, client_for: Any) -> None:
    import datetime as dt

    from sqlalchemy import update

    from ipcenter.ingest import ImportRun, start_run

    analyst = client_for(web, "analyst")
    me = analyst.get("/api/v1/me").json()
    run_id = start_run(web.state.sessionmaker, org_id=me["org_id"], actor="killed")
    fresh = analyst.get(f"/ingest/runs/{run_id}/progress").text
    assert "hx-trigger" in fresh and "run-stalled" not in fresh
    with web.state.sessionmaker() as session, session.begin():
        session.execute(
            update(ImportRun)
            .where(ImportRun.id == run_id)
            .values(progress_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
        )
    assert analyst.get(f"/api/v1/ingest/runs/{run_id}").json()["stalled"] is True
    stalled = analyst.get(f"/ingest/runs/{run_id}/progress").text
    assert 'id="run-stalled"' in stalled and "hx-trigger" not in stalled
