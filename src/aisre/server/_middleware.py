"""ASGI middleware: the request body limit, and the API's own request metrics."""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aisre.core import PayloadTooLarge


class BodyLimit:
    """Answer 413 to a body over ``max_bytes``, before reading it when the length is declared."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    await _reject(send, declared, self.max_bytes)
                    return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise PayloadTooLarge(_too_large(seen, self.max_bytes))
            return message

        await self.app(scope, limited, send)


def _too_large(size: int, limit: int) -> str:
    return (
        f"request body of {size} bytes or more is over the limit of {limit} bytes "
        "(server.max_body_bytes); send smaller batches"
    )


async def _reject(send: Send, size: int, limit: int) -> None:
    import orjson

    body = orjson.dumps({"error": {"type": "PayloadTooLarge", "message": _too_large(size, limit)}})
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestMetrics:
    """Counts and times the API's own requests, by route template and status."""

    def __init__(self, app: ASGIApp, registry: CollectorRegistry) -> None:
        self.app = app
        self.requests = Counter(
            "aisre_http_requests",
            "Requests to the aisre API.",
            ["method", "route", "code"],
            registry=registry,
        )
        self.duration = Histogram(
            "aisre_http_request_duration_seconds",
            "Time to answer requests to the aisre API.",
            ["route"],
            registry=registry,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            route: Any = scope.get("route")
            path = getattr(route, "path", None) or "unmatched"
            self.requests.labels(scope["method"], path, str(status["code"])).inc()
            self.duration.labels(path).observe(time.perf_counter() - started)
