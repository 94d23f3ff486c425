"""Working days and the holiday shift of computed dates (data/portfolio/shift_policy.csv).

China's week is not simply Monday to Friday: the State Council moves working days onto weekends
around public holidays (调休), so 2024-02-04 (a Sunday) was a working day and 2024-10-07 (a Monday)
was not. The shipped calendar lists every holiday and adjusted working day of 2015-2026; outside
those years only weekends are known, and the explanation says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from ipcenter.core.refdata import Row, load_table
from ipcenter.portfolio.types import Shift

ONE_DAY = dt.timedelta(days=1)
NEVER = "never"
NEXT_WORKING_DAY = "next_working_day"
NEXT_WEEKDAY = "next_weekday"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class WorkCalendar:
    """Public holidays and adjusted working days of one office, with the years it covers."""

    name: str
    days: dict[dt.date, Row]
    first_year: int
    last_year: int

    def covers(self, day: dt.date) -> bool:
        return self.first_year <= day.year <= self.last_year

    def is_working_day(self, day: dt.date) -> bool:
        row = self.days.get(day)
        if row is not None:
            return row["kind"] == "workday"
        return day.weekday() < 5

    def describe(self, day: dt.date) -> str:
        row = self.days.get(day)
        if row is not None and row["kind"] == "holiday":
            return f"{day.isoformat()} is a public holiday ({row['name']})"
        if row is not None:
            return f"{day.isoformat()} is an adjusted working day ({row['name']} 调休)"
        return f"{day.isoformat()} is a {_WEEKDAYS[day.weekday()]}"


@cache
def load_calendar(name: str) -> WorkCalendar:
    table = load_table(name)
    days = {dt.date.fromisoformat(row["date"]): row for row in table.rows}
    years = sorted({day.year for day in days})
    return WorkCalendar(name=name, days=days, first_year=years[0], last_year=years[-1])


def cn_calendar() -> WorkCalendar:
    return load_calendar("portfolio/cn_holidays_2015_2026.csv")


@cache
def _policies() -> dict[tuple[str, str], Row]:
    table = load_table("portfolio/shift_policy.csv")
    return {(row["jurisdiction"], row["date_kind"]): row for row in table.rows}


def shift_policy(jurisdiction: str, date_kind: str) -> Row | None:
    """The shift rule for a kind of date in a jurisdiction (falling back to ``*``)."""
    policies = _policies()
    return policies.get((jurisdiction, date_kind)) or policies.get(("*", date_kind))


def shift_date(day: dt.date, jurisdiction: str, date_kind: str) -> tuple[dt.date, Shift]:
    """``day`` moved according to the shift policy, and the record of what happened."""
    row = shift_policy(jurisdiction, date_kind)
    if row is None or row["policy"] == NEVER:
        source = row["source"] if row else "no shift rule for this kind of date"
        return day, Shift(policy=NEVER, unshifted=day, source=source)
    if row["policy"] == NEXT_WEEKDAY:
        moved = day
        while moved.weekday() >= 5:
            moved += ONE_DAY
        reason = None
        if moved != day:
            reason = (
                f"{day.isoformat()} is a {_WEEKDAYS[day.weekday()]}; next weekday "
                f"{moved.isoformat()} (public holidays of this office are not shipped)"
            )
        return moved, Shift(
            policy=NEXT_WEEKDAY,
            unshifted=day,
            shifted=moved != day,
            reason=reason,
            source=row["source"],
        )
    calendar = load_calendar(row["calendar"])
    moved = day
    while not _working(calendar, moved):
        moved += ONE_DAY
    reasons = []
    if moved != day:
        reasons.append(f"{calendar.describe(day)}; next working day {moved.isoformat()}")
    if not calendar.covers(day):
        reasons.append(
            f"the holiday calendar covers {calendar.first_year}-{calendar.last_year}: "
            f"only weekends were checked for {day.year}"
        )
    return moved, Shift(
        policy=NEXT_WORKING_DAY,
        unshifted=day,
        shifted=moved != day,
        reason="; ".join(reasons) or None,
        source=row["source"],
    )


def _working(calendar: WorkCalendar, day: dt.date) -> bool:
    if calendar.covers(day):
        return calendar.is_working_day(day)
    return day.weekday() < 5
