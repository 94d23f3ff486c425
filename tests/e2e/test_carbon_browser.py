"""The carbon calculator as a farm user works with it, in headless Chromium."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

# Case A of the research notes (carbon.md section 3.2), typed field by field.
CASE_A_FIELDS = {
    "#f-farm_name": "浏览器测试牧场",
    "#f-year": "2024",
    "#f-cohorts-0-label": "泌乳牛",
    "#f-cohorts-0-head": "100",
    "#f-cohorts-0-body_weight_kg": "600",
    "#f-cohorts-0-milk_kg_day": "25.825",
    "#f-cohorts-0-fat_percent": "3.5",
    "#f-cohorts-0-protein_percent": "3.2",
    "#f-cohorts-0-pregnant_share": "1",
    "#f-cohorts-0-de_percent": "70",
    "#f-cohorts-0-ym_percent": "6.5",
    "#f-cohorts-0-manure-0-share": "1",
    "#f-energy-diesel_kg": "1000",
    "#f-energy-electricity_kwh": "50000",
    "#f-sales-milk_sold_kg": "942612",
    "#f-sales-milk_fat_percent": "3.5",
    "#f-sales-milk_protein_percent": "3.2",
}


def fill_case_a(page: Any) -> None:
    for selector, value in CASE_A_FIELDS.items():
        page.fill(selector, value)
    page.select_option("#f-location-climate_zone", "cool_temperate_dry")
    page.select_option("#f-cohorts-0-manure-0-system", "liquid_slurry")


def test_farm_user_enters_a_farm_compares_scenarios_and_downloads_the_report(page: Any) -> None:
    log_in(page, "farm")
    page.click("#nav-carbon")
    expect(page.locator("h1")).to_have_text("奶牛牧场碳足迹")
    page.click("#new-assessment")
    # A second cohort row appears without a page load (htmx), and can be removed again: a value
    # set on the window survives only if the page was not reloaded.
    page.evaluate("window.notReloaded = true")
    page.click("#add-cohort")
    expect(page.locator("#cohort-1")).to_be_visible()
    page.click("#remove-cohort-1")
    expect(page.locator("#cohort-1")).to_have_count(0)
    assert page.evaluate("window.notReloaded === true")
    fill_case_a(page)
    page.fill("#f-cohorts-0-fat_percent", "35")
    page.click("#compute")
    expect(page.locator("#form-problems")).to_be_visible()
    beside = page.locator("label[for=f-cohorts-0-fat_percent] .field-error")
    expect(beside).to_contain_text("3.5 而不是 35")
    page.fill("#f-cohorts-0-fat_percent", "3.5")
    page.click("#compute")
    expect(page).to_have_url(re.compile(r"/carbon/assessments/\d+$"))
    expect(page.locator("#intensity")).to_have_text(re.compile(r"^\d+\.\d{3}$"))
    expect(page.locator("#chart-sources canvas")).to_have_count(1)
    expect(page.locator("#chart-scopes canvas")).to_have_count(1)
    expect(page.locator("#p50")).to_be_visible()

    page.click("#link-scenarios")
    expect(page.locator("#scenario-table")).to_be_visible()
    expect(page.locator("#scenario-3nop")).to_contain_text("3-NOP")
    expect(page.locator("#chart-scenarios canvas")).to_have_count(1)
    page.click("#back-to-result")

    with page.expect_download() as info:
        page.click("#download-docx")
    download = info.value
    assert download.suggested_filename.endswith("-zh_CN.docx")
    assert download.path().read_bytes()[:2] == b"PK"

    page.click("#lang-switch")
    expect(page.locator("#link-scenarios")).to_have_text("Compare scenarios")
    with page.expect_download() as info:
        page.click("#download-html")
    html = info.value.path().read_text(encoding="utf-8")
    assert "Product carbon footprint report" in html
    page.click("#lang-switch")
    expect(page.locator("#link-scenarios")).to_have_text("情景对比")


def test_centre_dashboard_shows_the_demo_farms(page: Any) -> None:
    log_in(page, "admin")
    page.goto("/carbon/dashboard")
    expect(page.locator("h1")).to_have_text("碳足迹看板")
    for chart in ("#chart-trend", "#chart-distribution", "#chart-totals"):
        expect(page.locator(f"{chart} canvas")).to_have_count(1)
    expect(page.locator("#farm-table")).to_contain_text("伊利合作牧场（演示）")
