"""The shipped demo set: real where it can be, invented values flagged, loadable, idempotent."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipcenter.accounts import Organisation
from ipcenter.demo import load_demo
from ipcenter.rights import Patent

RECORD_FILES = ("patents.json", "trademarks.json", "geographical_indications.json")


def read(name: str) -> list[dict[str, Any]]:
    path = resources.files("ipcenter") / "data" / "demo" / name
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@pytest.mark.parametrize("name", RECORD_FILES)
def test_every_record_says_whether_and_what_is_invented(name: str) -> None:
    for record in read(name):
        assert record["source"], record
        assert bool(record["demo"]) == bool(record["demo_fields"]), record["source"]


def test_real_reference_records_are_used() -> None:
    sources = " ".join(r["source"] for r in read("patents.json"))
    assert sources.count("cn_dairy_patents.jsonl") >= 20
    assert "uspto" in sources.lower()


def test_companies_each_have_records_of_their_own() -> None:
    owners = [r["org"] for r in read("patents.json")]
    for company in ("yili", "mengniu", "caoyuan"):
        assert owners.count(company) >= 4


def test_loading_twice_changes_nothing(session: Session) -> None:
    first = load_demo(session)
    session.commit()
    assert first.loaded and first.patents == len(read("patents.json"))
    second = load_demo(session)
    session.commit()
    assert not second.loaded
    assert session.scalar(select(func.count()).select_from(Patent)) == first.patents
    assert session.scalar(select(func.count()).select_from(Organisation)) == first.organisations


def test_demo_records_are_marked_in_the_ui(client: TestClient) -> None:
    from tests.conftest import log_in

    log_in(client, "admin")
    rows = client.get("/api/v1/rights/patents", params={"page_size": "500"}).json()["data"]
    demo = next(r for r in rows if r["is_demo"])
    real = next(r for r in rows if not r["is_demo"])
    page = client.get(f"/rights/patents/{demo['id']}").text
    assert "badge demo" in page and "演示记录。以下内容为虚构" in page
    invented = client.get(f"/api/v1/rights/patents/{demo['id']}").json()["demo_fields"]
    assert invented
    if "filing_date" in invented:
        assert "申请日" in page.split('id="demo-notice"')[1].split("</p>")[0]
    page = client.get(f"/rights/patents/{real['id']}").text
    assert "badge demo" not in page and "demo-notice" not in page
