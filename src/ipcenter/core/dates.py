"""Calendar arithmetic used by legal rules."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later; when that month is shorter, its last day.

    This is how Chinese (Examination Guidelines Part V Ch. 7) and most other offices count
    month and year periods: 2023-08-31 + 6 months is 2024-02-29.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)
