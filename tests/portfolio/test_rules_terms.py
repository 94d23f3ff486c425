"""Terms of protection and trademark renewal terms.

Golden values: shared/reference/notes/registry_stats.md §2 and §6(c) — Patent Law (2020) art. 42,
Examination Guidelines Part V Ch. 9 §2.1 (utility model filed 1999-09-06 ends 2009-09-05,
期满终止日 2009-09-06, a Sunday, not moved), Trademark Law arts. 39-40 (oracle 13) and Trademark
Law Implementing Regulations art. 12 ¶2 (last day of a term).
"""

from __future__ import annotations

import datetime as dt

import pytest

from ipcenter.portfolio import (
    DeadlineKind,
    RightFacts,
    RightKind,
    deadlines_for,
    patent_term,
    trademark_term,
)

D = dt.date


def test_utility_model_filed_1999_09_06_ends_2009_09_05() -> None:
    term = patent_term("CN", RightKind.UTILITY_MODEL, filing_date=D(1999, 9, 6))
    assert term is not None
    assert term.last_day_in_force == D(2009, 9, 5)
    assert term.expiry_date == D(2009, 9, 6)
    assert term.years == 10


def test_utility_model_expiry_on_a_sunday_is_not_moved() -> None:
    facts = RightFacts(kind="utility_model", jurisdiction="CN", filing_date=D(1999, 9, 6))
    (expiry,) = [d for d in deadlines_for(facts) if d.kind is DeadlineKind.TERM_EXPIRY]
    # 2009-09-05 is a Saturday and 2009-09-06 a Sunday: the term's end stands.
    assert expiry.due_date == D(2009, 9, 5)
    assert expiry.explanation.shift is not None
    assert expiry.explanation.shift.policy == "never"
    assert not expiry.explanation.shift.shifted


@pytest.mark.parametrize(
    ("filed", "years", "last_day"),
    [
        (D(2021, 5, 31), 10, D(2031, 5, 30)),  # filed before 2021-06-01: 10 years
        (D(2021, 6, 1), 15, D(2036, 5, 31)),  # from 2021-06-01: 15 years
    ],
)
def test_design_term_cut_over_on_2021_06_01(filed: dt.date, years: int, last_day: dt.date) -> None:
    term = patent_term("CN", RightKind.DESIGN, filing_date=filed)
    assert term is not None
    assert (term.years, term.last_day_in_force) == (years, last_day)


def test_invention_term_is_20_years_from_filing_not_priority() -> None:
    term = patent_term("CN", RightKind.INVENTION, filing_date=D(2010, 3, 1))
    assert term is not None
    assert term.last_day_in_force == D(2030, 2, 28)


@pytest.mark.parametrize(
    ("filed", "requested", "granted", "eligible"),
    [
        # granted > 4 y after filing and > 3 y after the request → eligible
        (D(2018, 1, 10), D(2018, 6, 1), D(2022, 3, 1), True),
        # exactly 4 years after filing is not "more than" 4 years
        (D(2018, 3, 1), D(2018, 3, 1), D(2022, 3, 1), False),
        # > 4 y after filing but only 2 y after the request
        (D(2017, 1, 10), D(2020, 1, 10), D(2022, 3, 1), False),
        # granted before the 2020 law took effect (2021-06-01)
        (D(2015, 1, 10), D(2015, 6, 1), D(2021, 5, 31), False),
    ],
)
def test_term_compensation_eligibility(
    filed: dt.date, requested: dt.date, granted: dt.date, eligible: bool
) -> None:
    term = patent_term(
        "CN",
        RightKind.INVENTION,
        filing_date=filed,
        grant_date=granted,
        examination_request_date=requested,
    )
    assert term is not None
    assert term.term_compensation_eligible is eligible


def test_term_compensation_is_only_for_cn_inventions() -> None:
    term = patent_term("CN", RightKind.UTILITY_MODEL, filing_date=D(2010, 1, 1))
    assert term is not None
    assert term.term_compensation_eligible is None


def test_trademark_approved_2015_03_14() -> None:
    term = trademark_term("CN", registration_date=D(2015, 3, 14))
    assert term.last_day_in_force == D(2025, 3, 13)
    assert term.renewal_window_opens == D(2024, 3, 14)
    assert term.renewal_grace_end == D(2025, 9, 13)
    assert (term.next_term_start, term.next_term_last_day) == (D(2025, 3, 14), D(2035, 3, 13))


def test_trademark_registered_on_29_february_ends_on_the_last_day_of_february() -> None:
    # Implementing Regulations art. 12 ¶2: no corresponding day in February 2026 → its last day.
    term = trademark_term("CN", registration_date=D(2016, 2, 29))
    assert term.last_day_in_force == D(2026, 2, 28)
    assert (term.next_term_start, term.next_term_last_day) == (D(2026, 3, 1), D(2036, 2, 29))


def test_trademark_current_term_after_renewal() -> None:
    term = trademark_term("CN", registration_date=D(2015, 3, 14), as_of=D(2026, 1, 1))
    assert (term.start_date, term.last_day_in_force) == (D(2025, 3, 14), D(2035, 3, 13))
    assert term.counted_from == "previous_expiry"


def test_trademark_recorded_expiry_wins() -> None:
    term = trademark_term("CN", registration_date=D(2005, 3, 14), current_expiry=D(2025, 3, 13))
    assert term.start_date == D(2015, 3, 14)
    assert term.renewal_window_opens == D(2024, 3, 14)
