"""Status as of a date, from dates, legal events and the statutory term.

Golden values come from the sources cited in shared/reference/notes/registry_stats.md:
Examination Guidelines Part V Ch. 9 §2.1 (UM filed 1999-09-06 → term ends 2009-09-05) and
Patent Law art. 42 with the 2021-06-01 design cut-over (10 → 15 years).
"""

from __future__ import annotations

import datetime as dt

import pytest

from ipcenter.rights.status import EventFact, status_on, term_of
from ipcenter.rights.vocab import RightStatus

D = dt.date


def cn_status(
    day: dt.date,
    patent_type: str = "invention",
    *,
    filed: dt.date,
    granted: dt.date | None = None,
    events: tuple[tuple[str, str], ...] = (),
) -> object:
    return status_on(
        day,
        jurisdiction="CN",
        patent_type=patent_type,
        filing_date=filed,
        grant_date=granted,
        events=[EventFact(date=D.fromisoformat(d), code=c) for d, c in events],
    )


def test_guidelines_utility_model_term_example() -> None:
    term = term_of("CN", "utility_model", filing_date=D(1999, 9, 6), grant_date=D(2000, 5, 1))
    assert term is not None
    assert term.last_day_in_force == D(2009, 9, 5)
    assert term.expiry_date == D(2009, 9, 6)  # 期满终止日, a Sunday, not moved for weekends
    assert (
        cn_status(D(2009, 9, 5), "utility_model", filed=D(1999, 9, 6), granted=D(2000, 5, 1))
        is RightStatus.IN_FORCE
    )
    assert (
        cn_status(D(2009, 9, 6), "utility_model", filed=D(1999, 9, 6), granted=D(2000, 5, 1))
        is RightStatus.EXPIRED
    )


@pytest.mark.parametrize(
    ("filed", "years", "last_day"),
    [
        (D(2021, 5, 31), 10, D(2031, 5, 30)),  # filed before the 2021-06-01 amendment
        (D(2021, 6, 1), 15, D(2036, 5, 31)),  # filed on the day the amendment took effect
    ],
)
def test_design_term_cut_over(filed: dt.date, years: int, last_day: dt.date) -> None:
    term = term_of("CN", "design", filing_date=filed, grant_date=None)
    assert term is not None
    assert (term.years, term.last_day_in_force) == (years, last_day)


def test_invention_term_is_twenty_years_from_filing_not_priority() -> None:
    term = term_of("CN", "invention", filing_date=D(2002, 2, 28), grant_date=D(2006, 1, 1))
    assert term is not None and term.last_day_in_force == D(2022, 2, 27)


def test_before_filing_there_is_no_status() -> None:
    assert cn_status(D(2019, 12, 31), filed=D(2020, 1, 2)) is None


def test_pending_until_grant_then_in_force() -> None:
    events = (("2021-07-01", "PB01"), ("2021-09-01", "SE01"), ("2023-05-12", "GR01"))
    assert cn_status(D(2023, 5, 11), filed=D(2020, 3, 12), events=events) is RightStatus.PENDING
    assert cn_status(D(2023, 5, 12), filed=D(2020, 3, 12), events=events) is RightStatus.IN_FORCE


def test_lapse_for_non_payment_and_restoration() -> None:
    events = (("2015-01-01", "GR01"), ("2019-06-01", "CF01"), ("2019-09-01", "RF01"))
    filed = D(2012, 1, 1)
    assert cn_status(D(2019, 5, 31), filed=filed, events=events) is RightStatus.IN_FORCE
    assert cn_status(D(2019, 6, 1), filed=filed, events=events) is RightStatus.LAPSED
    assert cn_status(D(2019, 9, 1), filed=filed, events=events) is RightStatus.IN_FORCE


@pytest.mark.parametrize(
    ("code", "expected"),
    [("WD01", RightStatus.WITHDRAWN), ("RJ01", RightStatus.REFUSED)],
)
def test_application_ends_without_grant(code: str, expected: RightStatus) -> None:
    events = (("2019-01-01", "PB01"), ("2021-01-01", code))
    assert cn_status(D(2022, 1, 1), filed=D(2018, 1, 1), events=events) is expected


def test_events_that_do_not_change_status_are_ignored() -> None:
    events = (
        ("2016-01-01", "GR01"),
        ("2017-01-01", "PE01"),
        ("2018-01-01", "TR01"),
        ("2018-06-01", "UNKNOWN-CODE"),
    )
    assert cn_status(D(2019, 1, 1), filed=D(2014, 1, 1), events=events) is RightStatus.IN_FORCE


def test_full_invalidation_ends_the_right() -> None:
    events = (("2016-01-01", "GR01"), ("2018-03-01", "IW01"))
    assert cn_status(D(2018, 3, 1), filed=D(2014, 1, 1), events=events) is RightStatus.INVALIDATED


def test_us_design_term_counts_from_grant() -> None:
    # 35 U.S.C. 173: 15 years from grant for applications filed on/after 2015-05-13.
    term = term_of("US", "design", filing_date=D(2016, 1, 4), grant_date=D(2017, 3, 7))
    assert term is not None and term.last_day_in_force == D(2032, 3, 6)


def us_term(filed: dt.date, granted: dt.date, patent_type: str = "invention") -> dt.date | None:
    term = term_of("US", patent_type, filing_date=filed, grant_date=granted)
    return term.expiry_date if term else None


def test_us_patent_expired_before_1995_keeps_17_years_from_grant() -> None:
    # US3932709 (greenbook APD 19740307, ISD 19760113): 17 y from grant end 1993-01-13, before
    # the URAA transition date 1995-06-08, so 35 U.S.C. 154(c)(1) does not apply.
    assert us_term(D(1974, 3, 7), D(1976, 1, 13)) == D(1993, 1, 13)
    assert (
        status_on(
            D(2026, 1, 1),
            jurisdiction="US",
            patent_type="invention",
            filing_date=D(1974, 3, 7),
            grant_date=D(1976, 1, 13),
            events=[],
        )
        is RightStatus.EXPIRED
    )


def test_us_patent_in_force_on_1995_06_08_takes_the_greater_term() -> None:
    # US4347903 (APD 19800310, ISD 19820907): in force on 1995-06-08; 20 y from filing
    # (2000-03-10) is later than 17 y from grant (1999-09-07).
    assert us_term(D(1980, 3, 10), D(1982, 9, 7)) == D(2000, 3, 10)
    # A slow grant: 17 y from grant (2011-01-02) is later than 20 y from filing (2010-01-02).
    assert us_term(D(1990, 1, 2), D(1994, 1, 2)) == D(2011, 1, 2)
    # Filed on or after 1995-06-08: 20 y from filing only.
    assert us_term(D(1995, 6, 8), D(1999, 1, 5)) == D(2015, 6, 8)


def test_us_designs_14_then_15_years_from_grant() -> None:
    assert us_term(D(2015, 5, 12), D(2016, 3, 1), "design") == D(2030, 3, 1)
    assert us_term(D(2015, 5, 13), D(2016, 3, 1), "design") == D(2031, 3, 1)


def test_offices_without_a_rule_take_the_trips_minimum_for_inventions() -> None:
    # A GB grant of 1988 filed 1985-03-01: TRIPS art. 33, 20 y from filing.
    term = term_of("GB", "invention", filing_date=D(1985, 3, 1), grant_date=D(1988, 6, 1))
    assert term is not None and term.expiry_date == D(2005, 3, 1)
    assert "TRIPS" in term.source
    # No fallback for utility models and designs: their terms differ too much between offices.
    assert term_of("DE", "utility_model", filing_date=D(2000, 1, 1), grant_date=None) is None
    # An office with rows of its own keeps them: a CN invention, 20 y from filing (art. 42).
    cn = term_of("CN", "invention", filing_date=D(1985, 4, 1), grant_date=None)
    assert cn is not None and "Patent Law" in cn.source
