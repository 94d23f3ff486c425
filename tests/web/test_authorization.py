"""Every route × every role (and anonymous): who is let in, who is refused, who sees nothing.

Detail routes are probed with records owned by the centre: centre staff see them, every other
organisation gets 404 (existence is not revealed), and roles without the permission get 403.
A route added to the app without a row here fails ``test_every_route_is_in_the_matrix``.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from ipcenter.ingest import start_run
from tests.conftest import csrf_from

ROLES = ("admin", "analyst", "mediator", "yili", "bank", "farm")
CENTRE_STAFF = {"admin", "analyst"}

PUBLIC = "public"  # anyone, logged in or not
LOGGED_IN = "logged_in"  # any role
# route → (permission roles, whether the record is owned by the centre)
READERS = {"admin", "analyst", "mediator", "yili", "bank"}
EXPORTERS = {"admin", "analyst", "yili"}
INGESTERS = {"admin", "analyst", "yili"}
# Upload routes answer a form without files with 422 once the caller is let in.
UPLOADS = {"/ingest/uploads", "/api/v1/ingest/uploads"}

MATRIX: dict[tuple[str, str], tuple[Any, bool]] = {
    ("GET", "/login"): (PUBLIC, False),
    ("POST", "/login"): (PUBLIC, False),
    ("POST", "/logout"): (PUBLIC, False),
    ("POST", "/language"): (PUBLIC, False),
    ("GET", "/"): (LOGGED_IN, False),
    ("GET", "/rights/patents"): (READERS, False),
    ("GET", "/rights/patents/export"): (EXPORTERS, False),
    ("GET", "/rights/patents/{patent_id}"): (READERS, True),
    ("GET", "/rights/trademarks"): (READERS, False),
    ("GET", "/rights/trademarks/{trademark_id}"): (READERS, True),
    ("GET", "/rights/gis"): (READERS, False),
    ("GET", "/rights/gis/{gi_id}"): (READERS, True),
    ("GET", "/admin/users"): ({"admin"}, False),
    ("GET", "/admin/audit"): ({"admin"}, False),
    ("GET", "/api/v1/health"): (PUBLIC, False),
    ("GET", "/api/v1/me"): (LOGGED_IN, False),
    ("GET", "/api/v1/rights/patents"): (READERS, False),
    ("GET", "/api/v1/rights/patents/by-number/{number}"): (READERS, True),
    ("GET", "/api/v1/rights/patents/{patent_id}"): (READERS, True),
    ("GET", "/api/v1/rights/trademarks"): (READERS, False),
    ("GET", "/api/v1/rights/trademarks/{trademark_id}"): (READERS, True),
    ("GET", "/api/v1/rights/gis"): (READERS, False),
    ("GET", "/api/v1/rights/gis/{gi_id}"): (READERS, True),
    ("GET", "/api/v1/rights/check-number"): (LOGGED_IN, False),
    ("GET", "/ingest"): (INGESTERS, False),
    ("POST", "/ingest/uploads"): (INGESTERS, False),
    ("GET", "/ingest/runs/{run_id}"): (INGESTERS, True),
    ("GET", "/ingest/runs/{run_id}/progress"): (INGESTERS, True),
    ("GET", "/ingest/quarantine"): (INGESTERS, False),
    ("POST", "/api/v1/ingest/uploads"): (INGESTERS, False),
    ("GET", "/api/v1/ingest/runs"): (INGESTERS, False),
    ("GET", "/api/v1/ingest/runs/{run_id}"): (INGESTERS, True),
    ("GET", "/api/v1/ingest/quarantine"): (INGESTERS, False),
    ("GET", "/api/docs"): (PUBLIC, False),
    ("GET", "/api/openapi.json"): (PUBLIC, False),
}


def app_routes(app: Any) -> set[tuple[str, str]]:
    """Every (method, path) the app answers, including routes of included routers."""
    found = set()
    for route in iter_route_contexts(app.routes):
        for method in (route.methods or set()) - {"HEAD", "OPTIONS"}:
            found.add((method, route.path))
    return found


def test_every_route_is_in_the_matrix(app: Any) -> None:
    assert app_routes(app) == set(MATRIX)


@pytest.fixture(scope="module")
def centre_records(app: Any) -> dict[str, str]:
    with TestClient(app) as admin:
        page = admin.get("/login")
        admin.post(
            "/login",
            data={
                "username": "admin",
                "password": "ipcenter-demo",
                "csrf_token": csrf_from(page.text),
            },
        )
        me = admin.get("/api/v1/me").json()

        def first_owned(path: str) -> dict[str, Any]:
            rows = admin.get(path, params={"page_size": "500"}).json()["data"]
            for row in rows:
                detail = admin.get(f"{path}/{row['id']}").json()
                if detail.get("org_id", me["org_id"]) == me["org_id"]:
                    return detail
            raise AssertionError(f"no centre-owned record under {path}")

        patent = first_owned("/api/v1/rights/patents")
        # An (empty) import run of the centre, for the run routes.
        run_id = start_run(app.state.sessionmaker, org_id=me["org_id"], actor="matrix-test")
        trademark = admin.get("/api/v1/rights/trademarks").json()["data"]
        gi = admin.get("/api/v1/rights/gis").json()["data"]
    return {
        "patent_id": str(patent["id"]),
        "number": patent["publication_number"],
        "trademark_id": str(_centre_owned(trademark, "registrant_name")["id"]),
        "gi_id": str(gi[0]["id"]),
        "run_id": str(run_id),
    }


def _centre_owned(rows: list[dict[str, Any]], _field: str) -> dict[str, Any]:
    # Trademarks owned by the centre are the GI collective/certification marks in the demo set.
    for row in rows:
        if row["kind"] in ("collective", "certification"):
            return row
    raise AssertionError("no centre-owned trademark in the demo set")


def upload_status(path: str, role: str | None) -> int:
    if role is None:
        return 401
    return 422 if role in MATRIX[("POST", path)][0] else 403


def expected_status(method: str, path: str, role: str | None) -> int:
    allowed, centre_owned = MATRIX[(method, path)]
    api = path.startswith("/api/")
    if method == "POST":
        return 303
    if allowed == PUBLIC:
        return 200
    if role is None:
        return 401 if api else 303
    if allowed != LOGGED_IN and role not in allowed:
        return 403
    if centre_owned and role not in CENTRE_STAFF:
        return 404
    return 200


@pytest.mark.parametrize("role", [None, *ROLES])
@pytest.mark.parametrize(("method", "path"), sorted(MATRIX))
def test_route_for_role(
    app: Any, centre_records: dict[str, str], method: str, path: str, role: str | None
) -> None:
    with TestClient(app, follow_redirects=False) as client:
        page = client.get("/login")
        token = csrf_from(page.text)
        if role is not None:
            client.post(
                "/login", data={"username": role, "password": "ipcenter-demo", "csrf_token": token}
            )
            token = csrf_from(client.get("/login").text)
        url = path.format(**centre_records)
        if method == "POST":
            data = {"csrf_token": token, "lang": "zh_CN", "username": "x", "password": "y"}
            response = client.post(url, data=data)
            # A failed login renders the form again (401); the others redirect.
            expected = 401 if path == "/login" else 303
            if path in UPLOADS:
                expected = upload_status(path, role)
        else:
            params = {"number": "202310104843.5"} if path.endswith("check-number") else {}
            response = client.get(url, params=params)
            expected = expected_status(method, path, role)
    assert response.status_code == expected, f"{method} {url} as {role}: {response.text[:300]}"
    if path.startswith("/api/v1/") and expected >= 400:
        body = response.json()
        assert set(body) == {"ok", "error", "message", "status", "params"}
        assert body["ok"] is False and body["status"] == expected and body["message"]
