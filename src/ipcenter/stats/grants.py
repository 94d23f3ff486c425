"""The monthly table provincial protection centres publish: grants and applications in a period by
patent type × region × applicant type × 职务 (service) / 非职务 (non-service).

职务 inventions are those of enterprises, universities, research institutes and public bodies;
非职务 those of individuals (nmgipup.cn monthly "专利数据统计" layout, registry_stats.md §3).
The applicant type is the first patentee's (first applicant's, before grant) ``party_type``;
records without one are counted under ``unknown``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.core.scoping import OrgScope
from ipcenter.stats.snapshot import (
    RegionFilter,
    domestic_condition,
    first_patentee,
    group_keys,
    region_condition,
    region_key,
    scope_condition,
    table,
)

SERVICE_TYPES = ("enterprise", "university", "research_institute", "public_body")


class GrantRow(BaseModel):
    measure: str  # "grants" or "applications"
    patent_type: str
    region: str
    applicant_type: str
    service: str  # "service" (职务), "non_service" (非职务) or "unknown"
    count: int


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
    patents = table("patents")
    party = first_patentee()
    kind = func.coalesce(party.c.party_type, "unknown")
    service = case(
        (party.c.party_type.in_(SERVICE_TYPES), "service"),
        (party.c.party_type == "individual", "non_service"),
        else_="unknown",
    )
    region = region_key(party.c.region_code, regions.group_level)
    rows: list[GrantRow] = []
    for measure, column in (
        ("grants", patents.c.grant_date),
        ("applications", patents.c.filing_date),
    ):
        statement: Any = (
            select(
                patents.c.patent_type,
                region.label("region"),
                kind.label("applicant_type"),
                service.label("service"),
                func.count().label("count"),
            )
            .select_from(patents.join(party, party.c.patent_id == patents.c.id))
            .where(
                patents.c.jurisdiction == "CN",
                column >= start,
                column <= end,
                scope_condition(patents.c.org_id, scope),
                domestic_condition(party.c.country, party.c.region_code),
                region_condition(party.c.region_code, regions),
            )
            .group_by(
                patents.c.patent_type,
                *group_keys(party.c.region_code, regions.group_level),
                kind,
                service,
            )
        )
        for row in session.execute(statement).mappings():
            rows.append(
                GrantRow(
                    measure=measure,
                    patent_type=row["patent_type"],
                    region=row["region"].ljust(6, "0") if row["region"] else "",
                    applicant_type=row["applicant_type"],
                    service=row["service"],
                    count=int(row["count"]),
                )
            )
    return sorted(
        rows, key=lambda r: (r.measure, r.region, r.patent_type, r.applicant_type, r.service)
    )
