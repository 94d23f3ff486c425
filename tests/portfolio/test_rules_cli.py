"""`ipcenter portfolio fees | late-fee | term`: one JSON document, errors naming the option.

Golden values: registry_stats.md §6(c) oracles 2-6.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from ipcenter.cli import app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run_json(runner: CliRunner, *args: str) -> tuple[int, Any, str]:
    result = runner.invoke(app, ["portfolio", *args, "--json"])
    data = json.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, data, result.stderr


def test_fees_json_guidelines_example(runner: CliRunner) -> None:
    code, data, _ = run_json(
        runner, "fees", "--jurisdiction", "CN", "--type", "invention",
        "--filed", "1997-06-03", "--granted", "2001-08-01",
    )  # fmt: skip
    assert code == 0
    assert data["grant_year"] == 5
    first, year6 = data["entries"][0], data["entries"][1]
    assert {k: first[k] for k in ("year", "due_date", "basis")} == {
        "year": 5,
        "due_date": None,
        "basis": "registration",
    }
    assert {k: year6[k] for k in ("year", "due_date", "full_fee", "payable_fee", "currency")} == {
        "year": 6,
        "due_date": "2002-06-03",
        "full_fee": 1200,
        "payable_fee": 1200,
        "currency": "CNY",
    }


def test_fees_with_reduction_and_from_year(runner: CliRunner) -> None:
    code, data, _ = run_json(
        runner, "fees", "--type", "invention", "--filed", "2020-03-12",
        "--granted", "2023-05-12", "--reduction", "0.85", "--from-year", "5",
    )  # fmt: skip
    assert code == 0
    year5 = data["entries"][0]
    assert (year5["year"], year5["due_date"], year5["payable_fee"]) == (5, "2024-03-12", 180)
    assert data["reduction_rate"] == 0.85


@pytest.mark.parametrize(
    ("paid", "status", "surcharge", "total"),
    [
        ("2002-06-01", "on_time", 0, 1200),
        ("2002-07-04", "late", 60, 1260),
        ("2002-12-03", "late", 300, 1500),
        ("2002-12-04", "terminated", 300, 2500),
    ],
)
def test_late_fee_json(
    runner: CliRunner, paid: str, status: str, surcharge: int, total: int
) -> None:
    code, data, _ = run_json(
        runner, "late-fee", "--jurisdiction", "CN", "--type", "invention", "--year", "6",
        "--due", "2002-06-03", "--paid", paid,
    )  # fmt: skip
    assert code == 0
    assert (data["status"], data["surcharge"], data["total"]) == (status, surcharge, total)


def test_late_fee_with_reduction(runner: CliRunner) -> None:
    code, data, _ = run_json(
        runner, "late-fee", "--type", "invention", "--year", "5", "--due", "2024-03-12",
        "--paid", "2024-04-15", "--reduction", "0.85",
    )  # fmt: skip
    assert code == 0
    assert (data["payable_fee"], data["surcharge"], data["total"]) == (180, 60, 240)


@pytest.mark.parametrize(
    ("args", "expiry", "last_day"),
    [
        (["--type", "design", "--filed", "2021-05-31"], "2031-05-31", "2031-05-30"),
        (["--type", "design", "--filed", "2021-06-01"], "2036-06-01", "2036-05-31"),
        (["--type", "utility_model", "--filed", "1999-09-06"], "2009-09-06", "2009-09-05"),
        (["--type", "trademark", "--registered", "2015-03-14"], "2025-03-14", "2025-03-13"),
    ],
)
def test_term_json(runner: CliRunner, args: list[str], expiry: str, last_day: str) -> None:
    code, data, _ = run_json(runner, "term", "--jurisdiction", "CN", *args)
    assert code == 0
    assert (data["expiry_date"], data["last_day_in_force"]) == (expiry, last_day)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["fees", "--type", "invention", "--filed", "2020-01-01", "--granted", "2019-01-01"],
         "--granted"),
        (["fees", "--type", "invention", "--filed", "2020-01-01", "--granted", "2021-01-01",
          "--reduction", "0.5"], "--reduction"),
        (["fees", "--type", "gadget", "--filed", "2020-01-01", "--granted", "2021-01-01"],
         "--type"),
        (["fees", "--jurisdiction", "US", "--filed", "2020-01-01", "--granted", "2021-01-01"],
         "--jurisdiction"),
        (["fees", "--type", "invention", "--filed", "2020-13-01", "--granted", "2021-01-01"],
         "--filed"),
        (["late-fee", "--year", "6", "--due", "2002-06-03"], "--paid"),
        (["term", "--type", "trademark"], "--registered"),
    ],
)  # fmt: skip
def test_bad_input_names_the_option(runner: CliRunner, args: list[str], option: str) -> None:
    result = runner.invoke(app, ["portfolio", *args, "--json", "--lang", "en"])
    assert result.exit_code == 1
    assert result.stdout == ""
    error = json.loads(result.stderr)
    assert error["params"]["field"] == option
    assert option in error["message"]


def test_errors_in_chinese(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["portfolio", "fees", "--type", "invention", "--filed", "2020-01-01",
         "--granted", "2019-01-01", "--lang", "zh_CN"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "不得早于申请日" in result.stderr
    assert "--granted" in result.stderr


LATE = ["late-fee", "--type", "invention", "--year", "6", "--due", "2002-06-03"]


def test_terminated_without_a_notice_states_the_restoration_assumption(runner: CliRunner) -> None:
    """registry_stats.md §2 #3: terminated → fee 1200 + 300 + 1000; whether restoration is still
    possible depends on the termination notice (CN-restoration rule: 2 months), not given."""
    code, data, _ = run_json(runner, *LATE, "--paid", "2030-08-04")
    assert code == 0
    assert (data["status"], data["total"], data["restoration_possible"]) == (
        "terminated",
        2500,
        None,
    )
    assert any("assumed in time" in step for step in data["steps"])
    human = runner.invoke(app, ["portfolio", *LATE, "--paid", "2030-08-04", "--lang", "en"])
    assert "within 2 months of the termination notice" in human.stdout


def test_restoration_within_two_months_of_the_notice(runner: CliRunner) -> None:
    code, data, _ = run_json(runner, *LATE, "--paid", "2003-02-28", "--notice", "2003-01-01")
    assert code == 0
    assert (data["status"], data["total"], data["restoration_fee"]) == ("terminated", 2500, 1000)
    assert (data["restoration_possible"], data["restoration_until"]) == (True, "2003-03-01")


def test_no_restoration_after_the_window(runner: CliRunner) -> None:
    code, data, _ = run_json(runner, *LATE, "--paid", "2003-03-02", "--notice", "2003-01-01")
    assert code == 0
    assert (data["status"], data["total"], data["restoration_fee"]) == ("terminated", 0, 0)
    assert (data["restoration_possible"], data["restoration_until"]) == (False, "2003-03-01")


def test_a_notice_inside_the_late_period_is_refused(runner: CliRunner) -> None:
    code, _, err = run_json(runner, *LATE, "--paid", "2003-03-02", "--notice", "2002-10-01")
    assert code == 1 and "--notice" in err


def test_examination_request_before_filing_is_refused(runner: CliRunner) -> None:
    code, _, err = run_json(
        runner, "term", "--filed", "2020-01-01", "--exam-requested", "2019-05-01"
    )
    assert code == 1
    assert "--exam-requested" in err and "2019-05-01" in err
