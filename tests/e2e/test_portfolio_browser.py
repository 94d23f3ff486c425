"""The deadline dashboard as a company's IP officer uses it, in headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def submit(page: Any, button: str) -> None:
    """Click a workflow button and wait for the page it redirects to (same URL, new state)."""
    with page.expect_navigation(wait_until="load"):
        page.click(button)


def test_dashboard_workflow_ical_and_english(page: Any, tmp_path: Path) -> None:
    log_in(page, "yili")
    page.click("#nav-deadlines")
    expect(page.locator("h1")).to_have_text("期限看板")
    for bucket in ("overdue", "due_30", "due_90"):
        expect(page.locator(f"#bucket-{bucket}")).to_be_visible()
    overdue = page.locator("#bucket-overdue tbody tr:has(.deadline-link)")
    expect(page.locator("#count-overdue .num")).to_have_text(str(overdue.count()))

    # Open a deadline still to act on and walk it through the renewal workflow.
    page.locator("tr:has(.state-open) a.deadline-link").first.click()
    expect(page).to_have_url(re.compile(r"/portfolio/deadlines/\d+$"))
    expect(page.locator("#explanation #steps li").first).to_be_visible()
    expect(page.locator("#deadline-state")).to_have_text("待处理")
    page.fill("#reminded-whom", "电话通知知识产权部")
    submit(page, "#do-remind")
    expect(page.locator("#deadline-state")).to_have_text("已提醒")
    expect(page.locator("#reminders tbody")).to_contain_text("电话通知知识产权部")
    submit(page, "#do-instruct_pay")
    expect(page.locator("#deadline-state")).to_have_text("已指示")
    page.fill("#receipt-number", "ZL-RCPT-0001")
    submit(page, "#do-pay")
    expect(page.locator("#deadline-state")).to_have_text("已缴费")
    expect(page.locator("#receipt")).to_have_text("ZL-RCPT-0001")
    submit(page, "#do-close")
    expect(page.locator("#deadline-state")).to_have_text("已结案")
    expect(page.locator("#workflow form")).to_have_count(0)

    # The calendar file of the dashboard.
    page.goto("/portfolio/deadlines")
    with page.expect_download() as download_info:
        page.click("#ical-link")
    target = tmp_path / "deadlines.ics"
    download_info.value.save_as(target)
    body = target.read_bytes()
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and b"BEGIN:VEVENT\r\n" in body
    assert "年费".encode() in body

    page.click("#lang-switch")
    expect(page.locator("h1")).to_have_text("Deadline dashboard")
    expect(page.locator("#bucket-overdue h2")).to_have_text("Overdue")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_have_text("期限看板")


def test_forecast_chart_renders(page: Any) -> None:
    log_in(page, "admin")
    page.click("#nav-forecast")
    expect(page.locator("h1")).to_have_text("费用预测")
    expect(page.locator("#chart-forecast-CNY canvas")).to_have_count(1)
    page.fill("#filter-years", "3")
    page.click("#apply-org")
    expect(page.locator("#forecast-table-CNY thead th")).to_have_count(4)
