"""The size of a request's body, limited before any of it is parsed or spooled to disk."""

from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from docgen.inputs import MB


class TooLarge(Exception):
    """Raised while reading a body that goes past the limit (FastAPI may wrap it in a 400)."""


def refusal_text(limit: int) -> str:
    return f"Envoi refusé\u00a0: il dépasse {limit // MB}\u00a0Mo au total."


class BodyLimit:
    """ASGI middleware: a body over `limit` bytes gets 413, whether it announces its length or not."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    def _refusal(self) -> PlainTextResponse:
        return PlainTextResponse(refusal_text(self.limit), status_code=413)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refusal()(scope, receive, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise TooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, sending)
        except TooLarge:
            if started:
                raise
            await self._refusal()(scope, receive, send)
