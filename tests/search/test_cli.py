"""`ipcenter search`: query --json shape, reindex, add-documents with bad lines, errors."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from ipcenter import search
from ipcenter.cli import app
from ipcenter.core.db import get_engine
from ipcenter.core.settings import get_settings
from ipcenter.rights import PatentIn
from tests.search.conftest import add, patent


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path, orgs: dict[str, int]
) -> Iterator[CliRunner]:
    monkeypatch.setenv("IPCENTER_DATABASE_URL", database_url)
    monkeypatch.setenv("IPCENTER_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("IPCENTER_EMBEDDER", "none")
    get_settings.cache_clear()
    get_engine.cache_clear()
    search.forget_indexes()
    yield CliRunner()
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()
    search.forget_indexes()


def test_reindex_then_query_json(cli: CliRunner, engine: Engine, orgs: dict[str, int]) -> None:
    add(
        engine,
        orgs["centre"],
        patent("US9100001B2", title="yak butter churn", filing=dt.date(2016, 3, 2)),
        patent("US9100002B2", title="yak butter churn paddle", filing=dt.date(2019, 3, 2)),
    )
    result = cli.invoke(app, ["search", "reindex", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 2
    result = cli.invoke(app, ["search", "query", "yak butter churn", "--json", "--k", "5"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]
    assert {r["publication_number"] for r in rows} == {"US9100001B2", "US9100002B2"}
    for key in ("publication_number", "family_id", "title", "score", "lexical_score"):
        assert all(key in r for r in rows)
    assert all("dense_score" in r and "passage" in r for r in rows)
    # Published 540 days after filing (conftest): 2016-03-02 + 540 d = 2017-08-24; the 2019
    # filing is published in 2020, so a 2018 cut-off keeps the first only.
    result = cli.invoke(app, ["search", "query", "yak", "--before", "2018-01-01", "--json"])
    assert [r["publication_number"] for r in json.loads(result.stdout)["results"]] == [
        "US9100001B2"
    ]


def test_bad_option_names_the_field(cli: CliRunner) -> None:
    result = cli.invoke(app, ["search", "query", "milk", "--ipc", "dairy", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stderr)["params"]["field"] == "ipc"


def test_add_documents_reports_bad_lines(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "npl.jsonl"
    path.write_text(
        json.dumps({"id": 1, "title": "Kumis starter cultures", "text": "mare milk"})
        + "\n"
        + json.dumps({"id": 2, "title": "bad date", "date": "May 2019"})
        + "\n",
        encoding="utf-8",
    )
    result = cli.invoke(app, ["search", "add-documents", str(path), "--json", "--org", "centre"])
    assert result.exit_code == 1  # a line was rejected
    data = json.loads(result.stdout)
    assert (data["read"], data["inserted"]) == (2, 1)
    assert [(e["line"], e["field"]) for e in data["rejected"]] == [(2, "date")]
    result = cli.invoke(app, ["search", "query", "kumis", "--kind", "npl", "--json"])
    rows = json.loads(result.stdout)["results"]
    assert [r["kind"] for r in rows] == ["npl"] and rows[0]["title"] == "Kumis starter cultures"


def test_add_documents_rejections_in_chinese(cli: CliRunner, tmp_path: Path) -> None:
    """QA-Q7: the Chinese interface reports rejected lines in Chinese (catalogue entries
    "line {line}: {message}" → "第 {line} 行：…", "is not valid JSON" → "不是有效的 JSON")."""
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "title": "t", "text": "x"}\nnot json\n', encoding="utf-8")
    result = cli.invoke(app, ["search", "add-documents", str(path), "--lang", "zh_CN"])
    assert result.exit_code == 1
    assert "第 2 行：line 的值无效：不是有效的 JSON" in result.stdout
    assert "line 2" not in result.stdout


def test_k_zero_is_refused_and_npl_rows_show_their_own_id(cli: CliRunner, tmp_path: Path) -> None:
    """QA-Q8: ``--k 0`` was taken as "the default 20"; NPL rows were headed ``npl:1``."""
    result = cli.invoke(app, ["search", "query", "whey", "--k", "0", "--lang", "en"])
    assert result.exit_code != 0
    assert "must be between 1 and 200" in result.output
    path = tmp_path / "npl.jsonl"
    path.write_text('{"id": "npl-7", "title": "whey review", "text": "whey"}\n', encoding="utf-8")
    assert cli.invoke(app, ["search", "add-documents", str(path)]).exit_code == 0
    result = cli.invoke(app, ["search", "query", "whey review", "--lang", "en"])
    assert result.exit_code == 0
    assert "  1. npl-7  whey review" in result.stdout and "npl:" not in result.stdout


def test_help_texts_are_not_eaten_by_markup(cli: CliRunner) -> None:
    add_help = cli.invoke(app, ["search", "add-documents", "--help"]).stdout
    assert "optional date, lang" in " ".join(add_help.split())
    query_help = cli.invoke(app, ["search", "query", "--help"]).stdout
    assert "``" not in query_help


def test_query_text_says_what_the_cut_off_left_out(
    cli: CliRunner, engine: Engine, orgs: dict[str, int]
) -> None:
    add(
        engine,
        orgs["centre"],
        patent("US9100003B2", title="kefir grain sieve", filing=dt.date(2016, 3, 2)),
        PatentIn.model_validate(  # no filing, publication or grant date
            {
                "jurisdiction": "US",
                "type": "invention",
                "application_number": "16100004",
                "publications": [{"number": "US9100004B2"}],
                "titles": {"en": "kefir grain sieve"},
            }
        ),
    )
    assert cli.invoke(app, ["search", "reindex"]).exit_code == 0
    result = cli.invoke(app, ["search", "query", "kefir sieve", "--before", "2018-01-01"])
    assert result.exit_code == 0, result.output
    first, second = result.stdout.splitlines()[:2]
    assert first == "因无公开日而未按日期截止列入：1 条"  # the CLI speaks Chinese by default
    assert "US9100003B2" in second
    english = cli.invoke(
        app, ["search", "query", "kefir", "--before", "2018-01-01", "--lang", "en"]
    )
    assert english.stdout.startswith(
        "Left out by the date cut-off for lack of a publication date: 1"
    )
