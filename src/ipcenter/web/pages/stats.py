"""The statistics dashboard: cards, trends, the region drill-down and the XLSX bulletin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from ipcenter import stats
from ipcenter.accounts import Caller, Permission
from ipcenter.core.i18n import gettext
from ipcenter.rights import region_path
from ipcenter.web.api.stats import snapshot_date
from ipcenter.web.deps import LanguageDep, SessionDep, requires
from ipcenter.web.templating import render

router = APIRouter(prefix="/stats", include_in_schema=False)
Reader = Annotated[Caller, Depends(requires(Permission.STATS_READ))]
Text = Annotated[str | None, Query()]


@router.get("")
def dashboard(
    request: Request,
    session: SessionDep,
    caller: Reader,
    lang: LanguageDep,
    as_of: Text = None,
    region: Text = None,
) -> Response:
    """Indicator cards for a region (default: the mainland) and its sub-regions."""
    day = snapshot_date(as_of)
    region = region or None
    report = stats.compute_indicators(session, as_of=day, scope=caller.scope, region_code=region)
    regions = stats.region_table(
        session, as_of=day, scope=caller.scope, parent=report.region_code, lang=lang
    )
    points = stats.trend(session, as_of=day, scope=caller.scope, region_code=report.region_code)
    return render(
        request,
        "stats/dashboard.html",
        report=report,
        regions=regions,
        regions_json=[row.model_dump() for row in regions],
        trend=points,
        labels=stats.labels(),
        units=stats.unit_labels(),
        unattributed_note=gettext(stats.UNATTRIBUTED_NOTE),
        path=region_path(report.region_code),
        lang=lang,
    )


@router.get("/bulletin.xlsx")
def bulletin(
    session: SessionDep,
    caller: Reader,
    lang: LanguageDep,
    as_of: Text = None,
    region: Text = None,
) -> Response:
    """The indicators as a workbook laid out like a provincial bulletin."""
    day = snapshot_date(as_of)
    report = stats.compute_indicators(
        session, as_of=day, scope=caller.scope, region_code=region or None
    )
    regions = stats.region_table(
        session, as_of=day, scope=caller.scope, parent=report.region_code, lang=lang
    )
    filter_ = stats.region_filter(report.region_code, None)
    grouped = stats.RegionFilter(
        code=filter_.code,
        level=filter_.level,
        group_level=stats.child_level(filter_.level) or filter_.level,
    )
    grants = stats.grants_table(
        session, start=dt.date(day.year, 1, 1), end=day, scope=caller.scope, regions=grouped
    )
    body = stats.bulletin_xlsx(report, regions, grants, labels=stats.labels(), lang=lang)
    name = f"ipcenter-stats-{report.region_code or 'cn'}-{day.isoformat()}.xlsx"
    return Response(
        body,
        media_type=stats.XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
