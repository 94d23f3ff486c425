"""The registry as a person uses it, in headless Chromium."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_login_shows_the_dashboard_in_chinese(page: Any) -> None:
    log_in(page, "admin")
    expect(page.locator("h1")).to_have_text("首页")
    expect(page.locator("#chart-filings canvas")).to_have_count(1)


def test_switch_language_and_back(page: Any) -> None:
    log_in(page, "admin")
    page.goto("/rights/patents")
    expect(page.locator("h1")).to_have_text("专利登记簿")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_have_text("Patent registry")
    page.reload()
    expect(page.locator("h1")).to_have_text("Patent registry")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_have_text("专利登记簿")


def test_filter_the_registry_and_open_a_detail_page(page: Any) -> None:
    log_in(page, "admin")
    page.goto("/rights/patents")
    all_rows = page.locator("#patent-table tbody tr").count()
    page.select_option("#filter-type", "design")
    page.click("#apply-filters")
    expect(page).to_have_url(re.compile(r"type=design"))
    rows = page.locator("#patent-table tbody tr")
    assert 0 < rows.count() < all_rows
    for text in rows.locator("td:nth-child(3)").all_inner_texts():
        assert text == "外观设计"
    rows.first.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/rights/patents/\d+$"))
    expect(page.locator("#legal-events")).to_be_visible()


def test_applicant_filter_finds_only_that_applicant(page: Any) -> None:
    log_in(page, "analyst")
    page.goto("/rights/patents")
    page.fill("#filter-applicant", "蒙牛")
    page.click("#apply-filters")
    cells = page.locator("#patent-table tbody td:nth-child(4)").all_inner_texts()
    assert cells and all("蒙牛" in c or "Mengniu" in c for c in cells)


def test_company_user_gets_404_for_another_companys_record(
    page: Any, browser: Any, live_server: str
) -> None:
    log_in(page, "admin")
    page.goto("/rights/patents?applicant=蒙牛")
    href = page.locator("#patent-table tbody tr a").first.get_attribute("href")
    assert href
    other = browser.new_context(base_url=live_server, locale="zh-CN")
    yili = other.new_page()
    log_in(yili, "yili")
    response = yili.goto(href)
    assert response is not None and response.status == 404
    expect(yili.locator("#error-message")).to_contain_text("未找到")
    other.close()
