"""`ipcenter patents show NUMBER --json` finds an ingested record in the common spellings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipcenter.cli import app
from tests.ingest.helpers import cn_record, write_lines
from tests.ingest.test_cli_ingest import cli  # noqa: F401 - the fixture

# US 8,930,553 B2: the example of shared/reference/notes/registry_stats.md (publication number,
# CPC G06F 15/16); the application number is an invented but well-formed one.
US_RECORD = {
    "jurisdiction": "US",
    "application_number": "13/657,122",
    "filing_date": "2012-10-22",
    "publications": [{"number": "US 8,930,553 B2", "date": "2015-01-06"}],
    "grant_date": "2015-01-06",
    "titles": {"en": "A title"},
    "abstracts": {"en": "An abstract."},
    "claims": {"en": ["1. A thing.", "2. The thing of claim 1."]},
    "parties": [
        {"role": "applicant", "name": "Example Corp."},
        {"role": "inventor", "name": "Jane Doe"},
    ],
    "cpc": ["G06F15/16"],
    "citations": [
        {"type": "patent", "number": "US7000000B1"},
        {"type": "npl", "text": "Some paper, 2010."},
    ],
}
SHOW_KEYS = {
    "publication_number",
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
}


@pytest.fixture
def loaded(cli: CliRunner, tmp_path: Path) -> CliRunner:  # noqa: F811
    path = write_lines(tmp_path / "r.tjsonl", [US_RECORD, cn_record(1)])
    result = cli.invoke(app, ["ingest", str(path), "--json"])
    assert json.loads(result.stdout)["inserted"] == 2
    return cli


@pytest.mark.parametrize("number", ["US 8,930,553 B2", "US08930553", "US8930553B2", "US8930553"])
def test_us_spellings(loaded: CliRunner, number: str) -> None:
    result = loaded.invoke(app, ["patents", "show", number, "--json"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert set(record) >= SHOW_KEYS
    assert record["publication_number"] == "US8930553B2" and record["kind"] == "B2"
    assert record["application_number"] == "13657122"
    assert record["cpc"] == ["G06F 15/16"]
    assert [c["type"] for c in record["citations"]] == ["patent", "npl"]
    assert record["claims"] == ["1. A thing.", "2. The thing of claim 1."]
    assert record["inventors"] == ["Jane Doe"] and record["applicants"] == ["Example Corp."]
    assert record["filing_date"] == "2012-10-22" and record["grant_date"] == "2015-01-06"


def test_cn_publication_number(loaded: CliRunner) -> None:
    result = loaded.invoke(app, ["patents", "show", "CN117000001A", "--json"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["publication_number"] == "CN117000001A" and record["type"] == "invention"


def test_a_record_without_application_number_is_shown(loaded: CliRunner, tmp_path: Path) -> None:
    google_like = {
        "jurisdiction": "CN",
        "publications": [{"number": "CN117834529A", "date": "2024-04-05"}],
        "titles": {"zh": "一种示例"},
    }
    loaded.invoke(app, ["ingest", str(write_lines(tmp_path / "g.tjsonl", [google_like]))])
    result = loaded.invoke(app, ["patents", "show", "CN117834529A", "--json"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["application_number"] is None and record["type"] == "invention"
