"""`ipcenter carbon ...`: one JSON document on stdout with --json, errors on stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ipcenter.cli import app
from tests.carbon.farms import CASE_A, case_a_cohort
from tests.carbon.workbook_helpers import CASE_A_ROWS, filled_template


def run(*args: str) -> tuple[int, Any, str]:
    result = CliRunner().invoke(app, ["carbon", *args])
    data = json.loads(result.stdout) if result.stdout.strip() else None
    return result.exit_code, data, result.stderr


@pytest.fixture
def farm_file(tmp_path: Path) -> Path:
    path = tmp_path / "farm.json"
    path.write_text(json.dumps(CASE_A), encoding="utf-8")
    return path


def test_enteric_case_a() -> None:
    code, data, _ = run(
        "enteric",
        "--body-weight",
        "600",
        "--milk-kg-day",
        "25.825",
        "--fat-percent",
        "3.5",
        "--de-percent",
        "70",
        "--feeding",
        "stall",
        "--pregnant-share",
        "1",
        "--ym",
        "6.5",
        "--json",
    )
    assert code == 0
    assert data["ne_m"] == pytest.approx(46.795, abs=0.0005)
    assert data["ne_a"] == 0
    assert data["ne_l"] == pytest.approx(74.118, abs=0.0005)
    assert data["ne_p"] == pytest.approx(4.680, abs=0.0005)
    assert data["rem"] == pytest.approx(0.52888, rel=1e-4)
    assert data["ge"] == pytest.approx(339.24, rel=1e-4)
    assert data["dmi"] == pytest.approx(18.39, rel=1e-3)
    assert data["ef_kg_ch4_per_head_year"] == pytest.approx(144.63, rel=1e-4)


def test_enteric_ym_from_the_class_when_not_given() -> None:
    code, data, _ = run(
        "enteric",
        "--body-weight",
        "600",
        "--milk-kg-day",
        "25.825",
        "--fat-percent",
        "3.5",
        "--de-percent",
        "70",
        "--feeding",
        "stall",
        "--pregnant-share",
        "1",
        "--json",
    )
    assert code == 0
    assert data["ym_percent"] == 5.7
    assert data["ef_kg_ch4_per_head_year"] == pytest.approx(126.83, rel=1e-4)


def test_fpcm_and_allocation() -> None:
    code, data, _ = run(
        "fpcm", "--milk-kg", "10000", "--fat-percent", "3.8", "--protein-percent", "3.2", "--json"
    )
    assert code == 0
    assert data["fpcm_kg"] == pytest.approx(9676, abs=0.5)
    code, data, _ = run("allocation", "--meat-sold-kg", "15", "--fpcm-sold-kg", "1000", "--json")
    assert code == 0
    assert data["allocation_milk"] == pytest.approx(0.909, abs=0.0005)


def test_footprint_json(farm_file: Path) -> None:
    code, data, _ = run("footprint", str(farm_file), "--gwp", "AR6", "--json")
    assert code == 0
    for key in (
        "fpcm_kg",
        "allocation_milk",
        "total_kg_co2e",
        "kg_co2e_per_kg_fpcm",
        "by_source",
        "by_gas",
        "by_scope",
    ):
        assert key in data
    assert data["by_source"]["enteric_ch4"] == pytest.approx(14_463 * 27.9, rel=2e-4)
    assert "trace" not in data
    assert "p50" not in data


def test_footprint_with_monte_carlo_and_scenario(farm_file: Path) -> None:
    code, data, _ = run(
        "footprint", str(farm_file), "--monte-carlo", "2000", "--scenario", "3nop", "--json"
    )
    assert code == 0
    assert data["scenario"] == "3nop"
    assert data["p5"] < data["p50"] < data["p95"]
    assert data["p50"] == pytest.approx(data["kg_co2e_per_kg_fpcm"], rel=0.02)


def test_footprint_trace_on_request(farm_file: Path) -> None:
    code, data, _ = run("footprint", str(farm_file), "--trace", "--json")
    assert code == 0
    assert any(step["quantity"] == "ge" for step in data["trace"])


def test_bad_farm_names_the_field_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(case_a_cohort(fat_percent=35)), encoding="utf-8")
    code, data, err = run("footprint", str(path), "--json", "--lang", "en")
    assert code == 1
    assert data is None
    error = json.loads(err)
    assert error["params"]["field"] == "cohorts[0].fat_percent"
    assert "3.5 rather than 35" in error["message"]
    code, _, err = run("footprint", str(path), "--lang", "zh_CN")
    assert code == 1
    assert "cohorts[0].fat_percent" in err and "百分数" in err


def test_bad_option_values_are_refused() -> None:
    code, _, err = run(
        "fpcm", "--milk-kg", "-1", "--fat-percent", "3.8", "--protein-percent", "3.2", "--json"
    )
    assert code == 1
    assert json.loads(err)["params"]["field"] == "--milk-kg"
    code, _, err = run(
        "enteric",
        "--body-weight",
        "600",
        "--de-percent",
        "70",
        "--feeding",
        "barn",
        "--milk-kg-day",
        "20",
        "--fat-percent",
        "3.8",
        "--pregnant-share",
        "0.5",
        "--json",
    )
    assert code == 1
    assert json.loads(err)["params"]["field"] == "--feeding"


def test_unreadable_workbook_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("footprint", str(tmp_path / "missing.xlsx"), "--lang", "en")
    assert code == 1
    assert "file" in err


def test_footprint_reads_the_filled_workbook(tmp_path: Path) -> None:
    path = tmp_path / "farm.xlsx"
    path.write_bytes(filled_template(CASE_A_ROWS))
    code, data, err = run("footprint", str(path), "--json")
    assert code == 0, err
    assert data["total_kg_co2e"] > 0
    assert data["by_source"]["enteric_ch4"] > 0


@pytest.mark.parametrize(
    ("args", "option", "zh_reason"),
    [
        # The farm input limits milk fat to 1-10 % (inputs.Sales); QA typed 38 for 3.8.
        (
            ["fpcm", "--milk-kg", "10000", "--fat-percent", "38", "--protein-percent", "3.2"],
            "--fat-percent",
            "不得大于 10",
        ),
        (
            ["fpcm", "--milk-kg", "10000", "--fat-percent", "3.8", "--protein-percent", "32"],
            "--protein-percent",
            "不得大于 8",
        ),
        (
            ["fpcm", "--milk-kg", "-1", "--fat-percent", "3.8", "--protein-percent", "3.2"],
            "--milk-kg",
            "不得小于 0",
        ),
        # No FPCM sold: no ratio at all (was silently 1.0).
        (["allocation", "--meat-sold-kg", "15", "--fpcm-sold-kg", "0"], "--fpcm-sold-kg", "大于 0"),
        # BMR 0.5 > 1/6.04: 1 − 6.04 × 0.5 < 0 (was silently clamped to 0.0).
        (
            ["allocation", "--meat-sold-kg", "500", "--fpcm-sold-kg", "1000"],
            "--meat-sold-kg",
            "0.500",
        ),
    ],
)
def test_building_blocks_check_their_inputs(args: list[str], option: str, zh_reason: str) -> None:
    for lang in ("zh_CN", "en"):
        code, out, err = run(*args, "--lang", lang)
        assert code == 1 and out is None, (args, out)
        assert option in err and "Traceback" not in err
        if lang == "zh_CN":
            assert zh_reason in err, err
    _code, _out, english = run(*args, "--lang", "en")
    assert "Invalid value" in english or "invalid" in english.lower()


def test_allocation_at_the_edge_of_the_formula() -> None:
    """BMR exactly 1/6.04 gives a factor of 0, still inside the formula's range."""
    code, data, _ = run("allocation", "--meat-sold-kg", "1", "--fpcm-sold-kg", "6.04", "--json")
    assert code == 0
    assert data["allocation_milk"] == pytest.approx(0.0, abs=1e-12)


def test_the_percent_hint_is_for_milk_composition_only() -> None:
    """QA: --de-percent 170 got the milk-fat hint "(percent, e.g. 3.5 rather than 35)"."""
    code, _, err = run(
        "enteric", "--body-weight", "600", "--de-percent", "170", "--feeding", "stall",
        "--milk-kg-day", "20", "--fat-percent", "3.8", "--pregnant-share", "0.5", "--lang", "en",
    )  # fmt: skip
    assert code == 1
    assert "--de-percent" in err and "must be at most 95" in err and "rather than 35" not in err


@pytest.mark.parametrize(
    ("lang", "reason"), [("en", "contains no farm files"), ("zh_CN", "文件夹中没有牧场文件")]
)
def test_batch_on_a_folder_without_farms_says_what_is_missing(
    tmp_path: Path, lang: str, reason: str
) -> None:
    code, _, err = run("batch", str(tmp_path), "--lang", lang)
    assert code == 1 and reason in err
