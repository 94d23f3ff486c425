"""Portfolio pages: the deadline dashboard, a deadline with its workflow, forecast, iCal export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from pydantic import ValidationError as PydanticValidationError
from starlette.responses import RedirectResponse, Response

from ipcenter.accounts import Caller, Permission, list_organisations
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.portfolio import (
    ACTION_LABELS,
    BUCKET_LABELS,
    TransitionIn,
    deadlines_to_ical,
    email_reminder,
    forecast_costs,
    get_deadline,
    instruction_label,
    list_deadlines,
    parse_deadline_query,
    state_label,
    transition_deadline,
)
from ipcenter.web.csrf import verify_csrf
from ipcenter.web.deps import LanguageDep, SessionDep, requires
from ipcenter.web.templating import render

router = APIRouter(prefix="/portfolio", include_in_schema=False)
Reader = Annotated[Caller, Depends(requires(Permission.PORTFOLIO_READ))]
Writer = Annotated[Caller, Depends(requires(Permission.PORTFOLIO_WRITE))]
DASHBOARD_BUCKETS = ("overdue", "due_30", "due_90")
ICAL_DAYS = 400  # a calendar feed shows the coming year and a bit


def _organisations(session: SessionDep, caller: Caller) -> list[tuple[int, str]]:
    """The organisations a caller may pick (centre staff: every one it serves)."""
    orgs = list_organisations(session, scope=caller.scope)
    language = caller.language
    return [(o.id, (o.name_en or o.name) if language == "en" else o.name) for o in orgs]


@router.get("/deadlines")
def dashboard(request: Request, session: SessionDep, caller: Reader, lang: LanguageDep) -> Response:
    query = parse_deadline_query(request.query_params)
    today = dt.date.today()
    result = list_deadlines(
        session,
        scope=caller.scope,
        as_of=today,
        until=today + dt.timedelta(days=90),
        org_id=query.org_id,
        lang=lang,
    )
    grouped = {
        name: [row for row in result.data if row.bucket == name] for name in DASHBOARD_BUCKETS
    }
    return render(
        request,
        "portfolio/dashboard.html",
        result=result,
        grouped=grouped,
        bucket_labels=BUCKET_LABELS,
        organisations=_organisations(session, caller),
        org_id=query.org_id,
    )


@router.get("/deadlines.ics")
def deadlines_ics(
    request: Request, session: SessionDep, caller: Reader, lang: LanguageDep
) -> Response:
    query = parse_deadline_query(request.query_params)
    today = dt.date.today()
    result = list_deadlines(
        session,
        scope=caller.scope,
        as_of=today,
        until=query.until or today + dt.timedelta(days=ICAL_DAYS),
        org_id=query.org_id,
        lang=lang,
    )
    return Response(
        deadlines_to_ical(result.data, lang=lang),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="deadlines.ics"'},
    )


@router.get("/deadlines/{deadline_id}")
def deadline_detail(
    request: Request, deadline_id: int, session: SessionDep, caller: Reader, lang: LanguageDep
) -> Response:
    detail = get_deadline(
        session, deadline_id, scope=caller.scope, as_of=dt.date.today(), lang=lang
    )
    return render(
        request,
        "portfolio/deadline.html",
        deadline=detail,
        action_labels=ACTION_LABELS,
        state_label=state_label,
        instruction_label=instruction_label,
        can_write=caller.can(Permission.PORTFOLIO_WRITE),
        email_enabled=bool(request.app.state.settings.smtp_host),
        today=dt.date.today(),
    )


def _amount(value: str) -> Decimal | None:
    if not value.strip():
        return None
    try:
        return Decimal(value.strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationError(field="paid_amount", value=value, reason=N_("not a number")) from None


def _form_day(value: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(field="paid_on", value=value, reason=N_("not an ISO date")) from None


@router.post("/deadlines/{deadline_id}/transition", dependencies=[Depends(verify_csrf)])
def deadline_transition(
    request: Request,
    deadline_id: int,
    session: SessionDep,
    caller: Writer,
    lang: LanguageDep,
    action: Annotated[str, Form()] = "",
    receipt_number: Annotated[str, Form()] = "",
    paid_on: Annotated[str, Form()] = "",
    paid_amount: Annotated[str, Form()] = "",
    reminded_whom: Annotated[str, Form()] = "",
) -> Response:
    if action == "email":
        # Not a workflow step of its own: e-mail the people concerned now, which marks the
        # deadline reminded and logs the reminder.
        email_reminder(
            session,
            deadline_id,
            scope=caller.scope,
            as_of=dt.date.today(),
            settings=request.app.state.settings,
            actor=caller.username,
        )
        return RedirectResponse(f"/portfolio/deadlines/{deadline_id}", status_code=303)
    try:
        step = TransitionIn(
            action=action,  # checked by the model
            receipt_number=receipt_number.strip() or None,
            paid_on=_form_day(paid_on),
            paid_amount=_amount(paid_amount),
            reminded_whom=reminded_whom.strip() or None,
        )
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "action"
        raise ValidationError(field=field, reason=first["msg"]) from exc
    transition_deadline(
        session,
        deadline_id,
        step,
        scope=caller.scope,
        actor=caller.username,
        as_of=dt.date.today(),
        lang=lang,
    )
    return RedirectResponse(f"/portfolio/deadlines/{deadline_id}", status_code=303)


@router.get("/forecast")
def forecast(request: Request, session: SessionDep, caller: Reader, lang: LanguageDep) -> Response:
    query = parse_deadline_query(request.query_params)
    result = forecast_costs(
        session,
        scope=caller.scope,
        as_of=dt.date.today(),
        years=query.years,
        org_id=query.org_id,
        lang=lang,
    )
    return render(
        request,
        "portfolio/forecast.html",
        forecast=result,
        organisations=_organisations(session, caller),
        org_id=query.org_id,
        years=query.years,
    )
