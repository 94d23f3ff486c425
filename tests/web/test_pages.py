"""The web app end to end through its HTTP interface (TestClient), on the demo store."""

from __future__ import annotations

import io

import openpyxl
from fastapi.testclient import TestClient

from tests.conftest import csrf_from, log_in


def test_health(client: TestClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_pages_need_login(client: TestClient) -> None:
    response = client.get("/rights/patents")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/rights/patents"
    assert client.get("/api/v1/rights/patents").status_code == 401


def test_wrong_password_is_refused_in_the_users_language(client: TestClient) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": "admin", "password": "nope-nope", "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 401
    assert "用户名或密码错误" in response.text


def test_login_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "admin", "password": "ipcenter-demo"})
    assert response.status_code == 403
    assert client.get("/api/v1/me").status_code == 401


def test_login_does_not_redirect_off_site(client: TestClient) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": "admin",
            "password": "ipcenter-demo",
            "csrf_token": csrf_from(page.text),
            "next": "//evil.example/",
        },
    )
    assert response.headers["location"] == "/"


def test_registry_in_chinese_then_english(client: TestClient) -> None:
    log_in(client, "admin")
    page = client.get("/rights/patents")
    assert page.status_code == 200
    assert "专利登记簿" in page.text and "申请人" in page.text
    switched = client.post(
        "/language",
        data={"lang": "en", "next": "/rights/patents", "csrf_token": csrf_from(page.text)},
    )
    assert switched.status_code == 303
    page = client.get("/rights/patents")
    assert "Patent registry" in page.text and "专利登记簿" not in page.text
    assert client.get("/api/v1/me").json()["language"] == "en"
    client.post("/language", data={"lang": "zh_CN", "csrf_token": csrf_from(page.text)})


def test_filters_narrow_the_list(client: TestClient) -> None:
    log_in(client, "admin")
    everything = client.get("/api/v1/rights/patents", params={"page_size": "500"}).json()
    designs = client.get("/api/v1/rights/patents", params={"type": "design"}).json()
    assert 0 < designs["count"] < everything["count"]
    assert {row["type"] for row in designs["data"]} == {"design"}
    us = client.get("/api/v1/rights/patents", params={"jurisdiction": "US"}).json()
    assert us["count"] > 0 and {row["jurisdiction"] for row in us["data"]} == {"US"}
    yili = client.get("/api/v1/rights/patents", params={"applicant": "伊利"}).json()
    assert yili["count"] > 0
    assert all(any("伊利" in a or "Yili" in a for a in row["applicants"]) for row in yili["data"])
    a23 = client.get("/api/v1/rights/patents", params={"ipc": "A23C"}).json()
    assert a23["count"] > 0 and all(row["ipc_main"] for row in a23["data"])


def test_unknown_filter_value_is_a_clear_error(client: TestClient) -> None:
    log_in(client, "admin")
    api = client.get("/api/v1/rights/patents", params={"type": "gadget"})
    assert api.status_code == 422
    body = api.json()
    assert body["error"] == "validation_error" and body["params"]["field"] == "type"
    page = client.get("/rights/patents", params={"filed_from": "yesterday"})
    assert page.status_code == 422
    assert "filed_from" in page.text and "不是日期" in page.text


def test_detail_page_shows_the_legal_event_timeline(client: TestClient) -> None:
    log_in(client, "admin")
    rows = client.get("/api/v1/rights/patents", params={"page_size": "500"}).json()["data"]
    with_events = None
    for row in rows:
        record = client.get(f"/api/v1/rights/patents/{row['id']}").json()
        if record["legal_events"]:
            with_events = record
            break
    assert with_events is not None
    page = client.get(f"/rights/patents/{with_events['id']}")
    assert page.status_code == 200
    for event in with_events["legal_events"]:
        assert event["code"] in page.text


def test_company_cannot_see_another_companys_record(client: TestClient) -> None:
    log_in(client, "admin")
    rows = client.get(
        "/api/v1/rights/patents", params={"applicant": "蒙牛", "page_size": "500"}
    ).json()["data"]
    mengniu_ids = [r["id"] for r in rows]
    assert mengniu_ids
    client.cookies.clear()
    log_in(client, "yili")
    for patent_id in mengniu_ids:
        assert client.get(f"/rights/patents/{patent_id}").status_code == 404
        assert client.get(f"/api/v1/rights/patents/{patent_id}").status_code == 404
    own = client.get("/api/v1/rights/patents", params={"page_size": "500"}).json()
    assert own["count"] > 0 and not set(mengniu_ids) & {r["id"] for r in own["data"]}


def test_export_csv_and_xlsx_follow_the_filters(client: TestClient) -> None:
    log_in(client, "analyst")
    expected = client.get(
        "/api/v1/rights/patents", params={"type": "invention", "page_size": "500"}
    ).json()
    csv_response = client.get(
        "/rights/patents/export", params={"format": "csv", "type": "invention"}
    )
    assert csv_response.status_code == 200
    text = csv_response.content.decode("utf-8-sig")
    assert len(text.strip().splitlines()) == expected["count"] + 1
    xlsx = client.get("/rights/patents/export", params={"format": "xlsx", "type": "invention"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row == expected["count"] + 1
    assert client.get("/rights/patents/export", params={"format": "pdf"}).status_code == 422


def test_oversized_upload_is_refused_with_a_message(client: TestClient) -> None:
    response = client.post(
        "/login",
        content=b"x" * (64 * 1024 + 1),
        headers={"content-type": "application/x-www-form-urlencoded", "accept-language": "en"},
    )
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"
    assert response.json()["message"] == "The upload is larger than the limit of 65536 bytes."


def test_check_number_api(client: TestClient) -> None:
    log_in(client, "farm")
    good = client.get("/api/v1/rights/check-number", params={"number": "202310104843.5"}).json()
    assert good["valid"] is True
    bad = client.get("/api/v1/rights/check-number", params={"number": "202310123456.7"}).json()
    assert bad["valid"] is False and bad["expected_check_digit"] == "6"


def test_unknown_page_is_a_page_not_a_500(client: TestClient) -> None:
    log_in(client, "admin")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "未找到" in response.text
    assert client.get("/rights/patents/not-a-number").status_code == 422


def test_openapi_is_served(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert "/api/v1/rights/patents" in spec["paths"]
    assert client.get("/api/docs").status_code == 200


def test_chunked_upload_over_the_limit_is_refused(client: TestClient) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(20):
            yield b"x" * 8192

    response = client.post(
        "/login", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413
    assert "超过上限" in response.text


def test_tampered_session_cookie_is_not_trusted(client: TestClient) -> None:
    log_in(client, "admin")
    cookie = client.cookies.get("ipcenter_session")
    assert cookie
    client.cookies.clear()
    client.cookies.set("ipcenter_session", cookie[:-4] + "AAAA")
    assert client.get("/api/v1/me").status_code == 401


def test_logout_ends_the_session(client: TestClient) -> None:
    log_in(client, "admin")
    page = client.get("/rights/patents")
    assert client.post("/logout", data={"csrf_token": csrf_from(page.text)}).status_code == 303
    assert client.get("/api/v1/me").status_code == 401
