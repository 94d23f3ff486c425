"""The rule tables are consistent with the engine: every rule names a known deadline kind, a
shift policy and a trigger the engine computes; fee tables cover every patent year."""

from __future__ import annotations

import datetime as dt

import pytest

from ipcenter.core.refdata import load_table
from ipcenter.portfolio import DeadlineKind, RightKind
from ipcenter.portfolio.calendar import shift_policy

RULES = load_table("portfolio/rules.csv").rows
TRIGGERS = {
    "filing",
    "priority_or_filing",
    "grant",
    "filing_anniversary",
    "term_end",
    "international_registration",
}


@pytest.mark.parametrize("row", RULES, ids=[row["rule_id"] for row in RULES])
def test_every_rule_is_understood(row: dict[str, str]) -> None:
    assert DeadlineKind(row["deadline_kind"])
    assert row["trigger_event"] in TRIGGERS or row["trigger_event"].startswith("notice:")
    assert shift_policy(row["jurisdiction"], row["date_kind"]) is not None, row["date_kind"]
    assert row["right_kind"] in {"patent", *(kind.value for kind in RightKind)}
    assert row["selected_by"] in {"filing", "grant", "registration"}


def test_rule_ids_are_unique() -> None:
    ids = [row["rule_id"] for row in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("kind", "last_year", "on"),
    [
        ("invention", 20, dt.date(2026, 1, 1)),
        ("utility_model", 10, dt.date(2026, 1, 1)),
        ("design", 15, dt.date(2026, 1, 1)),
    ],
)
def test_cn_fee_table_covers_every_year_once(kind: str, last_year: int, on: dt.date) -> None:
    rows = load_table("portfolio/cn_annual_fees.csv").where(on, right_kind=kind)
    years = [y for row in rows for y in range(int(row["year_from"]), int(row["year_to"]) + 1)]
    assert sorted(years) == list(range(1, last_year + 1))


def test_late_fee_rates_rise_month_by_month() -> None:
    rows = sorted(load_table("portfolio/cn_late_fees.csv").rows, key=lambda r: int(r["month"]))
    assert [int(r["month"]) for r in rows] == [1, 2, 3, 4, 5, 6]
    assert [r["rate"] for r in rows] == ["0", "0.05", "0.10", "0.15", "0.20", "0.25"]
