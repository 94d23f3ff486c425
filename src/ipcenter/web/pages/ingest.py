"""Pages of the ingest capability: upload files, watch the import, history and quarantine."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse, Response

from ipcenter.accounts import Caller, Permission
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.ingest import format_names, get_run, list_quarantine, list_runs
from ipcenter.web.api.ingest import begin_upload
from ipcenter.web.deps import SessionDep, requires
from ipcenter.web.templating import render

router = APIRouter(prefix="/ingest", include_in_schema=False)
Reader = Annotated[Caller, Depends(requires(Permission.INGEST_READ))]
Writer = Annotated[Caller, Depends(requires(Permission.INGEST_WRITE))]
QUARANTINE_PAGE = 100


@router.get("")
def ingest_home(request: Request, session: SessionDep, caller: Reader) -> Response:
    """The upload form and the import history."""
    return render(
        request,
        "ingest/index.html",
        runs=list_runs(session, scope=caller.scope, limit=50).data,
        formats=format_names(),
        max_bytes=request.app.state.settings.max_upload_bytes,
    )


@router.post("/uploads")
async def ingest_upload(request: Request, caller: Writer) -> Response:
    run_id = await begin_upload(request, caller)
    return RedirectResponse(f"/ingest/runs/{run_id}", status_code=303)


@router.get("/runs/{run_id}")
def ingest_run(request: Request, run_id: int, session: SessionDep, caller: Reader) -> Response:
    run = get_run(session, run_id, scope=caller.scope)
    quarantine = list_quarantine(session, scope=caller.scope, run_id=run_id, limit=20)
    return render(request, "ingest/run.html", run=run, quarantine=quarantine)


@router.get("/runs/{run_id}/progress")
def ingest_run_progress(
    request: Request, run_id: int, session: SessionDep, caller: Reader
) -> Response:
    """The progress fragment the run page polls (htmx) until the run has ended."""
    run = get_run(session, run_id, scope=caller.scope)
    return render(request, "ingest/_progress.html", run=run)


@router.get("/quarantine")
def ingest_quarantine(request: Request, session: SessionDep, caller: Reader) -> Response:
    run_id = _int_param(request, "run")
    page = _int_param(request, "page") or 1
    rows = list_quarantine(
        session,
        scope=caller.scope,
        run_id=run_id,
        limit=QUARANTINE_PAGE,
        offset=(page - 1) * QUARANTINE_PAGE,
    )
    return render(
        request,
        "ingest/quarantine.html",
        rows=rows,
        run_id=run_id,
        page=page,
        pages=max(1, -(-rows.count // QUARANTINE_PAGE)),
    )


def _int_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit() or int(value) < 1:
        raise ValidationError(field=name, value=value, reason=N_("must be a positive number"))
    return int(value)
