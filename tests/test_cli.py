"""The command line: one JSON document on stdout with --json, errors on stderr, exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from ipcenter.cli import app
from ipcenter.core.db import get_engine
from ipcenter.core.settings import get_settings


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[str]:
    """Point the CLI at a fresh database for one test."""
    monkeypatch.setenv("IPCENTER_DATABASE_URL", database_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield database_url
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def run_json(runner: CliRunner, *args: str) -> tuple[int, object]:
    result = runner.invoke(app, [*args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_valid_number(runner: CliRunner) -> None:
    code, data = run_json(runner, "rights", "check-number", "202310104843.5")
    assert code == 0
    assert isinstance(data, dict)
    assert data["valid"] is True and data["normalised"] == "202310104843.5"


def test_invalid_check_digit_names_the_expected_digit(runner: CliRunner) -> None:
    # shared/reference/notes/registry_stats.md §4.2: 202310123456 has check digit 6, not 7.
    code, data = run_json(runner, "rights", "check-number", "202310123456.7")
    assert code != 0
    assert isinstance(data, dict)
    assert data["valid"] is False and data["expected_check_digit"] == "6"


def test_human_message_for_a_bad_number_in_chinese(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rights", "check-number", "202310123456.7", "--lang", "zh_CN"])
    assert result.exit_code == 1
    assert "6" in result.stdout


def test_demo_load_is_idempotent_and_patents_show(runner: CliRunner, store: str) -> None:
    code, first = run_json(runner, "demo", "load")
    assert code == 0 and isinstance(first, dict) and first["loaded"] is True
    assert first["patents"] >= 30
    code, second = run_json(runner, "demo", "load")
    assert code == 0 and isinstance(second, dict) and second["loaded"] is False
    code, us = run_json(runner, "patents", "show", "US 8,926,509")
    assert code == 0 and isinstance(us, dict)
    assert us["publication_number"].startswith("US8926509")
    for key in (
        "kind",
        "jurisdiction",
        "type",
        "application_number",
        "filing_date",
        "publication_date",
        "grant_date",
        "priority_claims",
        "title",
        "abstract",
        "claims",
        "applicants",
        "owners",
        "inventors",
        "ipc",
        "cpc",
        "citations",
        "legal_events",
        "status",
    ):
        assert key in us


def test_unknown_patent_is_an_error_on_stderr(runner: CliRunner, store: str) -> None:
    result = runner.invoke(app, ["patents", "show", "CN999999999A", "--json", "--lang", "en"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(result.stderr)["error"] == "rights.patent_not_found"


def test_users_create(runner: CliRunner, store: str) -> None:
    runner.invoke(app, ["demo", "load"])
    result = runner.invoke(
        app,
        [
            "users",
            "create",
            "wang",
            "--org",
            "yili",
            "--role",
            "company",
            "--password-stdin",
            "--json",
        ],
        input="long enough secret\n",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["role"] == "company"
    again = runner.invoke(
        app,
        [
            "users",
            "create",
            "wang",
            "--org",
            "yili",
            "--role",
            "company",
            "--password-stdin",
            "--lang",
            "en",
        ],
        input="long enough secret\n",
    )
    assert again.exit_code == 1 and "already exists" in again.stderr
    bad_role = runner.invoke(
        app,
        [
            "users",
            "create",
            "li",
            "--org",
            "yili",
            "--role",
            "boss",
            "--password-stdin",
            "--lang",
            "zh_CN",
        ],
        input="long enough\n",
    )
    assert (
        bad_role.exit_code == 1 and "role" in bad_role.stderr and "应为以下之一" in bad_role.stderr
    )


def test_an_unmigrated_store_is_named_as_the_cause(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("IPCENTER_DATABASE_URL", f"sqlite:///{tmp_path}/empty.db")
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        result = runner.invoke(app, ["patents", "show", "CN117834529A", "--json", "--lang", "en"])
    finally:
        get_engine().dispose()
        get_settings.cache_clear()
        get_engine.cache_clear()
    assert result.exit_code == 1
    error = json.loads(result.stderr)
    assert error["error"] == "configuration_error"
    assert "ipcenter db upgrade" in error["message"]


def test_an_unknown_language_is_refused_naming_the_option() -> None:
    result = CliRunner().invoke(app, ["rights", "check-number", "202310104843.5", "--lang", "fr"])
    assert result.exit_code == 1
    assert "lang" in result.stderr and "fr" in result.stderr and "zh_CN" in result.stderr


def test_lang_holds_for_one_command_only(runner: CliRunner) -> None:
    from ipcenter.core.i18n import current_language

    before = current_language.get()
    english = runner.invoke(app, ["rights", "check-number", "202310123456.7", "--lang", "en"])
    assert "check digit" in english.output.lower() or "check digit" in english.stderr.lower()
    assert current_language.get() == before  # the next caller does not inherit "en"
