"""Portfolio API: stored deadlines, their workflow and the cost forecast (shapes of the CLI)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from ipcenter.accounts import Caller, Permission
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.portfolio import (
    DeadlineDetail,
    DeadlineList,
    Forecast,
    TransitionIn,
    forecast_costs,
    get_deadline,
    list_deadlines,
    parse_deadline_query,
    transition_deadline,
)
from ipcenter.web.deps import LanguageDep, SessionDep, requires

router = APIRouter(prefix="/api/v1/portfolio", tags=["portfolio"])
Reader = Annotated[Caller, Depends(requires(Permission.PORTFOLIO_READ))]
Writer = Annotated[Caller, Depends(requires(Permission.PORTFOLIO_WRITE))]


def json_only(request: Request) -> None:
    """Writes take JSON only: a browser cannot send JSON to another site without asking it
    first (CORS preflight), so a forged cross-site form cannot move a deadline."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise ValidationError(
            field="content-type", value=content_type, reason=N_("must be application/json")
        )


@router.get("/deadlines", response_model=DeadlineList)
def api_list_deadlines(
    request: Request,
    session: SessionDep,
    caller: Reader,
    lang: LanguageDep,
    org: Annotated[str | None, Query(description="organisation id (default: all in scope)")] = None,
    until: Annotated[str | None, Query(description="last due date, YYYY-MM-DD")] = None,
) -> DeadlineList:
    """Overdue and upcoming deadlines (default: the next 90 days)."""
    query = parse_deadline_query(request.query_params)
    return list_deadlines(
        session,
        scope=caller.scope,
        as_of=dt.date.today(),
        until=query.until,
        org_id=query.org_id,
        lang=lang,
    )


@router.get("/deadlines/{deadline_id}", response_model=DeadlineDetail)
def api_get_deadline(
    deadline_id: int, session: SessionDep, caller: Reader, lang: LanguageDep
) -> DeadlineDetail:
    """One deadline with its explanation, the workflow steps open to it and its reminders."""
    return get_deadline(session, deadline_id, scope=caller.scope, as_of=dt.date.today(), lang=lang)


@router.post(
    "/deadlines/{deadline_id}/transitions",
    response_model=DeadlineDetail,
    dependencies=[Depends(json_only)],
)
def api_transition_deadline(
    deadline_id: int, step: TransitionIn, session: SessionDep, caller: Writer, lang: LanguageDep
) -> DeadlineDetail:
    """Take one workflow step: remind, instruct_pay, instruct_abandon, pay (with receipt_number,
    paid_on, paid_amount) or close. A step the deadline's state does not allow gets 409."""
    return transition_deadline(
        session,
        deadline_id,
        step,
        scope=caller.scope,
        actor=caller.username,
        as_of=dt.date.today(),
        lang=lang,
    )


@router.get("/forecast", response_model=Forecast)
def api_forecast(
    request: Request,
    session: SessionDep,
    caller: Reader,
    lang: LanguageDep,
    org: Annotated[str | None, Query(description="organisation id (default: all in scope)")] = None,
    years: Annotated[
        str | None, Query(description="calendar years ahead, 1-20 (default 5)")
    ] = None,
) -> Forecast:
    """Fees to expect per calendar year, currency and deadline kind."""
    query = parse_deadline_query(request.query_params)
    return forecast_costs(
        session,
        scope=caller.scope,
        as_of=dt.date.today(),
        years=query.years,
        org_id=query.org_id,
        lang=lang,
    )
