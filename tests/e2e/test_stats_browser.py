"""The statistics dashboard in headless Chromium: cards, tooltip, charts, drill-down, export."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_dashboard_cards_charts_and_drill_down(page: Any) -> None:
    log_in(page, "admin")
    page.click("#nav-stats")
    page.wait_for_url("**/stats")
    card = page.locator("#card-valid_invention_patents")
    expect(card).to_be_visible()
    expect(card.locator(".tip")).to_be_hidden()
    card.hover()
    expect(card.locator(".tip")).to_be_visible()  # the definition tooltip
    expect(card.locator(".tip")).to_contain_text("第一专利权人")
    # ECharts draws each trend chart into a canvas.
    expect(page.locator("#chart-valid_invention_patents canvas")).to_have_count(1)
    expect(page.locator("#chart-map canvas")).to_have_count(1)  # dot map of the provinces
    # Province → its cities: the demo registry has Inner Mongolia patents.
    page.click("#stats-regions a[href$='region=150000']")
    page.wait_for_url("**region=150000")
    expect(page.locator("#stats-crumbs")).to_contain_text("内蒙古自治区")
    expect(page.locator("#stats-regions")).to_contain_text("呼和浩特市")
    with page.expect_download() as download:
        page.click("#stats-export")
    assert download.value.suggested_filename.endswith(".xlsx")
