"""Administration pages: users and the audit log of the caller's organisations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from ipcenter.accounts import Caller, Permission, list_organisations, list_users
from ipcenter.core.audit import list_events
from ipcenter.web.deps import SessionDep, requires
from ipcenter.web.templating import render

router = APIRouter(prefix="/admin", include_in_schema=False)


@router.get("/users")
def users(
    request: Request,
    session: SessionDep,
    caller: Annotated[Caller, Depends(requires(Permission.USERS_READ))],
) -> Response:
    orgs = {org.id: org for org in list_organisations(session, scope=caller.scope)}
    return render(
        request, "admin/users.html", users=list_users(session, scope=caller.scope), orgs=orgs
    )


@router.get("/audit")
def audit_log(
    request: Request,
    session: SessionDep,
    caller: Annotated[Caller, Depends(requires(Permission.AUDIT_READ))],
) -> Response:
    return render(request, "admin/audit.html", events=list_events(session, scope=caller.scope))
