"""JSON API of the stats capability: indicators, the region drill-down, trends, the grants table."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from ipcenter import stats
from ipcenter.accounts import Caller, Permission
from ipcenter.web.deps import SessionDep, requires

router = APIRouter(prefix="/api/v1/stats", tags=["stats"])
Reader = Annotated[Caller, Depends(requires(Permission.STATS_READ))]
AsOf = Annotated[str | None, Query(description="Snapshot date YYYY-MM-DD (default: today).")]
Region = Annotated[str | None, Query(description="GB/T 2260 code (default: the mainland).")]
Level = Annotated[str | None, Query(description="province, city or county.")]


def snapshot_date(value: str | None) -> dt.date:
    return stats.parse_as_of(value) if value else dt.date.today()


@router.get("/indicators", response_model=stats.IndicatorReport)
def api_indicators(
    session: SessionDep,
    caller: Reader,
    as_of: AsOf = None,
    region: Region = None,
    level: Level = None,
) -> stats.IndicatorReport:
    """Every indicator at ``as_of`` and a year earlier, over the records the caller may see."""
    return stats.compute_indicators(
        session, as_of=snapshot_date(as_of), scope=caller.scope, region_code=region, level=level
    )


@router.get("/regions", response_model=list[stats.RegionRow])
def api_regions(
    session: SessionDep, caller: Reader, as_of: AsOf = None, parent: Region = None
) -> list[stats.RegionRow]:
    """Valid and high-value invention patents per region one level below ``parent``."""
    return stats.region_table(
        session, as_of=snapshot_date(as_of), scope=caller.scope, parent=parent
    )


@router.get("/trend")
def api_trend(
    session: SessionDep,
    caller: Reader,
    as_of: AsOf = None,
    region: Region = None,
    years: Annotated[int, Query(ge=1, le=15)] = 5,
) -> list[dict[str, Any]]:
    """The main stock indicators at the same date in each of the last ``years`` years."""
    return stats.trend(
        session, as_of=snapshot_date(as_of), scope=caller.scope, region_code=region, years=years
    )


@router.get("/grants", response_model=list[stats.GrantRow])
def api_grants(
    session: SessionDep,
    caller: Reader,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    region: Region = None,
    level: Level = None,
) -> list[stats.GrantRow]:
    """Grants and applications in [from, to] by type × region × applicant type × 职务/非职务
    (default: 1 January to today)."""
    last = stats.parse_as_of(end, field="to") if end else dt.date.today()
    first = stats.parse_as_of(start, field="from") if start else dt.date(last.year, 1, 1)
    regions = stats.region_filter(region, None)
    grouped = stats.RegionFilter(
        code=regions.code, level=regions.level, group_level=level or regions.level
    )
    return stats.grants_table(session, start=first, end=last, scope=caller.scope, regions=grouped)
