"""Relaying an upstream's answer to the client, then recording the call off the hot path.

The client gets each piece of the answer before anything else is done with
it. What recording needs (the request and response bytes, the stream's
timings) is handed to the recorder as a deferred build: JSON is parsed and the
interaction built in the recorder's thread, after the answer has gone out.
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import orjson
from starlette.types import Receive, Send

from aisre.core import Interaction, ServiceConfig

from ._gateway_http import UpstreamError
from ._gateway_record import Exchange, build_interaction
from ._gateway_stream import StreamObserver
from ._recorder import Recorder

__all__ = ["Call", "relay", "send_json"]

log = logging.getLogger("aisre.capture")

_NOT_RELAYED = {b"connection", b"keep-alive", b"transfer-encoding", b"upgrade", b"trailer"}


async def send_json(
    send: Send, status: int, body: object, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    """Answer with a JSON body."""
    content = orjson.dumps(body)
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(content))]
    await send(
        {"type": "http.response.start", "status": status, "headers": headers + (extra or [])}
    )
    await send({"type": "http.response.body", "body": content})


class Answer(Protocol):
    """An upstream's answer as the relay reads it (over a socket, or from an in-process app)."""

    status: int
    headers: list[tuple[bytes, bytes]]

    async def next_chunk(self) -> bytes | None: ...

    async def read(self) -> bytes: ...

    def release(self) -> None: ...


@dataclass
class Call:
    """One proxied call, as far as recording it goes."""

    service: ServiceConfig
    path: str
    body: bytes
    recorded: bool
    arrived: datetime
    started: float
    recorder: Recorder
    timer: Callable[[], float] = time.perf_counter
    interaction_id: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)

    def own_headers(self) -> list[tuple[bytes, bytes]]:
        """aisre's headers on the answer: the id under which the call is recorded."""
        if self.interaction_id is None:
            return []
        return [(b"x-aisre-interaction-id", self.interaction_id.encode())]

    def record(
        self,
        status: int,
        *,
        content: bytes | None = None,
        headers: list[tuple[bytes, bytes]] | None = None,
        stream: StreamObserver | None = None,
        error_type: str | None = None,
    ) -> None:
        """Queue the interaction of this call, to be built in the recorder's thread."""
        if not self.recorded:
            return
        latency_s = self.timer() - self.started

        def build() -> Interaction:
            names = {k.decode("latin-1"): v.decode("latin-1") for k, v in headers or ()}
            response = None
            if content is not None:
                response = _json(_decoded(content, names.get("content-encoding", "")))
            return build_interaction(
                Exchange(
                    service=self.service.name,
                    environment=self.service.environment,
                    path=self.path,
                    request=_json(self.body) or {},
                    status=status,
                    started_at=self.arrived,
                    latency_s=latency_s,
                    response=response,
                    stream=stream,
                    headers=names,
                    error_type=error_type,
                    output_schema=self.service.output_schema,
                    interaction_id=self.interaction_id or "",
                    attributes=self.attributes,
                )
            )

        try:
            self.recorder.submit(build)
        except Exception:  # capture never breaks the caller's request
            log.exception("cannot record a gateway call")


async def relay(call: Call, response: Answer, receive: Receive, send: Send) -> None:
    """Send ``response`` to the client as it arrives, then record ``call``."""
    headers = [kv for kv in response.headers if kv[0] not in _NOT_RELAYED]
    headers += call.own_headers()
    is_stream = any(k == b"content-type" and v.startswith(b"text/event-stream") for k, v in headers)
    if call.recorded and not is_stream:
        # A JSON answer: read it whole (recording needs it), then send it in one piece.
        try:
            content = await response.read()
        except UpstreamError as exc:
            response.release()
            call.record(502, error_type=exc.kind)
            body = {"error": {"message": str(exc), "type": "gateway_error", "code": exc.kind}}
            await send_json(send, 502, body, call.own_headers())
            return
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": content})
        call.record(response.status, content=content, headers=response.headers)
        return
    observer = StreamObserver(call.started) if call.recorded else None
    left = asyncio.ensure_future(receive()) if is_stream else None
    error_type = None
    try:
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        while (chunk := await response.next_chunk()) is not None:
            now = call.timer()
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
            if observer is not None:
                observer.feed(chunk, now)  # after the client has the chunk
            if left is not None and left.done():
                error_type = "client_disconnected"
                break
    except UpstreamError:
        error_type = "upstream_stream_error"
    except BaseException:
        error_type = "client_disconnected"
        raise
    finally:
        response.release()
        if left is not None:
            left.cancel()
        if error_type != "client_disconnected":
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        call.record(
            response.status, headers=response.headers, stream=observer, error_type=error_type
        )


def _decoded(content: bytes, encoding: str) -> bytes:
    try:
        if encoding == "gzip":
            return gzip.decompress(content)
        if encoding == "deflate":
            return zlib.decompress(content)
    except (OSError, zlib.error):
        return b""
    return content


def _json(content: bytes) -> dict[str, Any] | None:
    try:
        loaded = orjson.loads(content) if content else None
    except orjson.JSONDecodeError:
        return None
    return loaded if isinstance(loaded, dict) else None
