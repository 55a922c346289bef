"""The server's clock on every answer (``X-Server-Time``), and ``Cache-Control: no-store``.

A plain ASGI middleware: Starlette's ``@app.middleware("http")`` runs each request through a
task group and memory streams, which cost more than some whole requests of a busy region.
"""

from __future__ import annotations

from collections.abc import Callable

from regional_server.admission import ASGIApp, Message, Receive, Scope, Send
from shopfloor_core.contract import SERVER_TIME

_STAMP = SERVER_TIME.lower().encode()


class ServerTimeStamp:
    def __init__(self, app: ASGIApp, *, server_time: Callable[[], str]) -> None:
        self.app = app
        self.server_time = server_time

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != _STAMP]
                if not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                headers.append((_STAMP, self.server_time().encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, stamped)
