"""The rule table (data/portfolio/rules.csv): which deadline a trigger creates, and when.

Modelled on phpIP's ``task_rules``: a trigger event, filters on jurisdiction and right kind, an
offset in years/months/days, recurrence, abort events and the law's validity period. The row in
force is chosen by the date its ``selected_by`` column names (filing date for most rules: the law
applying to an application is the law on its filing date).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache

from ipcenter.core.dates import add_months
from ipcenter.core.refdata import Row, load_table
from ipcenter.portfolio.types import RightKind

PATENT_KINDS = frozenset({RightKind.INVENTION, RightKind.UTILITY_MODEL, RightKind.DESIGN})


@dataclass(frozen=True)
class Rule:
    rule_id: str
    jurisdiction: str
    right_kind: str  # a RightKind value or "patent"
    deadline_kind: str
    trigger_event: str
    offset_years: int
    offset_months: int
    offset_days: int
    first_year: str
    end_of_month: bool
    window_months: int | None
    grace_months: int | None
    grace_end_of_month: bool
    abort_on: frozenset[str]
    condition: str
    date_kind: str
    selected_by: str
    source: str
    row: Row

    def applies_to(self, kind: RightKind) -> bool:
        if self.right_kind == "patent":
            return kind in PATENT_KINDS
        return self.right_kind == kind.value

    def due_from(self, trigger: dt.date) -> dt.date:
        """The unshifted due date: trigger + offset (last day of month if end_of_month)."""
        day = add_months(trigger, 12 * self.offset_years + self.offset_months)
        day += dt.timedelta(days=self.offset_days)
        return end_of_month(day) if self.end_of_month else day

    def offset_text(self) -> str:
        parts = [
            f"{value} {unit}"
            for value, unit in (
                (self.offset_years, "years"),
                (self.offset_months, "months"),
                (self.offset_days, "days"),
            )
            if value
        ]
        return " ".join(parts) or "0 days"


def end_of_month(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


def _rule(row: Row) -> Rule:
    return Rule(
        rule_id=row["rule_id"],
        jurisdiction=row["jurisdiction"],
        right_kind=row["right_kind"],
        deadline_kind=row["deadline_kind"],
        trigger_event=row["trigger_event"],
        offset_years=_int(row["offset_years"]) or 0,
        offset_months=_int(row["offset_months"]) or 0,
        offset_days=_int(row["offset_days"]) or 0,
        first_year=row["first_year"],
        end_of_month=row["end_of_month"] == "yes",
        window_months=_int(row["window_months"]),
        grace_months=_int(row["grace_months"]),
        grace_end_of_month=row["grace_end_of_month"] == "yes",
        abort_on=frozenset(filter(None, row["abort_on"].split(";"))),
        condition=row["condition"],
        date_kind=row["date_kind"],
        selected_by=row["selected_by"],
        source=row["source"],
        row=row,
    )


@cache
def _table() -> tuple[Rule, ...]:
    return tuple(_rule(row) for row in load_table("portfolio/rules.csv").rows)


def rules_for(
    jurisdiction: str,
    kind: RightKind,
    *,
    on: dt.date | None,
    deadline_kind: str | None = None,
    trigger_event: str | None = None,
) -> list[Rule]:
    """Rules of a jurisdiction and right kind in force on ``on`` (any validity when None)."""
    table = load_table("portfolio/rules.csv")
    in_force = {id(row) for row in (table.valid_on(on) if on is not None else table.rows)}
    return [
        rule
        for rule in _table()
        if id(rule.row) in in_force
        and rule.jurisdiction == jurisdiction
        and rule.applies_to(kind)
        and (deadline_kind is None or rule.deadline_kind == deadline_kind)
        and (trigger_event is None or rule.trigger_event == trigger_event)
    ]


def rule_by_id(rule_id: str) -> Rule | None:
    return next((rule for rule in _table() if rule.rule_id == rule_id), None)
