"""The monthly table provincial protection centres publish: grants and applications in a period by
patent type × region × applicant type × 职务 (service) / 非职务 (non-service).

职务 inventions are those of enterprises, universities, research institutes and public bodies;
非职务 those of individuals (nmgipup.cn monthly "专利数据统计" layout, registry_stats.md §3).
The applicant type is the first patentee's (first applicant's, before grant) ``party_type``;
records without one are counted under ``unknown``. In a breakdown by region, records whose first
patentee has no region at that level are rows with ``region`` None (``unattributed``), so the
rows add up to the period's total.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.core.scoping import OrgScope
from ipcenter.stats.facts import (
    SERVICE_TYPES,
    ensure_fresh,
    fact_group_keys,
    fact_region_condition,
    fact_region_key,
    facts_table,
)
from ipcenter.stats.snapshot import RegionFilter, scope_condition

__all__ = ["SERVICE_TYPES", "GrantRow", "grants_table"]


class GrantRow(BaseModel):
    measure: str  # "grants" or "applications"
    patent_type: str
    # The region's code; "" when there is no breakdown by region, None for the records with no
    # region at the breakdown's level (``unattributed``).
    region: str | None
    applicant_type: str
    service: str  # "service" (职务), "non_service" (非职务) or "unknown"
    count: int
    unattributed: bool = False


def grants_table(
    session: Session,
    *,
    start: dt.date,
    end: dt.date,
    scope: OrgScope,
    regions: RegionFilter,
) -> list[GrantRow]:
    """Counts of CN grants (by grant date) and applications (by filing date) in [start, end]."""
    if end < start:
        raise ValidationError(
            field="end", value=end.isoformat(), reason=N_("is before the start of the period")
        )
    ensure_fresh(session)
    facts = facts_table()
    region = fact_region_key(facts, regions.group_level)
    rows: list[GrantRow] = []
    for measure, column in (
        ("grants", facts.c.grant_date),
        ("applications", facts.c.filing_date),
    ):
        statement: Any = (
            select(
                facts.c.patent_type,
                region.label("region"),
                facts.c.applicant_type,
                facts.c.service,
                func.count().label("count"),
            )
            .where(
                facts.c.jurisdiction == "CN",
                column >= start,
                column <= end,
                scope_condition(facts.c.org_id, scope),
                facts.c.domestic == true(),
                fact_region_condition(facts, regions),
            )
            .group_by(
                facts.c.patent_type,
                *fact_group_keys(facts, regions.group_level),
                facts.c.applicant_type,
                facts.c.service,
            )
        )
        for row in session.execute(statement).mappings():
            key = row["region"] or ""
            unattributed = regions.group_level is not None and not key
            rows.append(
                GrantRow(
                    measure=measure,
                    patent_type=row["patent_type"],
                    region=None if unattributed else key.ljust(6, "0") if key else "",
                    applicant_type=row["applicant_type"],
                    service=row["service"],
                    count=int(row["count"]),
                    unattributed=unattributed,
                )
            )
    return sorted(
        rows,
        key=lambda r: (
            r.measure,
            r.unattributed,
            r.region or "",
            r.patent_type,
            r.applicant_type,
            r.service,
        ),
    )
