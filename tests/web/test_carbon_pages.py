"""Carbon pages and API through the TestClient, on the demo store (the `farm` and `yili` users)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient

from ipcenter.carbon import (
    check_farm,
    flatten,
    footprint,
    nest_form,
    parse_farm,
    read_farm_json,
    read_farm_workbook,
)
from tests.carbon.workbook_helpers import CASE_A_JSON, CASE_A_ROWS, filled_template
from tests.conftest import csrf_from

FARM = parse_farm(CASE_A_JSON)


def form_fields(farm: dict[str, Any], **changes: str) -> dict[str, str]:
    """The entry form as a person fills it: one input per field path."""
    fields = flatten(farm)
    fields.update(changes)
    return fields


def post_form(client: TestClient, fields: dict[str, str], action: str = "compute") -> Any:
    token = csrf_from(client.get("/carbon/new").text)
    return client.post("/carbon/new", data={**fields, "csrf_token": token, "action": action})


def switch_language(client: TestClient, lang: str) -> None:
    token = csrf_from(client.get("/carbon").text)
    client.post("/language", data={"csrf_token": token, "lang": lang, "next": "/carbon"})


def error_beside(html: str, field_id: str) -> str:
    """The error text inside the label of the input with ``field_id``."""
    match = re.search(rf'<label class="field invalid" for="{field_id}">(.*?)</label>', html, re.S)
    assert match, f"no invalid field {field_id}"
    errors = re.findall(r'<span class="field-error" role="alert">(.*?)</span>', match.group(1))
    assert errors, f"no message beside {field_id}"
    return " ".join(errors)


def test_the_farm_user_enters_a_farm_and_sees_its_footprint(login: Any) -> None:
    client = login("farm")
    response = post_form(client, form_fields(CASE_A_JSON))
    assert response.status_code == 303, response.text[:2000]
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    expected = footprint(FARM)
    assert f'id="intensity">{expected.kg_co2e_per_kg_fpcm:.3f}<' in page.text
    assert 'id="chart-sources"' in page.text and 'id="chart-scopes"' in page.text
    assert "范围一" in page.text and 'id="p50"' in page.text
    assessment_id = response.headers["location"].rsplit("/", 1)[1]
    stored = client.get(f"/api/v1/carbon/assessments/{assessment_id}").json()
    assert stored["results"]["total_kg_co2e"] == pytest.approx(expected.total_kg_co2e)
    assert stored["created_by"] == "farm" and not stored["is_demo"]


def test_invalid_fields_are_named_beside_the_input_in_chinese_and_english(login: Any) -> None:
    client = login("farm")
    farm = {**CASE_A_JSON, "cohorts": [dict(CASE_A_JSON["cohorts"][0])]}
    farm["cohorts"][0]["manure"] = [
        {"system": "liquid_slurry", "share": 0.9},
        {"system": "solid_storage", "share": 0.4},
    ]
    fields = form_fields(farm, **{"cohorts[0].head": "-5", "cohorts[0].fat_percent": "35"})
    zh = post_form(client, fields)
    assert zh.status_code == 422
    assert "不得小于 0" in error_beside(zh.text, "f-cohorts-0-head")
    assert "3.5 而不是 35" in error_beside(zh.text, "f-cohorts-0-fat_percent")
    assert "比例之和必须为 1" in zh.text and "1.3" in zh.text
    # The values typed stay in the form, so nothing has to be entered again.
    assert 'value="-5"' in zh.text and 'value="35"' in zh.text
    switch_language(client, "en")
    en = post_form(client, fields)
    assert en.status_code == 422
    assert "must be at least 0" in error_beside(en.text, "f-cohorts-0-head")
    assert "3.5 rather than 35" in error_beside(en.text, "f-cohorts-0-fat_percent")
    assert "shares must add up to 1" in en.text
    assert "cohorts[0].manure" in en.text
    switch_language(client, "zh_CN")


def test_cohort_rows_can_be_added_and_removed(login: Any) -> None:
    client = login("farm")
    fields = form_fields(CASE_A_JSON)
    added = post_form(client, fields, action="add_cohort")
    assert added.status_code == 200
    assert 'id="cohort-1"' in added.text and 'id="remove-cohort-1"' in added.text
    assert 'hx-post="/carbon/new"' in added.text
    removed = post_form(client, {**fields, "cohorts[1].kind": "dry"}, action="remove_cohort:1")
    assert 'id="cohort-1"' not in removed.text
    assert 'value="100"' in removed.text  # cohort 0 kept as typed


def test_upload_of_the_filled_template(login: Any) -> None:
    client = login("farm")
    token = csrf_from(client.get("/carbon").text)
    good = client.post(
        "/carbon/upload",
        data={"csrf_token": token},
        files={"workbook": ("farm.xlsx", filled_template(CASE_A_ROWS), "application/octet-stream")},
    )
    assert good.status_code == 303
    assert good.headers["location"].startswith("/carbon/assessments/")
    sheets = {key: [dict(row) for row in rows] for key, rows in CASE_A_ROWS.items()}
    sheets["cohorts"][0]["Head"] = -5
    bad = client.post(
        "/carbon/upload",
        data={"csrf_token": token},
        files={"workbook": ("farm.xlsx", filled_template(sheets), "application/octet-stream")},
    )
    assert bad.status_code == 422
    assert "工作表 牛群 Cohorts，第 4 行" in bad.text and "cohorts[0].head" in bad.text
    macro = client.post(
        "/carbon/upload",
        data={"csrf_token": token},
        files={"workbook": ("farm.xlsm", filled_template(CASE_A_ROWS), "application/octet-stream")},
    )
    assert macro.status_code == 422 and "不含宏" in macro.text


def demo_assessment(client: TestClient) -> dict[str, Any]:
    rows = client.get("/api/v1/carbon/assessments").json()["data"]
    return next(r for r in rows if r["is_demo"] and "示范" in r["farm_name"])


def test_scenario_comparison_page(login: Any) -> None:
    client = login("farm")
    row = demo_assessment(client)
    page = client.get(f"/carbon/assessments/{row['id']}/scenarios")
    assert page.status_code == 200
    assert 'id="scenario-baseline"' in page.text
    for name in ("3nop", "digester", "slurry_cover", "yield", "diet"):
        assert f'id="scenario-{name}"' in page.text
    assert "3-NOP 饲料添加剂" in page.text and 'id="chart-scenarios"' in page.text


def test_report_downloads(login: Any) -> None:
    client = login("farm")
    row = demo_assessment(client)
    docx = client.get(f"/carbon/assessments/{row['id']}/report?format=docx")
    assert docx.status_code == 200
    assert "attachment" in docx.headers["content-disposition"]
    document = Document(io.BytesIO(docx.content))
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert f"{row['kg_co2e_per_kg_fpcm']:.3f}" in cells
    html = client.get(f"/carbon/assessments/{row['id']}/report?format=html")
    assert "产品碳足迹报告" in html.text and "演示" in html.text
    assert client.get(f"/carbon/assessments/{row['id']}/report?format=pdf").status_code == 422


def test_dashboard_and_template_download(login: Any) -> None:
    client = login("admin")
    page = client.get("/carbon/dashboard")
    assert page.status_code == 200
    for chart in ("chart-trend", "chart-distribution", "chart-totals"):
        assert f'id="{chart}"' in page.text
    assert "伊利合作牧场（演示）" in page.text and "2023" in page.text
    template = client.get("/carbon/template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_a_company_sees_its_supplier_farms_only(login: Any) -> None:
    yili = login("yili")
    names = {r["farm_name"] for r in yili.get("/api/v1/carbon/assessments").json()["data"]}
    assert {"和林格尔县示范奶牛牧场（演示）", "伊利合作牧场（演示）"} <= names
    mengniu = login("mengniu")
    assert mengniu.get("/api/v1/carbon/assessments").json()["count"] == 0
    row = demo_assessment(yili)
    assert mengniu.get(f"/api/v1/carbon/assessments/{row['id']}").status_code == 404
    assert mengniu.get(f"/carbon/assessments/{row['id']}").status_code == 404


def test_footprint_api(login: Any) -> None:
    client = login("farm")
    response = client.post("/api/v1/carbon/footprint?gwp=AR5", json=CASE_A_JSON)
    assert response.status_code == 200
    assert response.json()["kg_co2e_per_kg_fpcm"] == pytest.approx(
        footprint(FARM, gwp="AR5").kg_co2e_per_kg_fpcm
    )
    bad = {**CASE_A_JSON, "cohorts": [{**CASE_A_JSON["cohorts"][0], "fat_percent": 35}]}
    refused = client.post("/api/v1/carbon/footprint", json=bad, headers={"Accept-Language": "en"})
    assert refused.status_code == 422
    body = refused.json()
    assert body["params"]["field"] == "cohorts[0].fat_percent"
    assert "cohorts[0].fat_percent" in body["message"] and "35" in body["message"]


def test_bank_has_no_carbon_pages(login: Any) -> None:
    bank = login("bank")
    assert bank.get("/carbon").status_code == 403
    assert 'href="/carbon"' not in bank.get("/").text


def test_an_upload_over_the_size_limit_is_refused(login: Any) -> None:
    client = login("farm")
    token = csrf_from(client.get("/carbon").text)
    too_big = b"PK" + b"\0" * (64 * 1024)  # the test app's limit is 64 KiB
    response = client.post(
        "/carbon/upload",
        data={"csrf_token": token},
        files={"workbook": ("farm.xlsx", too_big, "application/octet-stream")},
    )
    assert response.status_code == 413


def test_a_stored_year_is_the_starting_point_of_a_new_one(login: Any) -> None:
    client = login("farm")
    row = demo_assessment(client)
    page = client.get(f"/carbon/new?from={row['id']}")
    assert page.status_code == 200
    assert 'value="和林格尔县示范奶牛牧场（演示）"' in page.text
    assert 'id="f-cohorts-1-head" value="18"' in page.text
    mengniu = login("mengniu")
    assert mengniu.get(f"/carbon/new?from={row['id']}").status_code == 404


def test_stored_inputs_download_as_a_workbook_that_reads_back(login: Any) -> None:
    client = login("yili")
    row = demo_assessment(client)
    response = client.get(f"/carbon/assessments/{row['id']}/inputs.xlsx")
    assert response.status_code == 200
    stored = client.get(f"/api/v1/carbon/assessments/{row['id']}").json()["inputs"]
    assert read_farm_workbook(response.content) == parse_farm(stored)


def test_centre_staff_may_enter_a_farm_for_a_farm_the_centre_serves(login: Any) -> None:
    admin = login("admin")
    page = admin.get("/carbon/new")
    assert 'id="f-owner_org"' in page.text
    farm_org = re.search(
        r'<option value="(\d+)"[^>]*>和林格尔县示范奶牛牧场（演示）</option>', page.text
    )
    assert farm_org
    fields = {**form_fields(CASE_A_JSON), "farm_name": "代录牧场", "owner_org": farm_org.group(1)}
    response = post_form(admin, fields)
    assert response.status_code == 303
    farm_user = login("farm")
    names = {r["farm_name"] for r in farm_user.get("/api/v1/carbon/assessments").json()["data"]}
    assert "代录牧场" in names
    # The farm user has no choice of owner, and cannot pick another organisation by hand.
    assert 'id="f-owner_org"' not in farm_user.get("/carbon/new").text
    other = {**fields, "farm_name": "越权牧场", "owner_org": "1"}
    assert post_form(farm_user, other).status_code == 404


class _FormFields(HTMLParser):
    """The name/value pairs a browser would submit for the page's #farm-form."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._inside = attributes.get("id") == "farm-form"
        name = attributes.get("name") if self._inside else None
        if tag == "input" and name and attributes.get("type") != "file":
            self.fields[name] = attributes.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields[self._select] = attributes.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "form":
            self._inside = False


def test_a_farm_opened_in_the_form_keeps_every_value_when_submitted(login: Any) -> None:
    """The example farm has values the form shows no input for (mature weight, age band …)."""
    client = login("farm")
    page = client.get("/carbon/new?example=1")
    parser = _FormFields()
    parser.feed(page.text)
    farm, problems = check_farm(nest_form(parser.fields.items()))
    assert not problems
    example = read_farm_json(
        Path(__file__).resolve().parents[2]
        / "src/ipcenter/data/carbon/examples/inner_mongolia_housed.json"
    )
    assert farm == example
