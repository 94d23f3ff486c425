"""Jinja2 environment with gettext, labels for vocabulary values and small formatting helpers."""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ipcenter.core.i18n import current_language, format_number, gettext, ngettext
from ipcenter.core.labels import label
from ipcenter.rights import region_label
from ipcenter.web.csrf import csrf_token

_environment = Environment(
    loader=FileSystemLoader(str(resources.files("ipcenter") / "web" / "templates")),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
)
templates = Jinja2Templates(env=_environment)
templates.env.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=lambda message: gettext(message),
    ngettext=lambda singular, plural, n: ngettext(singular, plural, n),
    newstyle=True,
)
templates.env.globals.update(
    label=label,
    format_number=format_number,
    csrf_token=csrf_token,
    current_language=lambda: current_language.get(),
    region=lambda code: region_label(code, current_language.get()),
)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("caller", getattr(request.state, "caller", None))
    return templates.TemplateResponse(request, name, context, status_code=status_code)
