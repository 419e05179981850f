"""An upstream served in-process: the gateway calls an ASGI app instead of a socket.

A simulation runs the reference service in the same process as aisre, on
simulated time that only travels with the request's context, so its
requests cannot cross a socket. :class:`AsgiUpstream` takes the place of the
:class:`~._gateway_http.UpstreamPool` for such a service: the same request
head and body go in (parsed back into an ASGI scope), the same status,
headers and body chunks come out, and everything between (relaying,
stream observation, recording) is the gateway's ordinary path.

Each body chunk is handed over in lockstep: the app's ``send`` returns only
once the gateway has taken the chunk, so an app that paces its stream on a
clock cannot run ahead of what the gateway has observed. When the gateway
stops reading (its client left), the app's ``receive`` reports a
disconnect and its ``send`` raises, as a server would.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from urllib.parse import unquote

from starlette.types import ASGIApp, Message

from ._gateway_conn import Origin, UpstreamError

__all__ = ["AsgiUpstream"]

log = logging.getLogger("aisre.capture")


class _Gone(OSError):
    """Raised in the app's ``send`` once the gateway stopped reading."""


class AsgiResponse:
    """An in-process answer, read like an :class:`~._gateway_http.UpstreamResponse`."""

    def __init__(self, timeout_s: float) -> None:
        self._timeout_s = timeout_s
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self.started = asyncio.Event()
        self._chunks: deque[bytes] = deque()
        self._arrived = asyncio.Event()
        self._taken = asyncio.Event()
        self._complete = False
        self._failed: str | None = None
        self.released = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # The app's side.
    async def _send(self, message: Message) -> None:
        if self.released.is_set():
            raise _Gone("the gateway stopped reading")
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
            self.headers = [(bytes(k).lower(), bytes(v)) for k, v in message.get("headers", ())]
            self.started.set()
            return
        if message["type"] != "http.response.body":
            return
        body = bytes(message.get("body", b""))
        more = bool(message.get("more_body", False))
        if body:
            self._taken.clear()
            self._chunks.append(body)
        if not more:
            self._complete = True
        self._arrived.set()
        if body:
            # Lockstep: the app goes on once the gateway has the chunk.
            await self._taken.wait()
            if self.released.is_set() and self._chunks:
                raise _Gone("the gateway stopped reading")

    def _fail(self, reason: str) -> None:
        self._failed = reason
        self.started.set()
        self._arrived.set()

    # The gateway's side.
    async def next_chunk(self) -> bytes | None:
        """The next piece of the body as the app sent it; None at its end."""
        while not self._chunks:
            if self._complete:
                self.release()
                return None
            if self._failed is not None:
                self.release()
                raise UpstreamError("upstream_stream_error", self._failed)
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), self._timeout_s)
            except TimeoutError:
                self.release()
                raise UpstreamError(
                    "upstream_timeout", f"no data for {self._timeout_s:g} s"
                ) from None
        chunk = self._chunks.popleft()
        self._taken.set()
        return chunk

    async def read(self) -> bytes:
        """The whole body."""
        parts = []
        while (chunk := await self.next_chunk()) is not None:
            parts.append(chunk)
        return b"".join(parts)

    def release(self) -> None:
        """Stop reading: the app sees a disconnect if it is still sending."""
        if not self.released.is_set():
            self.released.set()
            self._taken.set()


class AsgiUpstream:
    """Calls one ASGI app as the upstream of a service.

    Args:
        app: The service's app.
        timeout_s: Longest wait for the head of an answer and between its chunks.
    """

    def __init__(self, app: ASGIApp, timeout_s: float = 60.0) -> None:
        self.app = app
        self.timeout_s = timeout_s
        self._running: set[asyncio.Task[None]] = set()

    async def request(
        self, origin: Origin, head: bytes, body: bytes, *, bodiless: bool = False
    ) -> AsgiResponse:
        """Run the app on one request and wait for the head of its answer."""
        scope = _scope(origin, head)
        response = AsgiResponse(self.timeout_s)
        delivered = False

        async def receive() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await response.released.wait()
            return {"type": "http.disconnect"}

        async def run() -> None:
            try:
                await self.app(scope, receive, response._send)
            except _Gone:
                pass
            except Exception as exc:  # what a server does when its app raises
                log.exception("the in-process upstream failed")
                response._fail(f"the upstream app failed: {exc!r}")
                return
            if not response.started.is_set():
                response._fail("the upstream app returned without an answer")
            elif not response._complete:
                response._fail("the upstream app ended its answer early")

        task = asyncio.ensure_future(run())
        self._running.add(task)
        task.add_done_callback(self._running.discard)
        try:
            await asyncio.wait_for(response.started.wait(), self.timeout_s)
        except TimeoutError:
            response.release()
            raise UpstreamError("upstream_timeout", f"no answer in {self.timeout_s:g} s") from None
        if response.status == 0:
            raise UpstreamError("upstream_unreachable", response._failed or "no answer")
        if bodiless:
            response._chunks.clear()
            response._complete = True
        return response

    def close(self) -> None:
        """Stop the apps still answering."""
        for task in list(self._running):
            task.cancel()


def _scope(origin: Origin, head: bytes) -> dict[str, object]:
    """The ASGI scope of the HTTP/1.1 request head the gateway built."""
    first, *lines = head.rstrip(b"\r\n").split(b"\r\n")
    method, target, _ = first.split(b" ", 2)
    path, _, query = target.partition(b"?")
    headers = []
    for line in lines:
        name, _, value = line.partition(b":")
        headers.append((name.strip().lower(), value.strip()))
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method.decode("ascii"),
        "scheme": origin.scheme,
        "path": unquote(path.decode("latin-1")),
        "raw_path": path,
        "query_string": query,
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 0),
        "server": (origin.host, origin.port),
    }
