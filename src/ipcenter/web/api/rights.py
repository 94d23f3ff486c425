"""Rights registry API: the same functions and shapes as the pages and the CLI."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from ipcenter.accounts import Caller, Permission
from ipcenter.rights import (
    GeographicalIndicationList,
    GeographicalIndicationPublic,
    NumberCheck,
    PatentList,
    PatentPublic,
    TrademarkList,
    TrademarkPublic,
    check_cn_application_number,
    find_patent,
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
    trademark_public,
)
from ipcenter.web.deps import CallerDep, LanguageDep, SessionDep, requires

router = APIRouter(prefix="/api/v1/rights", tags=["rights"])
Reader = Annotated[Caller, Depends(requires(Permission.REGISTRY_READ))]


@router.get("/patents", response_model=PatentList)
def api_list_patents(
    request: Request,
    session: SessionDep,
    caller: Reader,
    lang: LanguageDep,
    type: Annotated[
        str | None, Query(description="invention, utility_model, design, plant")
    ] = None,
    jurisdiction: Annotated[str | None, Query(description="two-letter office code")] = None,
    status: Annotated[str | None, Query(description="status today, e.g. in_force")] = None,
    applicant: Annotated[str | None, Query(description="part of an applicant's name")] = None,
    ipc: Annotated[str | None, Query(description="IPC prefix, e.g. A23C 9")] = None,
    filed_from: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    filed_to: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    page: Annotated[str | None, Query()] = None,
    page_size: Annotated[str | None, Query()] = None,
) -> PatentList:
    # The declared parameters document the API; one parser reads them, as the page does.
    filters = parse_patent_filters(request.query_params)
    records, count = list_patents(session, scope=caller.scope, filters=filters)
    return PatentList(
        data=[patent_summary(p, lang=lang) for p in records],
        count=count,
        page=filters.page,
        page_size=filters.page_size,
    )


@router.get("/patents/by-number/{number}", response_model=PatentPublic)
def api_patent_by_number(
    number: str,
    session: SessionDep,
    caller: Reader,
    lang: LanguageDep,
    org: Annotated[int | None, Query(description="Organisation id, when several hold it.")] = None,
) -> PatentPublic:
    return patent_public(find_patent(session, number, scope=caller.scope, org_id=org), lang=lang)


@router.get("/patents/{patent_id}", response_model=PatentPublic)
def api_get_patent(
    patent_id: int, session: SessionDep, caller: Reader, lang: LanguageDep
) -> PatentPublic:
    return patent_public(get_patent(session, patent_id, scope=caller.scope), lang=lang)


@router.get("/trademarks", response_model=TrademarkList)
def api_list_trademarks(session: SessionDep, caller: Reader) -> TrademarkList:
    marks = [trademark_public(m) for m in list_trademarks(session, scope=caller.scope)]
    return TrademarkList(data=marks, count=len(marks))


@router.get("/trademarks/{trademark_id}", response_model=TrademarkPublic)
def api_get_trademark(trademark_id: int, session: SessionDep, caller: Reader) -> TrademarkPublic:
    return trademark_public(get_trademark(session, trademark_id, scope=caller.scope))


@router.get("/gis", response_model=GeographicalIndicationList)
def api_list_gis(session: SessionDep, caller: Reader) -> GeographicalIndicationList:
    gis = [
        geographical_indication_public(g)
        for g in list_geographical_indications(session, scope=caller.scope)
    ]
    return GeographicalIndicationList(data=gis, count=len(gis))


@router.get("/gis/{gi_id}", response_model=GeographicalIndicationPublic)
def api_get_gi(gi_id: int, session: SessionDep, caller: Reader) -> GeographicalIndicationPublic:
    gi = get_geographical_indication(session, gi_id, scope=caller.scope)
    return geographical_indication_public(gi)


@router.get("/check-number", response_model=NumberCheck)
def api_check_number(number: str, caller: CallerDep) -> NumberCheck:
    """Validate a CN application number and its check digit (any logged-in user)."""
    return check_cn_application_number(number)
