"""The portfolio pages and API on the demo store: buckets, scoping, workflow, iCal, forecast."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from icalendar import Calendar

from tests.conftest import csrf_from

Login = Callable[[str], TestClient]
FAR = {"until": "2046-12-31"}


NAMES = {"伊利": "Yili", "蒙牛": "Mengniu"}


def _open_deadline(client: TestClient, org_name_part: str) -> dict[str, Any]:
    """An open deadline with a workflow of the organisation whose name (in Chinese or English)
    contains the text."""
    rows = client.get("/api/v1/portfolio/deadlines", params=FAR).json()["data"]
    names = (org_name_part, NAMES[org_name_part])
    for row in reversed(rows):
        named = any(name in row["org_name"] for name in names)
        if named and row["state"] == "open" and not row["informational"]:
            return row
    raise AssertionError(f"no open deadline of {org_name_part}")


def test_dashboard_shows_the_three_buckets(login: Login) -> None:
    page = login("admin").get("/portfolio/deadlines")
    assert page.status_code == 200
    for bucket in ("overdue", "due_30", "due_90"):
        assert f'id="bucket-{bucket}"' in page.text
    assert "期限看板" in page.text and "已逾期" in page.text


def test_company_sees_only_its_own_deadlines(login: Login) -> None:
    yili = login("yili")
    rows = yili.get("/api/v1/portfolio/deadlines", params=FAR).json()["data"]
    assert rows and {row["org_name"] for row in rows} == {"内蒙古伊利实业集团股份有限公司"}
    mengniu = _open_deadline(login("admin"), "蒙牛")
    assert yili.get(f"/api/v1/portfolio/deadlines/{mengniu['id']}").status_code == 404
    assert yili.get(f"/portfolio/deadlines/{mengniu['id']}").status_code == 404
    token = csrf_from(yili.get("/portfolio/deadlines").text)
    refused = yili.post(
        f"/portfolio/deadlines/{mengniu['id']}/transition",
        data={"csrf_token": token, "action": "remind"},
    )
    assert refused.status_code == 404
    # Choosing another organisation's id is "not found" too, not a way around the scope.
    assert (
        yili.get("/api/v1/portfolio/deadlines", params={"org": mengniu["org_id"]}).status_code
        == 404
    )


def test_centre_staff_choose_the_organisation(login: Login) -> None:
    admin = login("admin")
    mengniu = _open_deadline(admin, "蒙牛")
    rows = admin.get(
        "/api/v1/portfolio/deadlines", params={**FAR, "org": mengniu["org_id"]}
    ).json()["data"]
    assert rows and {row["org_id"] for row in rows} == {mengniu["org_id"]}
    page = admin.get("/portfolio/deadlines", params={"org": mengniu["org_id"]})
    assert 'id="filter-org"' in page.text


def test_workflow_through_the_page_forms(login: Login) -> None:
    yili = login("yili")
    deadline = _open_deadline(yili, "伊利")
    url = f"/portfolio/deadlines/{deadline['id']}"
    page = yili.get(url)
    assert 'id="explanation"' in page.text and deadline["right_number"] in page.text
    token = csrf_from(page.text)

    def post(**data: str) -> Any:
        return yili.post(f"{url}/transition", data={"csrf_token": token, **data})

    assert post(action="remind", reminded_whom="by phone").status_code == 303
    assert post(action="instruct_pay").status_code == 303
    refused = post(action="close")
    assert refused.status_code == 409 and "不能" in refused.text
    missing = post(action="pay", receipt_number="R-1", paid_on="2027-01-01")
    assert missing.status_code == 422
    paid = post(action="pay", receipt_number="R-1", paid_on="2027-01-01", paid_amount="1200")
    assert paid.status_code == 303
    assert post(action="close").status_code == 303
    detail = yili.get(f"/api/v1/portfolio/deadlines/{deadline['id']}").json()
    assert detail["state"] == "closed" and detail["receipt_number"] == "R-1"
    assert detail["reminders"][0]["sent_to"] == "by phone"
    assert post(action="remind").status_code == 409
    no_token = yili.post(f"{url}/transition", data={"action": "remind"})
    assert no_token.status_code == 403


def test_api_transitions_take_json_only(login: Login) -> None:
    analyst = login("analyst")
    # Read English whatever an earlier test left as the analyst's language.
    token = csrf_from(analyst.get("/login").text)
    analyst.post("/language", data={"csrf_token": token, "lang": "en", "next": "/"})
    deadline = _open_deadline(analyst, "伊利")
    url = f"/api/v1/portfolio/deadlines/{deadline['id']}/transitions"
    as_form = analyst.post(url, data={"action": "remind"})
    assert as_form.status_code == 422 and as_form.json()["ok"] is False
    done = analyst.post(url, json={"action": "instruct_abandon"})
    assert done.status_code == 200
    assert done.json()["state"] == "instructed" and done.json()["allowed_actions"] == ["close"]
    wrong = analyst.post(url, json={"action": "remind"})
    body = wrong.json()
    assert wrong.status_code == 409 and body["error"] == "portfolio.invalid_transition"
    assert "Instructed" in body["message"]  # in the caller's language


def test_ical_download(login: Login) -> None:
    response = login("yili").get("/portfolio/deadlines.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert events and all(str(e["UID"]).startswith("portfolio-deadline-") for e in events)
    assert any("年费" in str(e["SUMMARY"]) for e in events)


def test_forecast_page_and_api(login: Login) -> None:
    admin = login("admin")
    data = admin.get("/api/v1/portfolio/forecast", params={"years": "3"}).json()
    assert len(data["years"]) == 3 and "CNY" in data["currencies"]
    assert all(row["amount"] > 0 for row in data["rows"])
    page = admin.get("/portfolio/forecast", params={"years": "3"})
    assert page.status_code == 200 and 'id="chart-forecast-CNY"' in page.text
    bad = admin.get("/api/v1/portfolio/forecast", params={"years": "40"})
    assert bad.status_code == 422 and bad.json()["params"]["field"] == "years"
    assert admin.get("/api/v1/portfolio/deadlines", params={"until": "soon"}).status_code == 422
