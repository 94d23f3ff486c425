"""Pages of the search capability: the search form and results, export, saved searches."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse, Response

from ipcenter import search
from ipcenter.accounts import Caller, Permission
from ipcenter.core.errors import IpcenterError, ValidationError
from ipcenter.core.i18n import N_, gettext
from ipcenter.reports import Table
from ipcenter.rights import PatentType
from ipcenter.web.api.search import (
    request_params,
    require_admin,
    run_search,
    search_index,
)
from ipcenter.web.csrf import verify_csrf
from ipcenter.web.deps import SessionDep, requires
from ipcenter.web.downloads import table_download, table_format
from ipcenter.web.templating import render

router = APIRouter(prefix="/search", include_in_schema=False)
Reader = Annotated[Caller, Depends(requires(Permission.SEARCH_READ))]
Writer = Annotated[Caller, Depends(requires(Permission.SEARCH_WRITE))]


def segments(passage: str, spans: Any) -> list[tuple[str, bool]]:
    """The passage cut into (text, highlighted) pieces; the template escapes every piece."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in sorted((int(s), int(e)) for s, e in spans):
        start, end = max(start, at), min(end, len(passage))
        if start >= end:
            continue
        if start > at:
            pieces.append((passage[at:start], False))
        pieces.append((passage[start:end], True))
        at = end
    if at < len(passage):
        pieces.append((passage[at:], False))
    return pieces


def _with(params: dict[str, Any], **changes: Any) -> str:
    """The query string of the current search with ``changes`` (feedback links)."""
    pairs: list[tuple[str, str]] = []
    merged = {**params, **changes}
    for key, value in merged.items():
        if isinstance(value, list | tuple):
            pairs.extend((key, str(v)) for v in value)
        elif value not in (None, ""):
            pairs.append((key, str(value)))
    return urlencode(pairs)


@router.get("")
def search_page(request: Request, session: SessionDep, caller: Reader) -> Response:
    params = request_params(request)
    results = None
    error = None
    status = 200
    if params.get("q"):
        try:
            results = run_search(request, session, caller, params)
        except IpcenterError as failure:
            error, status = failure.render(gettext), failure.status
    report = search.index_report(session, search_index(request)) if caller.role == "admin" else None
    rows = []
    for result in results.results if results else []:
        row = result.to_dict()
        row["segments"] = segments(row["passage"], row["highlights"])
        relevant = [*params.get("relevant", []), row["id"]]
        irrelevant = [*params.get("irrelevant", []), row["id"]]
        row["relevant_url"] = "/search?" + _with(params, relevant=relevant)
        row["irrelevant_url"] = "/search?" + _with(params, irrelevant=irrelevant)
        rows.append(row)
    return render(
        request,
        "search/index.html",
        status_code=status,
        params=params,
        results=results,
        rows=rows,
        error=error,
        report=report,
        query=_with(params),
        types=[t.value for t in PatentType],
        kinds=search.KINDS,
    )


def results_table(results: search.SearchResults) -> Table:
    headers = [
        gettext("Rank"),
        gettext("Publication number"),
        gettext("Kind"),
        gettext("Title"),
        gettext("Family"),
        gettext("Family members"),
        gettext("Score"),
        gettext("Lexical score"),
        gettext("Dense score"),
        gettext("Status"),
        gettext("End of term"),
        gettext("Applicants"),
        gettext("Passage"),
    ]
    table = Table(title=gettext("Search results"), headers=headers)
    for rank, result in enumerate(results.results, start=1):
        row = result.to_dict()
        table.rows.append(
            [
                rank,
                row["publication_number"] or row["id"],
                row["kind"],
                row["title"],
                row["family_id"],
                ", ".join(m["publication_number"] or m["id"] for m in row["members"]),
                row["score"],
                row["lexical_score"],
                row["dense_score"],
                row["status"],
                row["expiry"],
                "; ".join(row["applicants"]),
                row["passage"],
            ]
        )
    return table


@router.get("/export")
def search_export(request: Request, session: SessionDep, caller: Reader) -> Response:
    file_format = table_format(request)
    params = request_params(request)
    params.pop("format", None)
    table = results_table(run_search(request, session, caller, params))
    return table_download(table, file_format, "search")


@router.get("/saved")
def saved_page(request: Request, session: SessionDep, caller: Reader) -> Response:
    saved = search.list_saved(session, scope=caller.scope)
    alerts = search.list_alerts(session, scope=caller.scope)
    rows = []
    for item in saved:
        public = search.saved_public(item)
        public["url"] = "/search?" + _with(
            {k: v for k, v in public["params"].items() if k != "mode" or v != "hybrid"}
        )
        rows.append(public)
    return render(
        request,
        "search/saved.html",
        saved=rows,
        alerts=[search.alert_public(a) for a in alerts],
        names={item.id: item.name for item in saved},
    )


@router.post("/saved", dependencies=[Depends(verify_csrf)])
async def save_page(request: Request, session: SessionDep, caller: Writer) -> Response:
    """Save the search in the form's hidden ``query`` (its query string) under ``name``."""
    form = await request.form()
    from urllib.parse import parse_qs

    raw = parse_qs(str(form.get("query") or ""))
    params: dict[str, Any] = {
        key: values
        if key in ("ipc", "jurisdiction", "type", "kind", "relevant", "irrelevant")
        else values[-1]
        for key, values in raw.items()
    }
    index = search_index(request)
    search.catch_up(request.app.state.sessionmaker, index)
    search.save_search(
        session,
        search.make_request(params),
        name=str(form.get("name") or ""),
        org_id=caller.org_id,
        owner_id=caller.user_id,
        scope=caller.scope,
        alert=form.get("alert") is not None,
        index=index,
    )
    return RedirectResponse("/search/saved", status_code=303)


@router.post("/reindex", dependencies=[Depends(verify_csrf)])
async def reindex_page(request: Request, caller: Writer) -> Response:
    """Start a reindex with the embedding in the background (admins)."""
    require_admin(caller)
    form = await request.form()
    if form.get("confirm") != "yes":
        raise ValidationError(field="confirm", reason=N_("confirm the reindex"))
    search.start_embedding_job(
        request.app.state.sessionmaker, search_index(request), actor=caller.username
    )
    return RedirectResponse("/search", status_code=303)
