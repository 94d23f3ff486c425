"""An ASGI middleware that refuses request bodies over the configured size, before reading them."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ipcenter.core.errors import PayloadTooLarge
from ipcenter.core.i18n import gettext, language_from_accept_header


class BodySizeLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send, int(declared))
            return
        received = 0
        too_large = False
        refused = False

        async def counting_receive() -> Message:
            # Chunked uploads declare no length: count what actually arrives.
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    too_large = True
                    raise PayloadTooLarge(size=received, limit=self.max_bytes)
            return message

        async def guarded_send(message: Message) -> None:
            # Whatever the app makes of the interrupted body (FastAPI answers 400), the client
            # gets the 413 that says why.
            nonlocal refused
            if not too_large:
                await send(message)
            elif not refused:
                refused = True
                await self._refuse(scope, send, received)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except PayloadTooLarge:
            if not refused:
                await self._refuse(scope, send, received)

    async def _refuse(self, scope: Scope, send: Send, size: int) -> None:
        headers = dict(scope["headers"])
        language = (
            language_from_accept_header(headers.get(b"accept-language", b"").decode("latin-1"))
            or "zh_CN"
        )
        error = PayloadTooLarge(size=size, limit=self.max_bytes)
        body = json.dumps(
            error.to_dict(lambda text: gettext(text, language)), ensure_ascii=False
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": error.status,
                "headers": [
                    (b"content-type", b"application/json; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
