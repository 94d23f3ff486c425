"""Search as a person uses it, in headless Chromium: query → results → feedback → record."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from ipcenter import search
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def lexical_index(app: Any, tmp_path: Path) -> Iterator[None]:
    previous = getattr(app.state, "search_index", None)
    app.state.search_index = search.open_index(tmp_path / "index", embedder=None)
    yield
    app.state.search_index = previous


def test_search_feedback_and_open_the_record(page: Any, lexical_index: None) -> None:
    log_in(page, "yili")  # a company user, Chinese interface, sees its own records
    page.click("#nav-search")
    expect(page.locator("h1")).to_have_text("现有技术与自由实施（FTO）检索")
    page.fill("#search-q", "milk beverage")
    page.click("#search-submit")
    expect(page).to_have_url(re.compile(r"q=milk"))
    hits = page.locator("#results .hit")
    expect(hits.first).to_be_visible()
    assert hits.count() >= 2
    expect(hits.first.locator("mark").first).to_be_visible()
    first_id = hits.first.get_attribute("data-id")
    # "不相关": the result goes away and the search is re-run with the mark.
    hits.first.locator(".feedback-irrelevant").click()
    expect(page).to_have_url(re.compile(r"irrelevant=patent"))
    expect(page.locator(f'#results .hit[data-id="{first_id}"]')).to_have_count(0)
    expect(page.locator(".toolbar").first).to_contain_text("已按 1 个标记优化")
    # "相关" on the new first result keeps both marks.
    second_id = page.locator("#results .hit").first.get_attribute("data-id")
    page.locator("#results .hit").first.locator(".feedback-relevant").click()
    expect(page).to_have_url(re.compile(r"relevant=patent"))
    expect(page.locator(".toolbar").first).to_contain_text("已按 2 个标记优化")
    expect(page.locator(f'#results .hit[data-id="{second_id}"]')).to_have_count(1)
    page.locator(f'#results .hit[data-id="{second_id}"] .hit-link').click()
    expect(page).to_have_url(re.compile(r"/rights/patents/\d+$"))
