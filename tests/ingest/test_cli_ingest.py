"""`ipcenter ingest`: a path or a subcommand after `ingest`, one JSON document with --json."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from ipcenter.cli import app
from ipcenter.core.db import get_engine
from ipcenter.core.settings import get_settings
from tests.ingest.helpers import cn_record, write_lines

SUMMARY_KEYS = {"run_id", "org_id", "status", "files", "read", "inserted", "updated"}
SUMMARY_KEYS |= {"unchanged", "quarantined"}
FILE_KEYS = {"path", "member", "format", "status", "read", "inserted", "updated", "unchanged"}
FILE_KEYS |= {"quarantined", "error", "message"}


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    engine: Engine,
    centre: int,
    test_reader: None,
) -> Iterator[CliRunner]:
    monkeypatch.setenv("IPCENTER_DATABASE_URL", database_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield CliRunner()
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def invoke_json(cli: CliRunner, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = cli.invoke(app, [*args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_ingest_a_path_prints_the_summary(cli: CliRunner, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "a.tjsonl", [cn_record(1), cn_record(2), "broken"])
    code, summary = invoke_json(cli, "ingest", str(path))
    assert code == 0
    assert set(summary) >= SUMMARY_KEYS
    (item,) = summary["files"]
    assert set(item) >= FILE_KEYS
    assert (item["read"], item["inserted"], item["quarantined"]) == (3, 2, 1)
    code, again = invoke_json(cli, "ingest", "--format", "test-jsonl", str(path))
    assert code == 0 and again["unchanged"] == 2 and again["inserted"] == 0


def test_runs_and_quarantine_subcommands(cli: CliRunner, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "q.tjsonl", ["broken line", cn_record(1)])
    cli.invoke(app, ["ingest", str(path), "--json"])
    code, quarantine = invoke_json(cli, "ingest", "quarantine")
    assert code == 0 and quarantine["count"] == 1
    (row,) = quarantine["data"]
    assert row["raw"] == "broken line" and row["line"] == 1 and row["file"] == str(path)
    assert row["message"] and row["reason"] == "not JSON"
    code, runs = invoke_json(cli, "ingest", "runs")
    assert code == 0 and runs["count"] == 1
    run_id = runs["data"][0]["run_id"]
    assert runs["data"][0]["files"][0]["inserted"] == 1
    code, only = invoke_json(cli, "ingest", "quarantine", "--run", str(run_id))
    assert code == 0 and only["count"] == 1
    result = cli.invoke(app, ["ingest", "quarantine", "--run", "999", "--json"])
    assert result.exit_code == 1 and json.loads(result.stderr)["error"] == "not_found"


def test_human_summary_and_progress_free_output(cli: CliRunner, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "h.tjsonl", [cn_record(1)])
    result = cli.invoke(app, ["ingest", str(path), "--lang", "en"])
    assert result.exit_code == 0
    assert "1 read, 1 inserted, 0 updated, 0 unchanged, 0 quarantined" in result.stdout


def test_unknown_format_option_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "x.tjsonl", [cn_record(1)])
    result = cli.invoke(app, ["ingest", str(path), "--format", "nonsense", "--json"])
    assert result.exit_code == 1
    error = json.loads(result.stderr)
    assert error["params"]["field"] == "format" and "test-jsonl" in error["params"]["allowed"]


def test_a_file_of_unknown_format_fails_the_command_and_names_it(
    cli: CliRunner, tmp_path: Path
) -> None:
    strange = tmp_path / "strange.bin"
    strange.write_bytes(b"\x00\x01")
    good = write_lines(tmp_path / "g.tjsonl", [cn_record(1)])
    result = cli.invoke(app, ["ingest", str(strange), str(good), "--json", "--lang", "en"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["inserted"] == 1 and summary["status"] == "failed"
    assert "strange.bin" in result.stderr and "--format" in result.stderr


def test_org_option(cli: CliRunner, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "o.tjsonl", [cn_record(1)])
    result = cli.invoke(app, ["ingest", str(path), "--org", "nobody", "--json"])
    assert result.exit_code == 1 and json.loads(result.stderr)["error"] == "not_found"
    code, summary = invoke_json(cli, "ingest", str(path), "--org", "centre")
    assert code == 0 and summary["inserted"] == 1


def test_ingest_help_lists_the_subcommands(cli: CliRunner) -> None:
    result = cli.invoke(app, ["ingest", "--help"])
    assert result.exit_code == 0
    assert "quarantine" in result.stdout and "runs" in result.stdout


def test_without_org_and_without_a_single_centre_the_org_is_asked_for(
    cli: CliRunner, engine: Engine, tmp_path: Path
) -> None:
    from ipcenter.accounts import create_organisation
    from ipcenter.core.db import transaction

    with transaction(engine) as session:
        create_organisation(session, key="centre2", name="第二中心", kind="centre", actor="t")
    path = write_lines(tmp_path / "n.tjsonl", [cn_record(1)])
    result = cli.invoke(app, ["ingest", str(path), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stderr)["params"]["field"] == "org"
    code, summary = invoke_json(cli, "ingest", str(path), "--org", "centre2")
    assert code == 0 and summary["inserted"] == 1
