"""CSRF protection for forms: a per-session token that every POST form must send back."""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request

from ipcenter.core.errors import PermissionDenied
from ipcenter.core.i18n import N_

SESSION_KEY = "csrf"


class CsrfFailed(PermissionDenied):
    key = "csrf_failed"
    message = N_(
        "The form has expired or did not come from this site. Please reload and try again."
    )


def csrf_token(request: Request) -> str:
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


async def verify_csrf(request: Request) -> None:
    """A FastAPI dependency for POST routes: the form's token must match the session's."""
    form = await request.form()
    sent = form.get("csrf_token")
    expected = request.session.get(SESSION_KEY)
    if (
        not isinstance(sent, str)
        or not isinstance(expected, str)
        or not hmac.compare_digest(sent, expected)
    ):
        raise CsrfFailed()
