"""Choose the language of each request: the session's choice, the browser's, or the default."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from ipcenter.core.i18n import current_language, language_from_accept_header, normalise_language


class LanguageMiddleware:
    def __init__(self, app: ASGIApp, *, default: str) -> None:
        self.app = app
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = scope.get("session") or {}
        headers = dict(scope["headers"])
        chosen = (
            normalise_language(session.get("lang"))
            or language_from_accept_header(headers.get(b"accept-language", b"").decode("latin-1"))
            or self.default
        )
        scope.setdefault("state", {})["language"] = chosen
        token = current_language.set(chosen)
        try:
            await self.app(scope, receive, send)
        finally:
            current_language.reset(token)
