"""The home dashboard."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from ipcenter.accounts import Caller, Permission
from ipcenter.rights import registry_summary
from ipcenter.web.deps import SessionDep, requires
from ipcenter.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(
    request: Request,
    session: SessionDep,
    caller: Annotated[Caller, Depends(requires(Permission.DASHBOARD_READ))],
) -> Response:
    summary = (
        registry_summary(session, scope=caller.scope)
        if caller.can(Permission.REGISTRY_READ)
        else None
    )
    return render(request, "home.html", summary=summary)
