"""A client that calls an ASGI app in this process, the way a user's HTTP client would.

A simulation's requests carry a clock of their own in a context variable,
which does not cross a socket; calling aisre's app in-process keeps it. The
request is sent whole, the answer read to its end, and the app told the
client left only after that, as an HTTP client that reads a stream to its
end would.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message

__all__ = ["AsgiAnswer", "call_asgi"]


@dataclass
class AsgiAnswer:
    """What came back: status, headers (lower-case names) and the body."""

    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


async def call_asgi(
    app: ASGIApp,
    method: str,
    path: str,
    headers: list[tuple[bytes, bytes]],
    body: bytes = b"",
) -> AsgiAnswer:
    """Send one HTTP request to ``app`` and read its whole answer."""
    answer, parts, done = AsgiAnswer(), [], asyncio.Event()
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer.status = int(message["status"])
            answer.headers = {
                bytes(k).decode("latin-1").lower(): bytes(v).decode("latin-1")
                for k, v in message.get("headers", ())
            }
        elif message["type"] == "http.response.body":
            parts.append(bytes(message.get("body", b"")))
            if not message.get("more_body"):
                done.set()

    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-length", b"%d" % len(body)), *headers],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 80),
    }
    try:
        await app(scope, receive, send)
    finally:
        done.set()
    answer.body = b"".join(parts)
    return answer
