"""Render every error once, in the caller's language: JSON under /api/, an error page elsewhere."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response

from ipcenter.core.errors import (
    AuthenticationRequired,
    InternalError,
    IpcenterError,
    MethodNotAllowed,
    NotFound,
    ValidationError,
)
from ipcenter.core.i18n import N_, gettext
from ipcenter.web.templating import render

logger = logging.getLogger(__name__)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def render_error(request: Request, error: IpcenterError) -> Response:
    if _wants_json(request):
        return JSONResponse(error.to_dict(gettext), status_code=error.status)
    if isinstance(error, AuthenticationRequired) and request.method == "GET":
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return render(
        request,
        "error.html",
        status_code=error.status,
        error=error.to_dict(gettext),
    )


def install_error_handlers(app: FastAPI) -> None:
    async def on_ipcenter_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, IpcenterError)  # noqa: S101 - registered for this class only
        return render_error(request, exc)

    async def on_request_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)  # noqa: S101
        first = exc.errors()[0] if exc.errors() else {"loc": ("input",), "msg": "invalid"}
        field = ".".join(str(part) for part in first["loc"] if part not in ("query", "body"))
        return render_error(request, ValidationError(field=field or "input", reason=first["msg"]))

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)  # noqa: S101
        if exc.status_code == 404:
            return render_error(request, NotFound(what=N_("Page")))
        if exc.status_code == 405:
            return render_error(request, MethodNotAllowed())
        return render_error(request, IpcenterError(str(exc.detail)))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        # Never a traceback to the user; the log keeps it for the operator.
        logger.exception("unexpected error on %s %s", request.method, request.url.path)
        return render_error(request, InternalError())

    app.add_exception_handler(IpcenterError, on_ipcenter_error)
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
