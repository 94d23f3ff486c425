"""JSON API of the ingest capability: uploads (imported in the background), runs, quarantine."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from starlette.datastructures import UploadFile

from ipcenter.accounts import Caller, Permission
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.ingest import (
    AUTO,
    QuarantineList,
    RunList,
    RunPublic,
    get_run,
    list_quarantine,
    list_runs,
    reader_named,
    save_upload,
    start_import_job,
    start_run,
)
from ipcenter.web.csrf import SESSION_KEY, CsrfFailed
from ipcenter.web.deps import SessionDep, requires

router = APIRouter(prefix="/api/v1/ingest", tags=["ingest"])
Reader = Annotated[Caller, Depends(requires(Permission.INGEST_READ))]
Writer = Annotated[Caller, Depends(requires(Permission.INGEST_WRITE))]


class UploadAccepted(BaseModel):
    run_id: int
    status: str
    url: str


async def begin_upload(request: Request, caller: Caller) -> int:
    """Save the request's uploaded files and start importing them for the caller's organisation.

    The form carries ``files`` (one or more; zip archives welcome), an optional ``format`` and the
    CSRF token (form field ``csrf_token`` or header ``X-CSRF-Token``).
    """
    # The context closes the spooled upload files however this ends (refused or saved).
    async with request.form() as form:
        sent = form.get("csrf_token") or request.headers.get("x-csrf-token")
        expected = request.session.get(SESSION_KEY)
        if not (
            isinstance(sent, str)
            and isinstance(expected, str)
            and hmac.compare_digest(sent, expected)
        ):
            raise CsrfFailed()
        fmt = str(form.get("format") or AUTO)
        if fmt != AUTO:
            reader_named(fmt)
        uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not uploads:
            raise ValidationError(field="files", reason=N_("choose at least one file to import"))
        factory = request.app.state.sessionmaker
        settings = request.app.state.settings
        run_id = start_run(factory, org_id=caller.org_id, actor=caller.username, fmt=fmt)
        folder = settings.data_dir / "uploads" / f"run-{run_id}-{secrets.token_hex(4)}"
        taken: set[str] = set()
        for upload in uploads:
            save_upload(folder, upload.filename or "upload", upload.file, taken)
    start_import_job(
        factory, run_id=run_id, folder=folder, org_id=caller.org_id, actor=caller.username, fmt=fmt
    )
    return run_id


@router.post("/uploads", response_model=UploadAccepted, status_code=202)
async def api_upload(request: Request, caller: Writer) -> UploadAccepted:
    """Upload files (multipart field ``files``) to import; poll the returned run for progress."""
    run_id = await begin_upload(request, caller)
    return UploadAccepted(run_id=run_id, status="running", url=f"/api/v1/ingest/runs/{run_id}")


@router.get("/runs", response_model=RunList)
def api_runs(session: SessionDep, caller: Reader) -> RunList:
    """Import runs of the caller's organisations, newest first, with counts per file."""
    return list_runs(session, scope=caller.scope)


@router.get("/runs/{run_id}", response_model=RunPublic)
def api_run(run_id: int, session: SessionDep, caller: Reader) -> RunPublic:
    """One import run: status, counts and per-file progress (bytes read of bytes total)."""
    return get_run(session, run_id, scope=caller.scope)


@router.get("/quarantine", response_model=QuarantineList)
def api_quarantine(
    session: SessionDep,
    caller: Reader,
    run: Annotated[int | None, Query(description="only this import run")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> QuarantineList:
    """Quarantined records (raw text, file, line or row, reason in the caller's language)."""
    return list_quarantine(session, scope=caller.scope, run_id=run, limit=limit, offset=offset)
