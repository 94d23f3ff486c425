"""The Chinese holiday calendar and the holiday shift of procedural deadlines.

Golden values are the State Council General Office notices themselves:
国办发明电〔2023〕7号 (2024), 〔2024〕12号 (2025) and 〔2025〕7号 (2026), as reprinted by
Xinhua/People's Daily (cited row by row in data/portfolio/cn_holidays_2015_2026.csv).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcenter.core.refdata import load_table
from ipcenter.portfolio import DeadlineKind, Notice, RightFacts, deadlines_for
from ipcenter.portfolio.calendar import cn_calendar, shift_date

D = dt.date

# (day, working?) straight from the notices: holidays, and weekend days that were working days.
NOTICE_DAYS = [
    # 2024 (国办发明电〔2023〕7号)
    (D(2024, 2, 4), True),  # Sunday, worked before the Spring Festival
    (D(2024, 2, 10), False),
    (D(2024, 2, 17), False),
    (D(2024, 2, 18), True),  # Sunday worked
    (D(2024, 4, 7), True),  # Sunday worked after 清明
    (D(2024, 4, 28), True),
    (D(2024, 5, 3), False),
    (D(2024, 5, 11), True),  # Saturday worked
    (D(2024, 6, 10), False),
    (D(2024, 9, 14), True),  # Saturday worked before 中秋
    (D(2024, 9, 16), False),
    (D(2024, 9, 29), True),  # Sunday worked before National Day
    (D(2024, 10, 7), False),
    (D(2024, 10, 12), True),  # Saturday worked
    # 2025 (国办发明电〔2024〕12号)
    (D(2025, 1, 1), False),
    (D(2025, 1, 26), True),  # Sunday worked
    (D(2025, 1, 28), False),  # 除夕, a holiday from 2025
    (D(2025, 2, 4), False),
    (D(2025, 2, 8), True),  # Saturday worked
    (D(2025, 4, 27), True),
    (D(2025, 5, 5), False),
    (D(2025, 6, 2), False),
    (D(2025, 9, 28), True),
    (D(2025, 10, 8), False),
    (D(2025, 10, 11), True),
    # 2026 (国办发明电〔2025〕7号)
    (D(2026, 1, 2), False),
    (D(2026, 1, 4), True),  # Sunday worked
    (D(2026, 2, 14), True),  # Saturday worked
    (D(2026, 2, 23), False),
    (D(2026, 2, 28), True),  # Saturday worked
    (D(2026, 5, 5), False),
    (D(2026, 5, 9), True),
    (D(2026, 9, 20), True),
    (D(2026, 10, 7), False),
    (D(2026, 10, 10), True),
    # Ordinary days
    (D(2024, 3, 12), True),  # Tuesday
    (D(2025, 3, 15), False),  # Saturday
]


@pytest.mark.parametrize(("day", "working"), NOTICE_DAYS)
def test_working_days_of_the_notices(day: dt.date, working: bool) -> None:
    assert cn_calendar().is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "moved_to"),
    [
        (D(2024, 10, 1), D(2024, 10, 8)),  # National Day 1-7 October
        (D(2024, 2, 10), D(2024, 2, 18)),  # Spring Festival; the 18th (Sunday) is worked
        (D(2025, 1, 28), D(2025, 2, 5)),  # Spring Festival 2025
        (D(2026, 2, 15), D(2026, 2, 24)),  # Spring Festival 2026 (9 days)
        (D(2026, 10, 3), D(2026, 10, 8)),  # National Day 2026
        (D(2024, 10, 12), D(2024, 10, 12)),  # a working Saturday: not moved
        (D(2026, 1, 4), D(2026, 1, 4)),  # a working Sunday: not moved
        (D(2025, 3, 15), D(2025, 3, 17)),  # an ordinary Saturday
    ],
)
def test_procedural_deadlines_move_to_the_next_working_day(day: dt.date, moved_to: dt.date) -> None:
    moved, shift = shift_date(day, "CN", "procedural")
    assert moved == moved_to
    assert shift.shifted is (moved != day)
    assert shift.unshifted == day


def test_term_ends_are_never_shifted() -> None:
    moved, shift = shift_date(D(2024, 10, 1), "CN", "term_end")
    assert moved == D(2024, 10, 1)
    assert shift.policy == "never"


def test_exam_request_due_on_national_day_moves() -> None:
    # Filed 2021-10-01: 3 years → 2024-10-01 (National Day) → 2024-10-08.
    facts = RightFacts(kind="invention", jurisdiction="CN", filing_date=D(2021, 10, 1))
    (exam,) = [d for d in deadlines_for(facts) if d.kind is DeadlineKind.EXAM_REQUEST]
    assert exam.due_date == D(2024, 10, 8)
    assert exam.explanation.shift is not None
    assert exam.explanation.shift.unshifted == D(2024, 10, 1)
    assert "国庆节" in (exam.explanation.shift.reason or "")


def test_office_action_response_lands_on_a_working_saturday() -> None:
    # First office action served 2024-06-12: + 4 months = 2024-10-12, a working Saturday.
    facts = RightFacts(
        kind="invention",
        jurisdiction="CN",
        filing_date=D(2023, 1, 5),
        notices=(
            Notice(kind="first_office_action", dispatched=D(2024, 6, 1), served=D(2024, 6, 12)),
        ),
    )
    (response,) = [d for d in deadlines_for(facts) if d.kind is DeadlineKind.OFFICE_ACTION_RESPONSE]
    assert response.due_date == D(2024, 10, 12)


def test_calendar_covers_2015_to_2026_with_a_notice_for_every_row() -> None:
    calendar = cn_calendar()
    assert (calendar.first_year, calendar.last_year) == (2015, 2026)
    table = load_table("portfolio/cn_holidays_2015_2026.csv")
    pattern = re.compile(r"国(办)?发明电〔20\d\d〕\d+号")
    for row in table.rows:
        assert pattern.search(row["source"]), row
    years = {row["date"][:4] for row in table.rows}
    assert {str(y) for y in range(2015, 2027)} <= years


@pytest.mark.parametrize(
    ("year", "number"),
    [
        (2015, "国办发明电〔2014〕28号"),
        (2016, "国办发明电〔2015〕18号"),
        (2017, "国办发明电〔2016〕17号"),
        (2018, "国办发明电〔2017〕12号"),
        (2019, "国办发明电〔2018〕15号"),
        (2020, "国办发明电〔2019〕16号"),
        (2021, "国办发明电〔2020〕27号"),
        (2022, "国办发明电〔2021〕11号"),
        (2023, "国办发明电〔2022〕16号"),
        (2024, "国办发明电〔2023〕7号"),
        (2025, "国办发明电〔2024〕12号"),
        (2026, "国办发明电〔2025〕7号"),
    ],
)
def test_each_year_cites_its_notice(year: int, number: str) -> None:
    rows = [r for r in load_table("portfolio/cn_holidays_2015_2026.csv").rows]
    national_day = next(r for r in rows if r["date"] == f"{year}-10-02")
    assert number in national_day["source"]


@settings(max_examples=80, deadline=None)
@given(day=st.dates(min_value=D(2015, 1, 1), max_value=D(2026, 12, 20)))
def test_a_shifted_date_is_the_first_working_day_on_or_after(day: dt.date) -> None:
    calendar = cn_calendar()
    moved, _ = shift_date(day, "CN", "procedural")
    assert moved >= day
    assert calendar.is_working_day(moved)
    between = day
    while between < moved:
        assert not calendar.is_working_day(between)
        between += dt.timedelta(days=1)
