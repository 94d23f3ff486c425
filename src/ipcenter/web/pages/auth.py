"""Login, logout and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from ipcenter.accounts import InvalidCredentials, authenticate, set_language
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_, gettext, normalise_language
from ipcenter.web.csrf import verify_csrf
from ipcenter.web.deps import SessionDep
from ipcenter.web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect would let a phishing link borrow our login page."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login", dependencies=[Depends(verify_csrf)])
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        user = authenticate(session, username, password)
    except InvalidCredentials as error:
        return render(
            request,
            "login.html",
            status_code=401,
            next=_safe_next(next),
            error=error.render(gettext),
            username=username,
        )
    # A fresh session at login: a session fixed by an attacker before login is worth nothing.
    request.session.clear()
    request.session["user_id"] = user.id
    request.session["lang"] = user.language
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(verify_csrf)])
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.post("/language", dependencies=[Depends(verify_csrf)])
def switch_language(
    request: Request,
    session: SessionDep,
    lang: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    chosen = normalise_language(lang)
    if chosen is None:
        raise ValidationError(
            field="lang", value=lang, reason=N_("must be one of {allowed}"), allowed="zh_CN, en"
        )
    request.session["lang"] = chosen
    user_id = request.session.get("user_id")
    if isinstance(user_id, int):
        set_language(session, user_id, chosen)
    return RedirectResponse(_safe_next(next), status_code=303)
