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
from ipcenter.search import SavedSearch
from tests.conftest import csrf_from

ROLES = ("admin", "analyst", "mediator", "yili", "bank", "farm")
CENTRE_STAFF = {"admin", "analyst"}

PUBLIC = "public"  # anyone, logged in or not
LOGGED_IN = "logged_in"  # any role
# route → (permission roles, whether the record is owned by the centre)
READERS = {"admin", "analyst", "mediator", "yili", "bank"}
EXPORTERS = {"admin", "analyst", "yili"}
DOCKETING = {"admin", "analyst", "yili"}  # portfolio.read and portfolio.write
# POST routes that need a logged-in caller with a permission, and the body of a harmless step
# (a repeated reminder is always allowed on an open or reminded deadline).
PORTFOLIO_POSTS = {
    "/portfolio/deadlines/{deadline_id}/transition",
    "/api/v1/portfolio/deadlines/{deadline_id}/transitions",
}
# Carbon: farms, companies (their supplier farms) and centre staff. The demo assessment probed is
# the demo farm's, which yili sees through its demo supply link.
CARBON = {"admin", "analyst", "yili", "farm"}
INGESTERS = {"admin", "analyst", "yili"}
SEARCHERS = {"admin", "analyst", "mediator", "yili", "bank"}  # search.read
SEARCH_WRITERS = {"admin", "analyst", "yili"}  # search.write (reindex: admins only)
# GET routes that need a query to answer 200.
SEARCH_QUERIES = {"/search/export", "/api/v1/search"}
# POST routes that answer a bad form (or an upload without files) with 422 once the caller is let
# in, instead of redirecting.
FORM_POSTS = {
    ("POST", "/carbon/new"),
    ("POST", "/carbon/upload"),
    ("POST", "/api/v1/carbon/footprint"),
    ("POST", "/ingest/uploads"),
    ("POST", "/api/v1/ingest/uploads"),
    ("POST", "/search/saved"),
    ("POST", "/search/reindex"),
    ("POST", "/api/v1/search/reindex"),
    ("POST", "/api/v1/search/saved"),
    ("POST", "/api/v1/search/saved/{saved_id}/run"),
    ("POST", "/api/v1/search/saved/{saved_id}/feedback"),
}

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
    ("GET", "/portfolio/deadlines"): (DOCKETING, False),
    ("GET", "/portfolio/deadlines.ics"): (DOCKETING, False),
    ("GET", "/portfolio/deadlines/{deadline_id}"): (DOCKETING, True),
    ("POST", "/portfolio/deadlines/{deadline_id}/transition"): (DOCKETING, True),
    ("GET", "/portfolio/forecast"): (DOCKETING, False),
    ("GET", "/api/v1/portfolio/deadlines"): (DOCKETING, False),
    ("GET", "/api/v1/portfolio/deadlines/{deadline_id}"): (DOCKETING, True),
    ("POST", "/api/v1/portfolio/deadlines/{deadline_id}/transitions"): (DOCKETING, True),
    ("GET", "/api/v1/portfolio/forecast"): (DOCKETING, False),
    ("GET", "/carbon"): (CARBON, False),
    ("GET", "/carbon/new"): (CARBON, False),
    ("POST", "/carbon/new"): (CARBON, False),
    ("POST", "/carbon/upload"): (CARBON, False),
    ("GET", "/carbon/template.xlsx"): (CARBON, False),
    ("GET", "/carbon/dashboard"): (CARBON, False),
    ("GET", "/carbon/assessments/{assessment_id}"): (CARBON, False),
    ("GET", "/carbon/assessments/{assessment_id}/scenarios"): (CARBON, False),
    ("GET", "/carbon/assessments/{assessment_id}/report"): (CARBON, False),
    ("GET", "/carbon/assessments/{assessment_id}/inputs.xlsx"): (CARBON, False),
    ("POST", "/api/v1/carbon/footprint"): (CARBON, False),
    ("GET", "/api/v1/carbon/assessments"): (CARBON, False),
    ("GET", "/api/v1/carbon/assessments/{assessment_id}"): (CARBON, False),
    ("GET", "/stats"): (READERS, False),
    ("GET", "/stats/bulletin.xlsx"): (READERS, False),
    ("GET", "/api/v1/stats/indicators"): (READERS, False),
    ("GET", "/api/v1/stats/regions"): (READERS, False),
    ("GET", "/api/v1/stats/trend"): (READERS, False),
    ("GET", "/api/v1/stats/grants"): (READERS, False),
    ("GET", "/ingest"): (INGESTERS, False),
    ("POST", "/ingest/uploads"): (INGESTERS, False),
    ("GET", "/ingest/runs/{run_id}"): (INGESTERS, True),
    ("GET", "/ingest/runs/{run_id}/progress"): (INGESTERS, True),
    ("GET", "/ingest/quarantine"): (INGESTERS, False),
    ("POST", "/api/v1/ingest/uploads"): (INGESTERS, False),
    ("GET", "/api/v1/ingest/runs"): (INGESTERS, False),
    ("GET", "/api/v1/ingest/runs/{run_id}"): (INGESTERS, True),
    ("GET", "/api/v1/ingest/quarantine"): (INGESTERS, False),
    ("GET", "/search"): (SEARCHERS, False),
    ("GET", "/search/export"): (SEARCHERS, False),
    ("GET", "/search/saved"): (SEARCHERS, False),
    ("POST", "/search/saved"): (SEARCH_WRITERS, False),
    ("POST", "/search/reindex"): ({"admin"}, False),
    ("GET", "/api/v1/search"): (SEARCHERS, False),
    ("GET", "/api/v1/search/status"): (SEARCHERS, False),
    ("POST", "/api/v1/search/reindex"): ({"admin"}, False),
    ("GET", "/api/v1/search/saved"): (SEARCHERS, False),
    ("POST", "/api/v1/search/saved"): (SEARCH_WRITERS, False),
    ("POST", "/api/v1/search/saved/{saved_id}/run"): (SEARCH_WRITERS, False),
    ("POST", "/api/v1/search/saved/{saved_id}/feedback"): (SEARCH_WRITERS, False),
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
        # A saved search of the centre, for the saved-search routes.
        with app.state.sessionmaker() as session, session.begin():
            saved = SavedSearch(org_id=me["org_id"], name="matrix", params={"q": "乳"})
            session.add(saved)
            session.flush()
            saved_id = saved.id
        trademark = admin.get("/api/v1/rights/trademarks").json()["data"]
        gi = admin.get("/api/v1/rights/gis").json()["data"]
        deadlines = admin.get("/api/v1/portfolio/deadlines", params={"until": "2046-12-31"}).json()[
            "data"
        ]
        assessments = admin.get("/api/v1/carbon/assessments").json()["data"]
        farm_demo = next(
            a
            for a in assessments
            if a["is_demo"] and a["created_by"] == "demo-loader" and "示范" in a["farm_name"]
        )
    return {
        "assessment_id": str(farm_demo["id"]),
        "patent_id": str(patent["id"]),
        "number": patent["publication_number"],
        "trademark_id": str(_centre_owned(trademark, "registrant_name")["id"]),
        "gi_id": str(gi[0]["id"]),
        "deadline_id": str(_centre_deadline(deadlines, me["org_id"])["id"]),
        "run_id": str(run_id),
        "saved_id": str(saved_id),
    }


def _centre_deadline(rows: list[dict[str, Any]], centre_id: int) -> dict[str, Any]:
    # The last one: browser tests walk the first deadlines through the workflow.
    for row in reversed(rows):
        workflow = row["state"] in ("open", "reminded") and not row["informational"]
        if row["org_id"] == centre_id and workflow:
            return row
    raise AssertionError("no centre-owned deadline with a workflow in the demo set")


def _centre_owned(rows: list[dict[str, Any]], _field: str) -> dict[str, Any]:
    # Trademarks owned by the centre are the GI collective/certification marks in the demo set.
    for row in rows:
        if row["kind"] in ("collective", "certification"):
            return row
    raise AssertionError("no centre-owned trademark in the demo set")


def expected_status(method: str, path: str, role: str | None) -> int:
    allowed, centre_owned = MATRIX[(method, path)]
    api = path.startswith("/api/")
    if method == "POST" and allowed == PUBLIC:
        return 303
    if allowed == PUBLIC:
        return 200
    if role is None:
        # A POST is answered, not redirected: the form's data would be lost on the way.
        return 401 if api or method == "POST" else 303
    if allowed != LOGGED_IN and role not in allowed:
        return 403
    if centre_owned and role not in CENTRE_STAFF:
        return 404
    return 303 if method == "POST" and not api else 200


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
        if path in PORTFOLIO_POSTS:
            if path.startswith("/api/"):
                response = client.post(url, json={"action": "remind"})
            else:
                response = client.post(url, data={"csrf_token": token, "action": "remind"})
            expected = expected_status(method, path, role)
        elif (method, path) in FORM_POSTS:
            data = {"csrf_token": token, "lang": "zh_CN", "username": "x", "password": "y"}
            response = client.post(url, data=data)
            allowed = MATRIX[(method, path)][0]
            expected = 401 if role is None else 403 if role not in allowed else 422
        elif method == "POST":
            data = {"csrf_token": token, "lang": "zh_CN", "username": "x", "password": "y"}
            response = client.post(url, data=data)
            # A failed login renders the form again (401); the others redirect.
            expected = 401 if path == "/login" else 303
        else:
            params = {"number": "202310104843.5"} if path.endswith("check-number") else {}
            if path in SEARCH_QUERIES:
                params = {"q": "乳"}
            response = client.get(url, params=params)
            expected = expected_status(method, path, role)
    assert response.status_code == expected, f"{method} {url} as {role}: {response.text[:300]}"
    if path.startswith("/api/v1/") and expected >= 400:
        body = response.json()
        assert set(body) == {"ok", "error", "message", "status", "params"}
        assert body["ok"] is False and body["status"] == expected and body["message"]
