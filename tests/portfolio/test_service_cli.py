"""`ipcenter portfolio deadlines | explain | remind | refresh`: one JSON document with --json."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from sqlalchemy import Engine
from typer.testing import CliRunner

from ipcenter.cli import app
from ipcenter.core.db import get_engine, transaction
from ipcenter.core.settings import get_settings
from tests.portfolio.deadline_registry import build_registry


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, database_url: str, engine: Engine
) -> Iterator[typer.Typer]:
    """The `ipcenter` command line on a registry in a fresh database."""
    with transaction(engine) as session:
        build_registry(session)
    monkeypatch.setenv("IPCENTER_DATABASE_URL", database_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield app
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def run(group: typer.Typer, *args: str) -> tuple[int, Any, str]:
    result = CliRunner().invoke(group, ["portfolio", *args])
    return result.exit_code, result.stdout, result.stderr


def test_deadlines_json_lists_the_due_fee(cli: typer.Typer) -> None:
    code, out, _ = run(
        cli,
        "deadlines",
        "--org",
        "yili",
        "--as-of",
        "2027-01-15",
        "--until",
        "2027-06-30",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2027-01-15" and data["until"] == "2027-06-30"
    fee = next(row for row in data["data"] if row["key"] == "CN-annual_fee-year-8")
    assert fee["due_date"] == "2027-03-12" and fee["payable_fee"] == 2000
    assert fee["currency"] == "CNY" and fee["state"] == "open"
    assert fee["right_number"] == "202010123456.2"
    assert data["buckets"]["due_90"] >= 1


def test_explain_json_gives_rule_trigger_arithmetic_and_sources(cli: typer.Typer) -> None:
    _, out, _ = run(
        cli,
        "deadlines",
        "--org",
        "yili",
        "--as-of",
        "2027-01-15",
        "--until",
        "2027-06-30",
        "--json",
    )
    fee = next(r for r in json.loads(out)["data"] if r["key"] == "CN-annual_fee-year-8")
    code, out, _ = run(cli, "explain", str(fee["id"]), "--as-of", "2027-01-15", "--json")
    assert code == 0
    detail = json.loads(out)
    why = detail["explanation"]
    assert why["trigger_event"] == "filing" and why["trigger_date"] == "2020-03-12"
    assert why["rule_id"] and why["steps"] and why["sources"]
    code, human, _ = run(cli, "explain", str(fee["id"]), "--as-of", "2027-01-15", "--lang", "en")
    assert code == 0 and "2020-03-12" in human and "Sources:" in human


def test_unknown_deadline_and_bad_date_are_errors_on_stderr(cli: typer.Typer) -> None:
    code, out, err = run(cli, "explain", "999999", "--json")
    assert code == 1 and out == ""
    assert json.loads(err)["error"] == "portfolio.deadline_not_found"
    code, out, err = run(cli, "deadlines", "--until", "2027-13-01", "--lang", "en")
    assert code == 1 and out == "" and "until" in err


def test_remind_dry_run_and_refresh(cli: typer.Typer) -> None:
    code, out, _ = run(
        cli, "remind", "--days", "30", "--dry-run", "--as-of", "2027-02-20", "--json"
    )
    assert code == 0
    report = json.loads(out)
    assert report["dry_run"] is True and report["sent"] == 0
    assert len(report["without_recipient"]) == 1  # the registry has no users with e-mail
    code, out, _ = run(cli, "refresh", "--as-of", "2027-02-20", "--json")
    assert code == 0 and json.loads(out)["rights_refreshed"] == 0
    code, out, _ = run(cli, "refresh", "--as-of", "2027-02-20", "--force", "--json")
    assert code == 0 and json.loads(out)["rights_refreshed"] == 3
