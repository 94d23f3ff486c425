"""JSON API of the search capability: search, index status and reindex, saved searches."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import JSONResponse

from ipcenter import search
from ipcenter.accounts import Caller, Permission
from ipcenter.core.errors import PermissionDenied, ValidationError
from ipcenter.core.i18n import N_
from ipcenter.web.deps import SessionDep, requires

router = APIRouter(prefix="/api/v1/search", tags=["search"])
Reader = Annotated[Caller, Depends(requires(Permission.SEARCH_READ))]
Writer = Annotated[Caller, Depends(requires(Permission.SEARCH_WRITE))]
LIST_PARAMS = ("ipc", "jurisdiction", "type", "kind", "relevant", "irrelevant")


def search_index(request: Request) -> search.SearchIndex:
    """The app's index (opened once; tests put a lexical-only one on ``app.state``)."""
    index = getattr(request.app.state, "search_index", None)
    if index is None:
        index = search.open_index(search.index_directory(request.app.state.settings))
        request.app.state.search_index = index
    elif not search.index_available(index):
        # The directory was removed while the app ran: a fresh index, caught up on next search.
        index = search.usable_index(index)
        request.app.state.search_index = index
    return index


def request_params(request: Request) -> dict[str, Any]:
    """Query parameters as :func:`search.make_request` takes them (lists may repeat)."""
    query = request.query_params
    params: dict[str, Any] = {key: query.get(key) for key in query if key not in LIST_PARAMS}
    for key in LIST_PARAMS:
        values = [v for raw in query.getlist(key) for v in raw.split(",") if v.strip()]
        params[key] = values
    return params


def run_search(
    request: Request, session: Any, caller: Caller, params: dict[str, Any]
) -> search.SearchResults:
    search_request = search.make_request(params)
    index = search_index(request)
    search.catch_up(request.app.state.sessionmaker, index)
    return search.search(session, index, search_request, scope=caller.scope)


def require_admin(caller: Caller) -> None:
    if caller.role != "admin":
        raise PermissionDenied()


async def json_body(request: Request) -> dict[str, Any]:
    """Writes take JSON only (a cross-site form cannot send it without a CORS preflight)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise ValidationError(
            field="content-type", value=content_type, reason=N_("must be application/json")
        )
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        raise ValidationError(field="body", reason=N_("is not valid JSON")) from None
    if not isinstance(body, dict):
        raise ValidationError(field="body", reason=N_("must be a JSON object"))
    return body


@router.get("")
def api_search(request: Request, session: SessionDep, caller: Reader) -> JSONResponse:
    """``?q=TEXT&k=N[&before=DATE&ipc=PREFIX&kind=patent|npl|internal&in_force_at=DATE
    &territory=CN&jurisdiction=&applicant=&type=&mode=hybrid|lexical|dense&relevant=ID
    &irrelevant=ID]`` → ``{"results": [...]}``, one row per family."""
    results = run_search(request, session, caller, request_params(request))
    return JSONResponse(results.to_dict())


@router.get("/status")
def api_status(request: Request, session: SessionDep, caller: Reader) -> JSONResponse:
    """How many documents the index holds, how many still wait for a vector, the last run."""
    report = search.index_report(session, search_index(request))
    data = report.to_dict()
    if caller.role != "admin":
        data.pop("directory", None)  # where the files live is the operator's business
    return JSONResponse(data)


@router.post("/reindex", status_code=202)
async def api_reindex(request: Request, caller: Writer) -> JSONResponse:
    """Start a reindex (lexical at once, embedding in the background); admins only.

    Body: ``{}`` (JSON, so a cross-site form cannot start one)."""
    require_admin(caller)
    await json_body(request)
    run_id = search.start_embedding_job(
        request.app.state.sessionmaker, search_index(request), actor=caller.username
    )
    return JSONResponse({"run_id": run_id, "status": "started"}, status_code=202)


@router.get("/saved")
def api_saved(session: SessionDep, caller: Reader) -> JSONResponse:
    rows = search.list_saved(session, scope=caller.scope)
    alerts = search.list_alerts(session, scope=caller.scope)
    return JSONResponse(
        {
            "data": [search.saved_public(s) for s in rows],
            "alerts": [search.alert_public(a) for a in alerts],
        }
    )


@router.post("/saved", status_code=201)
async def api_save(request: Request, session: SessionDep, caller: Writer) -> JSONResponse:
    """Body: ``{"name": ..., "params": {"q": ..., ...}, "alert": true}``."""
    body = await json_body(request)
    params = body.get("params")
    if not isinstance(params, dict):
        raise ValidationError(field="params", reason=N_("must be a JSON object"))
    index = search_index(request)
    search.catch_up(request.app.state.sessionmaker, index)
    saved = search.save_search(
        session,
        search.make_request(params),
        name=str(body.get("name") or ""),
        org_id=caller.org_id,
        owner_id=caller.user_id,
        scope=caller.scope,
        alert=bool(body.get("alert", True)),
        index=index,
    )
    return JSONResponse(search.saved_public(saved), status_code=201)


@router.post("/saved/{saved_id}/run")
async def api_run_saved(
    request: Request, saved_id: int, session: SessionDep, caller: Writer
) -> JSONResponse:
    await json_body(request)  # ``{}``: JSON only, like every write
    saved = search.get_saved(session, saved_id, scope=caller.scope)
    index = search_index(request)
    search.catch_up(request.app.state.sessionmaker, index)
    results, new = search.run_saved(session, index, saved, scope=caller.scope)
    return JSONResponse({**results.to_dict(), "new": new})


@router.post("/saved/{saved_id}/feedback")
async def api_feedback(
    request: Request, saved_id: int, session: SessionDep, caller: Writer
) -> JSONResponse:
    """Body: ``{"doc_id": "patent:12", "relevant": true}``; the next run uses the mark."""
    body = await json_body(request)
    saved = search.get_saved(session, saved_id, scope=caller.scope)
    relevant = body.get("relevant")
    if not isinstance(relevant, bool):
        raise ValidationError(field="relevant", reason=N_("must be true or false"))
    doc_id = str(body.get("doc_id") or "")
    if not search.doc_ids_in_scope([doc_id], search_index(request), caller.scope):
        raise ValidationError(field="doc_id", value=doc_id, reason=N_("is not a document id"))
    search.mark(session, saved, doc_id=doc_id, relevant=relevant)
    return JSONResponse({"ok": True})
