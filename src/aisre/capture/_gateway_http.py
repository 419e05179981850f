"""The gateway's upstream client: keep-alive HTTP/1.1 on asyncio, parsed by httptools.

A proxy hop must cost well under a millisecond; a general-purpose client
(httpx on h11 and anyio) costs more than that per request, most of it in
bookkeeping the gateway does not need. This client does only what a reverse
proxy needs: send a request head and body as bytes, hand the response head
back as soon as it is parsed, then the body chunk by chunk as it arrives.

* Connections are pooled per upstream and reused last-in-first-out; at most
  ``max_connections`` are busy at once, at most ``max_keepalive_connections``
  are kept idle, for at most ``keepalive_expiry_s``.
* A request on a reused connection that the upstream had closed meanwhile is
  retried once on a new one (nothing was received, so nothing was processed).
* A request waits at most ``pool_timeout_s`` for a connection while
  ``max_connections`` are busy.
* Errors are :class:`UpstreamError` with ``kind`` ``upstream_timeout``,
  ``upstream_unreachable`` or ``upstream_pool_exhausted`` (before the head) or
  ``upstream_stream_error`` (after).
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable

from aisre.core import GatewayConfig

from ._gateway_conn import _PAUSE_BYTES, Origin, UpstreamError, _Connection

__all__ = ["Origin", "UpstreamError", "UpstreamPool", "UpstreamResponse"]


class UpstreamResponse:
    """The head of an upstream's answer; the body follows through :meth:`next_chunk`."""

    def __init__(self, conn: _Connection, timeout_s: float, done: Callable[[bool], None]) -> None:
        self._conn, self._timeout_s, self._done = conn, timeout_s, done
        self.status, self.headers = conn.status, conn.headers
        self._released = False

    async def next_chunk(self) -> bytes | None:
        """The next piece of the body as it arrived; None at its end."""
        conn = self._conn
        while not conn.chunks:
            if conn.complete:
                self.release()
                return None
            if conn.closed:
                self.release()
                raise UpstreamError("upstream_stream_error", "the upstream closed mid-answer")
            await conn.wait(self._timeout_s)
        chunk = conn.chunks.popleft()
        conn.buffered -= len(chunk)
        if conn.buffered <= _PAUSE_BYTES and conn.transport is not None:
            conn.transport.resume_reading()
        return chunk

    async def read(self) -> bytes:
        """The whole body."""
        parts = []
        while (chunk := await self.next_chunk()) is not None:
            parts.append(chunk)
        return b"".join(parts)

    def release(self) -> None:
        """Give the connection back (reusable only when the answer was read whole)."""
        if not self._released:
            self._released = True
            conn = self._conn
            self._done(conn.complete and conn.keep_alive and not conn.closed)


class UpstreamPool:
    """Pooled keep-alive connections to the upstreams.

    Args:
        config: Timeouts and connection limits (``gateway:`` in aisre.yaml).
        clock: Monotonic seconds, for keep-alive expiry.
    """

    def __init__(self, config: GatewayConfig, clock: Callable[[], float] = time.monotonic) -> None:
        self.config, self._clock = config, clock
        self._idle: dict[Origin, list[_Connection]] = {}
        self._slots = asyncio.Semaphore(config.max_connections)
        self._tls: ssl.SSLContext | None = None

    async def request(
        self, origin: Origin, head: bytes, body: bytes, *, bodiless: bool = False
    ) -> UpstreamResponse:
        """Send one request and wait for the head of its answer.

        ``bodiless`` for a HEAD request, whose answer has a length but no body.
        """
        slots = self._slots
        if slots.locked():  # all connections busy: wait, but not for ever
            try:
                await asyncio.wait_for(slots.acquire(), self.config.pool_timeout_s)
            except TimeoutError:
                raise UpstreamError(
                    "upstream_pool_exhausted",
                    f"all {self.config.max_connections} upstream connections stayed busy for "
                    f"{self.config.pool_timeout_s:g} s (gateway.max_connections, "
                    "gateway.pool_timeout_s)",
                ) from None
        else:
            await slots.acquire()
        conn: _Connection | None = None
        try:
            conn = await self._connection(origin)
            try:
                await self._exchange(conn, head, body)
            except _Stale:
                conn = await self._connect(origin)
                await self._exchange(conn, head, body)
        except BaseException:  # cancelled too: the connection is in an unknown state
            if conn is not None:
                conn.close()
            self._slots.release()
            raise
        if bodiless:
            conn.complete = True
            conn.closed = True  # so it is closed, not reused, on release

        def done(reusable: bool) -> None:
            self._slots.release()
            if reusable and len(self._idle.get(origin, ())) < self.config.max_keepalive_connections:
                conn.idle_since = self._clock()
                conn._reset()
                self._idle.setdefault(origin, []).append(conn)
            else:
                conn.close()

        return UpstreamResponse(conn, self.config.read_timeout_s, done)

    async def _exchange(self, conn: _Connection, head: bytes, body: bytes) -> None:
        assert conn.transport is not None
        conn.transport.write(head + body if len(body) < 65536 else head)
        if len(body) >= 65536:
            conn.transport.write(body)
        while not conn.head_done:
            if conn.closed:
                conn.close()
                if not conn.received and conn.idle_since:
                    raise _Stale
                raise UpstreamError("upstream_unreachable", "the upstream closed the connection")
            try:
                await conn.wait(self.config.read_timeout_s)
            except UpstreamError:
                conn.close()
                raise

    async def _connection(self, origin: Origin) -> _Connection:
        idle, now = self._idle.get(origin), self._clock()
        while idle:
            conn = idle.pop()
            if not conn.closed and now - conn.idle_since < self.config.keepalive_expiry_s:
                return conn
            conn.close()
        return await self._connect(origin)

    async def _connect(self, origin: Origin) -> _Connection:
        loop = asyncio.get_running_loop()
        tls = None
        if origin.scheme == "https":
            self._tls = tls = self._tls or ssl.create_default_context()
        try:
            _, conn = await asyncio.wait_for(
                loop.create_connection(
                    _Connection,
                    origin.host,
                    origin.port,
                    ssl=tls,
                    server_hostname=None if tls is None else origin.host,
                ),
                self.config.connect_timeout_s,
            )
        except TimeoutError as exc:
            raise UpstreamError("upstream_timeout", f"connect timed out: {exc!r}") from None
        except OSError as exc:
            raise UpstreamError("upstream_unreachable", f"cannot connect: {exc!r}") from None
        return conn

    def close(self) -> None:
        """Close the idle connections."""
        for idle in self._idle.values():
            for conn in idle:
                conn.close()
        self._idle.clear()


class _Stale(Exception):
    """A reused connection turned out closed before any answer."""
