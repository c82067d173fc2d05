"""Every request counted and timed for /metrics and written to the access log as method, route template, status and
time: never a body, a query string or a path with ids in it, so no message text can reach a log line.

An unexpected error is answered with a 500 here and logged by its type alone: a traceback could quote the input."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lurewatch.service.errors import ErrorBody
from lurewatch.service.metrics import Metrics

access_log = logging.getLogger("lurewatch.service.access")
error_log = logging.getLogger("lurewatch.service")


class Observer:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500
        started = False

        async def watched(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            error_log.error("%s %s failed: %s", scope["method"], route_of(scope, 500), type(exc).__name__)
            if not started:
                await _internal_error(send)
        finally:
            seconds = time.perf_counter() - start
            route = route_of(scope, status)
            self.metrics.observe(scope["method"], route, status, seconds)
            access_log.info("%s %s %d %.1fms", scope["method"], route, status, seconds * 1000)


def route_of(scope: Scope, status: int) -> str:
    """The route template (`/v1/alerts/{alert_id}`); `other` for the page's and the docs' files, `unmatched` for a 404."""
    path = getattr(scope.get("route"), "path", None)
    if isinstance(path, str):
        return path
    return "unmatched" if status == 404 else "other"


async def _internal_error(send: Send) -> None:
    body = ErrorBody(error="internal error; the server log names its type").model_dump_json().encode()
    await send({"type": "http.response.start", "status": 500, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})
