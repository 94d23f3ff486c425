"""The rights registry: patent list with filters, detail pages, exports; trademarks and GIs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from ipcenter.accounts import Caller, Permission
from ipcenter.core.i18n import gettext
from ipcenter.core.labels import LABELS
from ipcenter.rights import (
    geographical_indication_public,
    get_geographical_indication,
    get_patent,
    get_trademark,
    list_geographical_indications,
    list_patents,
    list_trademarks,
    parse_patent_filters,
    patent_public,
    patent_summary,
    patents_table,
    trademark_public,
)
from ipcenter.web.deps import LanguageDep, SessionDep, requires
from ipcenter.web.downloads import table_download, table_format
from ipcenter.web.templating import render

router = APIRouter(prefix="/rights", include_in_schema=False)
Reader = Annotated[Caller, Depends(requires(Permission.REGISTRY_READ))]
Exporter = Annotated[Caller, Depends(requires(Permission.REGISTRY_EXPORT))]

EXPORT_LIMIT = 100_000


@router.get("/patents")
def patents(request: Request, session: SessionDep, caller: Reader, lang: LanguageDep) -> Response:
    filters = parse_patent_filters(request.query_params)
    records, count = list_patents(session, scope=caller.scope, filters=filters)
    return render(
        request,
        "rights/patents.html",
        rows=[patent_summary(p, lang=lang) for p in records],
        count=count,
        filters=filters,
        query=filters.query_items(),
        pages=max(1, -(-count // filters.page_size)),
        types=LABELS["patent_type"],
        statuses=LABELS["status"],
    )


@router.get("/patents/export")
def export_patents(
    request: Request, session: SessionDep, caller: Exporter, lang: LanguageDep
) -> Response:
    file_format = table_format(request)
    filters = parse_patent_filters(request.query_params)
    records, _count = list_patents(session, scope=caller.scope, filters=filters, limit=EXPORT_LIMIT)
    table = patents_table([patent_summary(p, lang=lang) for p in records], translate=gettext)
    return table_download(table, file_format, "patents")


@router.get("/patents/{patent_id}")
def patent_detail(
    request: Request, patent_id: int, session: SessionDep, caller: Reader, lang: LanguageDep
) -> Response:
    patent = patent_public(get_patent(session, patent_id, scope=caller.scope), lang=lang)
    return render(request, "rights/patent_detail.html", patent=patent)


@router.get("/trademarks")
def trademarks(request: Request, session: SessionDep, caller: Reader) -> Response:
    marks = [trademark_public(m) for m in list_trademarks(session, scope=caller.scope)]
    return render(request, "rights/trademarks.html", marks=marks)


@router.get("/trademarks/{trademark_id}")
def trademark_detail(
    request: Request, trademark_id: int, session: SessionDep, caller: Reader
) -> Response:
    mark = trademark_public(get_trademark(session, trademark_id, scope=caller.scope))
    return render(request, "rights/trademark_detail.html", mark=mark)


@router.get("/gis")
def geographical_indications(request: Request, session: SessionDep, caller: Reader) -> Response:
    gis = [
        geographical_indication_public(g)
        for g in list_geographical_indications(session, scope=caller.scope)
    ]
    return render(request, "rights/gis.html", gis=gis)


@router.get("/gis/{gi_id}")
def geographical_indication_detail(
    request: Request, gi_id: int, session: SessionDep, caller: Reader
) -> Response:
    gi = geographical_indication_public(
        get_geographical_indication(session, gi_id, scope=caller.scope)
    )
    return render(request, "rights/gi_detail.html", gi=gi)
