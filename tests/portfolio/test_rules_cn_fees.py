"""CN annual fees, reductions, late payment and restoration.

Golden values: shared/reference/notes/registry_stats.md §2 (fee table of
攀枝花市市场监督管理局 / lzpat.com with the reduced amounts 135/270 …; Examination Guidelines
Part V Ch. 9 §2.2.1 example; late-fee rule; 财税〔2016〕78号, 财税〔2018〕37号 and its
transitional handling; 财税〔2024〕23号) and the test oracles 2, 3, 4, 6 and 9 of §6(c).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ipcenter.core.errors import ValidationError
from ipcenter.portfolio import RightKind, annual_fee_schedule, late_payment

D = dt.date
INV, UM, DES = RightKind.INVENTION, RightKind.UTILITY_MODEL, RightKind.DESIGN


def test_guidelines_example_year_6_due_2002_06_03() -> None:
    schedule = annual_fee_schedule(INV, filing_date=D(1997, 6, 3), grant_date=D(2001, 8, 1))
    assert schedule.grant_year == 5
    grant_year, year6 = schedule.entries[0], schedule.entries[1]
    assert (grant_year.year, grant_year.basis, grant_year.due_date) == (5, "registration", None)
    assert (year6.year, year6.due_date, year6.full_fee) == (6, D(2002, 6, 3), Decimal(1200))
    assert year6.grace_end == D(2002, 12, 3)


def test_years_before_the_grant_year_are_not_listed_and_the_last_is_the_term() -> None:
    schedule = annual_fee_schedule(INV, filing_date=D(1997, 6, 3), grant_date=D(2001, 8, 1))
    assert [e.year for e in schedule.entries] == list(range(5, 21))


# Full fees per year and kind, with the 85 % / 70 % reduced amounts of the notes' table.
FEE_TABLE = [
    (INV, [1, 2, 3], 900, 135, 270),
    (INV, [4, 5, 6], 1200, 180, 360),
    (INV, [7, 8, 9], 2000, 300, 600),
    (INV, [10, 11, 12], 4000, 600, 1200),
    (INV, [13, 14, 15], 6000, 900, 1800),
    (INV, [16, 17, 18, 19, 20], 8000, 1200, 2400),
    (UM, [1, 2, 3], 600, 90, 180),
    (UM, [4, 5], 900, 135, 270),
    (UM, [6, 7, 8], 1200, 180, 360),
    (UM, [9, 10], 2000, 300, 600),
    (DES, [1, 2, 3], 600, 90, 180),
    (DES, [4, 5], 900, 135, 270),
    (DES, [6, 7, 8], 1200, 180, 360),
    (DES, [9, 10], 2000, 300, 600),
    (DES, [11, 12, 13, 14, 15], 3000, 450, 900),
]


@pytest.mark.parametrize(("kind", "years", "full", "at_85", "at_70"), FEE_TABLE)
def test_fee_table(kind: RightKind, years: list[int], full: int, at_85: int, at_70: int) -> None:
    # Granted in year 1 (filed 2021-06-01), so the 10-year reduction window covers years 1-10.
    filed, granted = D(2021, 6, 1), D(2022, 3, 1)
    plain = {
        e.year: e for e in annual_fee_schedule(kind, filing_date=filed, grant_date=granted).entries
    }
    for rate, reduced in ((Decimal("0.85"), at_85), (Decimal("0.70"), at_70)):
        entries = {
            e.year: e
            for e in annual_fee_schedule(
                kind, filing_date=filed, grant_date=granted, reduction_rate=rate
            ).entries
        }
        for year in years:
            assert plain[year].full_fee == plain[year].payable_fee == full
            expected = reduced if year <= 10 else full
            assert entries[year].payable_fee == expected, (kind, year, rate)


def test_design_filed_on_2021_06_01_has_year_11_fee_of_3000() -> None:
    schedule = annual_fee_schedule(DES, filing_date=D(2021, 6, 1), grant_date=D(2021, 12, 1))
    year11 = next(e for e in schedule.entries if e.year == 11)
    assert year11.full_fee == 3000
    assert schedule.last_year == 15


def test_design_filed_on_2021_05_31_ends_with_year_10() -> None:
    schedule = annual_fee_schedule(DES, filing_date=D(2021, 5, 31), grant_date=D(2021, 12, 1))
    assert schedule.last_year == 10
    assert schedule.entries[-1].year == 10


def test_oracle_4_reduced_year_5_fee() -> None:
    schedule = annual_fee_schedule(
        INV,
        filing_date=D(2020, 3, 12),
        grant_date=D(2023, 5, 12),
        reduction_rate=Decimal("0.85"),
    )
    assert schedule.grant_year == 4
    year5 = next(e for e in schedule.entries if e.year == 5)
    assert (year5.due_date, year5.full_fee, year5.payable_fee) == (
        D(2024, 3, 12),
        Decimal(1200),
        Decimal(180),
    )


def test_reduction_window_is_10_years_from_the_grant_year_since_2018_08_01() -> None:
    # Granted in patent year 2 (filed 2019-01-10, granted 2020-05-01): years 2-11 reduced.
    schedule = annual_fee_schedule(
        INV, filing_date=D(2019, 1, 10), grant_date=D(2020, 5, 1), reduction_rate=Decimal("0.85")
    )
    reduced = [e.year for e in schedule.entries if e.payable_fee < e.full_fee]
    assert reduced == list(range(2, 12))


def test_before_2018_08_01_the_window_was_6_years() -> None:
    # Filed 2011-07-15, granted 2016-10-10 (grant year 6). Fees due before 2018-08-01 follow
    # 财税〔2016〕78号 (6 years from the grant year: years 6-11), later ones the 10-year rule.
    schedule = annual_fee_schedule(
        INV, filing_date=D(2011, 7, 15), grant_date=D(2016, 10, 10), reduction_rate=Decimal("0.70")
    )
    by_year = {e.year: e for e in schedule.entries}
    assert by_year[6].payable_fee == 360  # grant-year fee paid 2016: reduced (70 %)
    assert by_year[7].due_date == D(2017, 7, 17)  # 2017-07-15 is a Saturday
    assert by_year[7].payable_fee == 600
    assert by_year[8].due_date == D(2018, 7, 16)  # 2018-07-15 Sunday; still before 2018-08-01
    assert by_year[8].payable_fee == 600  # 8 - 6 + 1 = 3rd year from grant ≤ 6
    assert by_year[15].payable_fee == 1800  # 10th year from the grant year, 10-year rule
    assert by_year[16].payable_fee == 8000  # 11th year: no reduction


def test_transition_years_7_to_9_regain_the_reduction_until_year_10() -> None:
    # Granted 2010-09-01 in patent year 1 (filed 2010-03-01). On 2018-08-01 it is in grant-year
    # 9: the 6-year window had ended, the next fee (grant-year 10, due 2019-03-01) is reduced again,
    # grant-year 11 (due 2020-03-02) is not.
    schedule = annual_fee_schedule(
        INV, filing_date=D(2010, 3, 1), grant_date=D(2010, 9, 1), reduction_rate=Decimal("0.85")
    )
    by_year = {e.year: e for e in schedule.entries}
    assert by_year[8].payable_fee == by_year[8].full_fee  # due 2017-03-01, 8th > 6
    assert by_year[9].payable_fee == by_year[9].full_fee  # due 2018-03-01, 9th > 6
    assert by_year[10].payable_fee == Decimal(600)  # due 2019-03-01, 10th ≤ 10: 4000 × 15 %
    assert by_year[11].payable_fee == by_year[11].full_fee


def test_no_reduction_before_the_2016_scheme() -> None:
    schedule = annual_fee_schedule(
        INV, filing_date=D(1997, 6, 3), grant_date=D(2001, 8, 1), reduction_rate=Decimal("0.85")
    )
    assert all(e.payable_fee == e.full_fee for e in schedule.entries)


def test_open_licence_is_15_percent_and_not_cumulative() -> None:
    # Filed 2012-01-05, granted 2014-06-01 (grant year 3): year 13 (due 2024-01-05) is the 11th
    # year from the grant year — outside the entity window — and before the open-licence rule
    # (2024-07-15); year 14 (due 2025-01-06, 2025-01-05 a Sunday) gets the open-licence 15 %.
    schedule = annual_fee_schedule(
        INV,
        filing_date=D(2012, 1, 5),
        grant_date=D(2014, 6, 1),
        reduction_rate=Decimal("0.85"),
        open_licence=True,
    )
    by_year = {e.year: e for e in schedule.entries}
    assert by_year[12].payable_fee == 600  # 10th year from grant (due 2023): entity 85 %
    assert by_year[13].payable_fee == 6000
    assert by_year[14].payable_fee == Decimal(5100)  # 6000 × 85 %
    assert by_year[14].reduction == "open_licence 0.15"


def test_the_best_reduction_wins_when_both_apply() -> None:
    # Filed 2016-01-05, granted 2017-06-01 (grant year 2); year 10 due 2025-01-06 (the 5th is a
    # Sunday) is the 9th year from the grant year: entity 85 % and open licence 15 % both apply.
    schedule = annual_fee_schedule(
        INV,
        filing_date=D(2016, 1, 5),
        grant_date=D(2017, 6, 1),
        reduction_rate=Decimal("0.85"),
        open_licence=True,
    )
    year10 = next(e for e in schedule.entries if e.year == 10)
    assert (year10.payable_fee, year10.reduction) == (Decimal(600), "entity 0.85")


@pytest.mark.parametrize(
    ("paid", "status", "surcharge"),
    [
        (D(2002, 6, 3), "on_time", 0),
        (D(2002, 7, 3), "late", 0),
        (D(2002, 7, 4), "late", 60),
        (D(2002, 8, 4), "late", 120),
        (D(2002, 9, 4), "late", 180),
        (D(2002, 10, 4), "late", 240),
        (D(2002, 11, 4), "late", 300),
        (D(2002, 12, 3), "late", 300),
    ],
)
def test_late_fee_table_by_month(paid: dt.date, status: str, surcharge: int) -> None:
    result = late_payment(INV, year=6, due_date=D(2002, 6, 3), paid_date=paid)
    assert (result.status, result.surcharge, result.total) == (status, surcharge, 1200 + surcharge)


def test_after_six_months_the_right_terminates_and_restoration_costs_fee_25_percent_1000() -> None:
    result = late_payment(INV, year=6, due_date=D(2002, 6, 3), paid_date=D(2002, 12, 4))
    assert result.status == "terminated"
    assert (result.surcharge, result.restoration_fee, result.total) == (300, 1000, 2500)


@pytest.mark.parametrize(
    ("paid", "surcharge", "total"), [(D(2024, 4, 12), 0, 180), (D(2024, 4, 15), 60, 240)]
)
def test_oracle_4_surcharge_is_a_share_of_the_full_fee(
    paid: dt.date, surcharge: int, total: int
) -> None:
    result = late_payment(
        INV, year=5, due_date=D(2024, 3, 12), paid_date=paid, reduction_rate=Decimal("0.85")
    )
    assert (result.payable_fee, result.surcharge, result.total) == (180, surcharge, total)


def test_last_day_of_the_late_period_moves_to_the_next_working_day() -> None:
    # Due 2024-04-01: + 6 months = 2024-10-01 (National Day); the period ends 2024-10-08.
    on_8th = late_payment(INV, year=5, due_date=D(2024, 4, 1), paid_date=D(2024, 10, 8))
    on_9th = late_payment(INV, year=5, due_date=D(2024, 4, 1), paid_date=D(2024, 10, 9))
    assert on_8th.grace_end == D(2024, 10, 8)
    assert (on_8th.status, on_8th.surcharge) == ("late", 300)
    assert on_9th.status == "terminated"


@pytest.mark.parametrize("rate", ["0.5", "0.15", "1"])
def test_reduction_must_be_085_or_070(rate: str) -> None:
    with pytest.raises(ValidationError) as caught:
        annual_fee_schedule(
            INV, filing_date=D(2020, 1, 1), grant_date=D(2022, 1, 1), reduction_rate=Decimal(rate)
        )
    assert caught.value.params["field"] == "reduction_rate"


def test_grant_before_filing_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        annual_fee_schedule(INV, filing_date=D(2020, 1, 1), grant_date=D(2019, 1, 1))
    assert caught.value.params["field"] == "grant_date"


def test_late_fee_with_a_reduction_before_any_scheme_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        late_payment(
            INV,
            year=6,
            due_date=D(2002, 6, 3),
            paid_date=D(2002, 7, 4),
            reduction_rate=Decimal("0.85"),
        )
    assert caught.value.params["field"] == "reduction_rate"
