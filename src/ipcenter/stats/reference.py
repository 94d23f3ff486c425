"""The reference data indicators need: population, SEI concordance, award list, GI national totals.

Shipped tables live under ``data/stats/`` with a source per row; users can upload a fuller SEI
concordance and maintain the award list (``stats_sei_rules``, ``stats_awarded_patents``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import String, cast, delete, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.core.refdata import load_table
from ipcenter.rights import read_application_number
from ipcenter.stats.models import AwardedPatent, SeiRule

POPULATION = "stats/population.csv"
SEI_CONCORDANCE = "stats/sei_concordance.csv"
AWARDS = "stats/awards.csv"
GI_NATIONAL = "stats/gi_national_totals.csv"


@dataclass(frozen=True)
class Population:
    region_code: str
    year: int
    population_10k: float
    kind: str
    source: str


@cache
def _population() -> dict[tuple[str, int], Population]:
    return {
        (row["region_code"], int(row["year"])): Population(
            region_code=row["region_code"],
            year=int(row["year"]),
            population_10k=float(row["population_10k"]),
            kind=row["kind"],
            source=row["source"],
        )
        for row in load_table(POPULATION).rows
    }


def population_year(day: dt.date) -> int:
    """The year whose year-end population divides a stock on ``day``: the latest year ended on or
    before it (31 Dec 2023 → 2023; 31 Mar 2024 → 2023). This reproduces published ratios: Inner
    Mongolia, end of March 2024, 13,398 valid invention patents, 5.59 per 10,000 (÷ 2,396.0万, the
    2023 year-end population; registry_stats.md §3)."""
    return day.year if (day.month, day.day) == (12, 31) else day.year - 1


def population_for(region_code: str | None, year: int) -> Population | None:
    """The year-end resident population of a region, or None where the table has no figure."""
    if region_code is None:
        return None
    return _population().get((region_code, year))


def population_coverage() -> list[Population]:
    return sorted(_population().values(), key=lambda p: (p.region_code, p.year))


@dataclass(frozen=True)
class NationalTotal:
    regime: str
    count_date: dt.date
    total: int
    source: str


def national_gi_total(regime: str, day: dt.date) -> NationalTotal | None:
    """The latest national GI total of ``regime`` counted on or before ``day``."""
    rows = [
        NationalTotal(
            regime=row["regime"],
            count_date=dt.date.fromisoformat(row["count_date"]),
            total=int(row["total"]),
            source=row["source"],
        )
        for row in load_table(GI_NATIONAL).rows
        if row["regime"] == regime
    ]
    earlier = [row for row in rows if row.count_date <= day]
    return max(earlier, key=lambda row: row.count_date) if earlier else None


def uploaded_sei_rule_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(SeiRule)) or 0)


def sei_rules_source(session: Session) -> Any:
    """A selectable of the active concordance (columns ``ipc_prefix``, ``keyword``): the uploaded
    table when it has rows, else the shipped partial one."""
    if uploaded_sei_rule_count(session):
        rules = SeiRule.__table__
        return (
            select(rules.c.ipc_prefix, rules.c.keyword)
            .where(rules.c.ipc_prefix != "")
            .subquery("sei_rules")
        )
    shipped = [row for row in load_table(SEI_CONCORDANCE).rows if row["ipc_prefix"].strip()]
    selects = [
        select(
            literal(row["ipc_prefix"], String).label("ipc_prefix"),
            (literal(row["keyword"], String) if row["keyword"] else cast(null(), String)).label(
                "keyword"
            ),
        )
        for row in shipped
    ]
    return union_all(*selects).subquery("sei_rules")


def award_programmes() -> dict[str, str]:
    """Award keys and Chinese names (either is accepted in an award-list upload)."""
    return {row["award"]: row["award_zh"] for row in load_table(AWARDS).rows}


def _read_csv(text: str, required: set[str], what: str) -> list[dict[str, str]]:
    lines = [line for line in text.lstrip("\ufeff").splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    missing = required - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(
            field=what, reason=N_("missing columns: {columns}"), columns=", ".join(sorted(missing))
        )
    return [dict(row) for row in reader]


def load_sei_rules(session: Session, text: str) -> int:
    """Replace the uploaded concordance with the rows of a CSV (columns of the shipped one)."""
    rows = _read_csv(text, {"sector_code", "sector_zh", "ipc_prefix", "source"}, "sei_rules")
    records = []
    for number, row in enumerate(rows, start=2):
        prefix = (row.get("ipc_prefix") or "").strip()
        if not prefix:
            continue
        if len(prefix) < 3:
            raise ValidationError(
                field=f"sei_rules row {number}.ipc_prefix",
                value=prefix,
                reason=N_("must name at least an IPC class (3 characters, e.g. H04)"),
            )
        if not (row.get("source") or "").strip():
            raise ValidationError(
                field=f"sei_rules row {number}.source", reason=N_("every row needs a source")
            )
        records.append(
            SeiRule(
                sector_code=row["sector_code"].strip(),
                sector_zh=row["sector_zh"].strip(),
                ipc_prefix=prefix,
                keyword=(row.get("keyword") or "").strip() or None,
                source=row["source"].strip(),
            )
        )
    session.execute(delete(SeiRule))
    session.add_all(records)
    session.flush()
    return len(records)


def load_awards(session: Session, text: str) -> int:
    """Add or replace award-list entries from a CSV (application_number,award,year,source)."""
    rows = _read_csv(text, {"application_number", "award", "year", "source"}, "awards")
    count = 0
    for number, row in enumerate(rows, start=2):
        where = f"awards row {number}"
        application, _ = read_application_number("CN", row["application_number"])
        if application is None:
            raise ValidationError(field=f"{where}.application_number", reason=N_("is empty"))
        if not row["year"].strip().isdigit():
            raise ValidationError(
                field=f"{where}.year", value=row["year"], reason=N_("must be a year")
            )
        if not row["source"].strip():
            raise ValidationError(field=f"{where}.source", reason=N_("every row needs a source"))
        programmes = award_programmes()
        award = row["award"].strip()
        by_name = {name: key for key, name in programmes.items()}
        if award not in programmes and award not in by_name:
            raise ValidationError(
                field=f"{where}.award",
                value=award,
                reason=N_("is not one of the awards in data/stats/awards.csv"),
            )
        award = by_name.get(award, award)
        session.execute(
            delete(AwardedPatent).where(AwardedPatent.application_number == application)
        )
        session.add(
            AwardedPatent(
                application_number=application,
                award=award,
                year=int(row["year"]),
                source=row["source"].strip(),
            )
        )
        count += 1
    session.flush()
    return count
