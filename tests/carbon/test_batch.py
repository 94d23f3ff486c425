"""`ipcenter carbon batch|template|report`: many farms at once, each failure named, never fatal."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from ipcenter.accounts import create_organisation
from ipcenter.carbon import CarbonAssessment, footprint, parse_farm
from ipcenter.cli import app
from ipcenter.core.db import get_engine, transaction
from ipcenter.core.settings import get_settings
from tests.carbon.workbook_helpers import CASE_A_JSON, CASE_A_ROWS, filled_template


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def farms(tmp_path: Path) -> Path:
    """good.json, bad.json (fat 35) and suppliers.xlsx (farm A fine, farm B with head -4)."""
    folder = tmp_path / "farms"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps(CASE_A_JSON), encoding="utf-8")
    bad = json.loads(json.dumps(CASE_A_JSON))
    bad["farm_name"] = "Fat typo farm"
    bad["cohorts"][0]["fat_percent"] = 35
    (folder / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    sheets: dict[str, list[dict[str, Any]]] = {k: list(v) for k, v in CASE_A_ROWS.items()}
    for key, rows in CASE_A_ROWS.items():
        sheets[key] = [*rows, *({**row, "Farm key": "B"} for row in rows)]
    sheets["farm"][1] = {**sheets["farm"][1], "Farm name": "Supplier B"}
    sheets["cohorts"][1] = {**sheets["cohorts"][1], "Head": -4}
    (folder / "suppliers.xlsx").write_bytes(filled_template(sheets))
    (folder / "notes.txt").write_text("not a farm", encoding="utf-8")
    return folder


def test_batch_computes_the_good_farms_and_names_the_bad_ones(
    runner: CliRunner, farms: Path
) -> None:
    result = runner.invoke(app, ["carbon", "batch", str(farms), "--json", "--lang", "en"])
    assert result.exit_code == 1  # some farms failed
    summary = json.loads(result.stdout)
    assert (summary["files"], summary["farms"], summary["computed"], summary["failed"]) == (
        3,
        4,
        2,
        2,
    )
    expected = footprint(parse_farm(CASE_A_JSON), gwp="AR6")
    computed = {(r["file"], r["farm_key"]): r for r in summary["results"]}
    assert set(computed) == {("good.json", ""), ("suppliers.xlsx", "A")}
    for row in computed.values():
        assert row["total_kg_co2e"] == pytest.approx(expected.total_kg_co2e, rel=1e-12)
        assert row["kg_co2e_per_kg_fpcm"] == pytest.approx(expected.kg_co2e_per_kg_fpcm)
    failures = {(f["file"], f["farm_key"]): f for f in summary["failures"]}
    assert "cohorts[0].fat_percent" in failures[("bad.json", "")]["message"]
    supplier_b = failures[("suppliers.xlsx", "B")]
    assert supplier_b["error"] == "carbon.workbook_invalid"
    assert "Sheet 牛群 Cohorts, row 5, column Head (cohorts[0].head): -4" in supplier_b["message"]
    # Progress on stderr, one line per farm, the JSON alone on stdout.
    assert "[1/4]" in result.stderr and "[4/4]" in result.stderr
    assert (
        "#" * 24 + " [4/4]" in result.stderr and "######------------------ [1/4]" in result.stderr
    )
    assert "suppliers.xlsx / B: failed" in result.stderr


def test_batch_writes_an_xlsx_summary(runner: CliRunner, farms: Path) -> None:
    out = farms.parent / "summary.xlsx"
    runner.invoke(app, ["carbon", "batch", str(farms), "--xlsx", str(out), "--lang", "en"])
    sheet = load_workbook(out).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["File", "Farm key", "Farm name", "Year", "Status"]
    status = {(r[0], r[1] or ""): r[4] for r in rows[1:]}
    assert status == {
        ("good.json", ""): "ok",
        ("suppliers.xlsx", "A"): "ok",
        ("bad.json", ""): "failed",
        ("suppliers.xlsx", "B"): "failed",
    }
    expected = footprint(parse_farm(CASE_A_JSON))
    good = next(r for r in rows if r[0] == "good.json")
    assert good[6] == round(expected.kg_co2e_per_kg_fpcm, 4)
    problem = next(r for r in rows if r[1] == "B")[10]
    assert "cohorts[0].head" in problem


def test_batch_writes_a_report_per_computed_farm(runner: CliRunner, farms: Path) -> None:
    folder = farms.parent / "reports"
    result = runner.invoke(
        app, ["carbon", "batch", str(farms), "--reports", str(folder), "--json", "--lang", "en"]
    )
    summary = json.loads(result.stdout)
    assert sorted(p.name for p in folder.iterdir()) == ["good.docx", "suppliers-A.docx"]
    assert {r["report"] for r in summary["results"]} == {str(p) for p in folder.iterdir()}
    document = Document(str(folder / "suppliers-A.docx"))
    assert document.paragraphs[0].text.startswith("Product carbon footprint report")


def test_batch_text_summary_in_chinese(runner: CliRunner, farms: Path) -> None:
    result = runner.invoke(app, ["carbon", "batch", str(farms / "suppliers.xlsx")])
    assert result.exit_code == 1
    assert "共 2 个牧场，已计算 1 个，失败 1 个" in result.stdout
    assert "工作表 牛群 Cohorts，第 5 行，“头数”列" in result.stdout


def test_batch_of_only_good_farms_exits_zero(runner: CliRunner, farms: Path) -> None:
    result = runner.invoke(app, ["carbon", "batch", str(farms / "good.json"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["computed"] == 1


def test_batch_of_a_missing_path_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["carbon", "batch", str(tmp_path / "nope"), "--lang", "en"])
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[str]:
    monkeypatch.setenv("IPCENTER_DATABASE_URL", database_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    with transaction() as session:
        create_organisation(session, key="dairyco", name="乳企", kind="company", actor="test")
    yield database_url
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_batch_saves_the_computed_farms(runner: CliRunner, farms: Path, store: str) -> None:
    result = runner.invoke(
        app, ["carbon", "batch", str(farms), "--save", "--org", "dairyco", "--json"]
    )
    summary = json.loads(result.stdout)
    ids = sorted(r["assessment_id"] for r in summary["results"])
    with transaction() as session:
        stored = session.scalars(select(CarbonAssessment).order_by(CarbonAssessment.id)).all()
        assert [a.id for a in stored] == ids
        assert {a.created_by for a in stored} == {"cli"}
        assert stored[0].inputs == parse_farm(CASE_A_JSON).model_dump(mode="json")


def test_save_needs_an_organisation(runner: CliRunner, farms: Path) -> None:
    result = runner.invoke(app, ["carbon", "batch", str(farms), "--save", "--lang", "en"])
    assert result.exit_code == 1
    assert "--org" in result.stderr


def test_template_command_writes_the_workbook(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "farm.xlsx"
    result = runner.invoke(app, ["carbon", "template", "--lang", "en", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"path": str(out), "lang": "en"}
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(("file_format", "lang"), [("docx", "zh_CN"), ("html", "en")])
def test_report_command(runner: CliRunner, farms: Path, file_format: str, lang: str) -> None:
    out = farms.parent / f"report.{file_format}"
    result = runner.invoke(
        app,
        [
            "carbon",
            "report",
            str(farms / "good.json"),
            "--format",
            file_format,
            "--lang",
            lang,
            "-o",
            str(out),
            "--monte-carlo",
            "200",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    intensity = f"{json.loads(result.stdout)['kg_co2e_per_kg_fpcm']:.3f}"
    if file_format == "docx":
        document = Document(io.BytesIO(out.read_bytes()))
        cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
        assert intensity in cells
        assert document.paragraphs[0].text.startswith("产品碳足迹报告")
    else:
        page = out.read_text(encoding="utf-8")
        assert intensity in page and "Product carbon footprint report" in page


def test_report_refuses_an_unknown_format(runner: CliRunner, farms: Path) -> None:
    result = runner.invoke(
        app,
        [
            "carbon",
            "report",
            str(farms / "good.json"),
            "--format",
            "pdf",
            "-o",
            "x",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 1
    assert "docx, html" in result.stderr
