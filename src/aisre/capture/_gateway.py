"""The gateway: an OpenAI-compatible reverse proxy that records every call.

A service's clients change their base URL to aisre's and nothing else:

* ``/gateway/<service>/v1/...`` goes to that service's upstream;
* ``/v1/...`` goes to the service named by the ``X-Aisre-Service`` header, or
  to the only service with an upstream when there is one.

``chat/completions``, ``completions`` and ``embeddings`` are recorded as
interactions; any other path is passed through unrecorded. The request goes
on unchanged (hop-by-hop headers aside), the upstream's answer comes back
unchanged (errors included), and a stream is relayed chunk by chunk as it
arrives, never buffered whole. Recording is fail-open: the interaction is
handed to a :class:`~aisre.capture.Recorder` and the call never waits for
the lake.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import orjson
from fastapi import APIRouter, Request
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse

from aisre.core import Clock, GatewayConfig, ServiceConfig

from ._gateway_record import Exchange, build_interaction
from ._gateway_stream import StreamObserver
from ._recorder import Recorder

__all__ = ["Gateway"]

log = logging.getLogger("aisre.capture")

_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
    "x-aisre-service",
    "x-aisre-key",
}
_RECORDED = {"chat/completions", "completions", "embeddings"}
_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]


def _error(status: int, message: str, code: str) -> Response:
    body = {"error": {"message": message, "type": "gateway_error", "param": None, "code": code}}
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


class Gateway:
    """The proxy over the configured services; ``router`` is mounted by ``aisre up``.

    Args:
        services: The services; those with an ``upstream`` are proxied.
        config: Timeouts and connection limits.
        recorder: Where interactions go.
        clock: Stamps each interaction with its arrival.
        authorize: Called with each request; raises to refuse it.
    """

    def __init__(
        self,
        services: list[ServiceConfig],
        config: GatewayConfig,
        recorder: Recorder,
        clock: Clock,
        authorize: Callable[[Request], None] | None = None,
    ) -> None:
        self.services = {s.name: s for s in services if s.upstream}
        self.config = config
        self.recorder = recorder
        self.clock = clock
        self.authorize = authorize
        self._client: httpx.AsyncClient | None = None
        self.router = APIRouter(tags=["gateway"])
        # Not in aisre's OpenAPI document: these paths are the upstream's API.
        self.router.add_api_route(
            "/gateway/{service}/v1/{path:path}",
            self._prefixed,
            methods=_METHODS,
            include_in_schema=False,
        )
        self.router.add_api_route(
            "/v1/{path:path}", self._by_header, methods=_METHODS, include_in_schema=False
        )

    def client(self) -> httpx.AsyncClient:
        """The pooled upstream client, made on first use (inside the event loop)."""
        if self._client is None:
            cfg = self.config
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(cfg.read_timeout_s, connect=cfg.connect_timeout_s),
                limits=httpx.Limits(
                    max_connections=cfg.max_connections,
                    max_keepalive_connections=cfg.max_keepalive_connections,
                    keepalive_expiry=cfg.keepalive_expiry_s,
                ),
            )
        return self._client

    async def aclose(self) -> None:
        """Close the upstream connections."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _prefixed(self, request: Request, service: str, path: str) -> Response:
        return await self._proxy(request, service, path)

    async def _by_header(self, request: Request, path: str) -> Response:
        name = request.headers.get("x-aisre-service")
        if name is None:
            if len(self.services) != 1:
                known = ", ".join(sorted(self.services)) or "none configured"
                return _error(
                    400,
                    "name the service in the X-Aisre-Service header or use the path "
                    f"/gateway/<service>/v1/{path}; services with an upstream: {known}",
                    "service_required",
                )
            name = next(iter(self.services))
        return await self._proxy(request, name, path)

    async def _proxy(self, request: Request, name: str, path: str) -> Response:
        service = self.services.get(name)
        if service is None:
            known = ", ".join(sorted(self.services)) or "none configured"
            return _error(
                404,
                f"no service {name!r} with an upstream; known: {known} "
                "(set services[].upstream in aisre.yaml)",
                "unknown_service",
            )
        if self.authorize is not None:
            self.authorize(request)
        body = await request.body()
        assert service.upstream is not None
        url = f"{service.upstream}/v1/{path}"
        if request.url.query:
            url += f"?{request.url.query}"
        headers = [(k, v) for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP]
        recorded = request.method == "POST" and path in _RECORDED
        parsed: dict[str, Any] = {}
        if recorded:
            try:
                loaded = orjson.loads(body) if body else {}
                parsed = loaded if isinstance(loaded, dict) else {}
            except orjson.JSONDecodeError:
                parsed = {}
        arrived, started = self.clock.now(), time.perf_counter()

        def exchange(status: int, **kwargs: Any) -> Exchange:
            return Exchange(
                service=service.name,
                environment=service.environment,
                path=path,
                request=parsed,
                status=status,
                started_at=arrived,
                latency_s=time.perf_counter() - started,
                output_schema=service.output_schema,
                **kwargs,
            )

        upstream_request = self.client().build_request(
            request.method, url, headers=headers, content=body
        )
        try:
            upstream = await self.client().send(upstream_request, stream=True)
        except httpx.TimeoutException as exc:
            if recorded:
                self._record(exchange(504, error_type="upstream_timeout"))
            return _error(504, f"the upstream of {name} timed out: {exc!r}", "upstream_timeout")
        except httpx.HTTPError as exc:
            if recorded:
                self._record(exchange(502, error_type="upstream_unreachable"))
            return _error(
                502,
                f"cannot reach the upstream of {name} at {service.upstream}: {exc!r}",
                "upstream_unreachable",
            )
        response_headers = {
            k: v for k, v in upstream.headers.items() if k.lower() not in _HOP_BY_HOP
        }
        lowered = {k.lower(): v for k, v in upstream.headers.items()}
        is_stream = lowered.get("content-type", "").startswith("text/event-stream")
        if not recorded or not is_stream:
            content = await upstream.aread()
            await upstream.aclose()
            if recorded:
                self._record(
                    exchange(upstream.status_code, response=_json(content), headers=lowered)
                )
            return Response(content, status_code=upstream.status_code, headers=response_headers)
        observer = StreamObserver(started)
        outcome: dict[str, str] = {}

        async def relay() -> AsyncIterator[bytes]:
            try:
                async for chunk in upstream.aiter_raw():
                    observer.feed(chunk, time.perf_counter())
                    yield chunk
            except httpx.HTTPError:
                outcome["error_type"] = "upstream_stream_error"
            except BaseException:
                outcome["error_type"] = "client_disconnected"
                raise

        async def finish() -> None:
            await upstream.aclose()
            self._record(
                exchange(
                    upstream.status_code,
                    stream=observer,
                    headers=lowered,
                    error_type=outcome.get("error_type"),
                )
            )

        return StreamingResponse(
            relay(),
            status_code=upstream.status_code,
            headers=response_headers,
            background=BackgroundTask(finish),
        )

    def _record(self, exchange: Exchange) -> None:
        try:
            self.recorder.submit(build_interaction(exchange))
        except Exception:  # capture never breaks the caller's request
            log.exception("cannot record a gateway call")


def _json(content: bytes) -> dict[str, Any] | None:
    try:
        loaded = orjson.loads(content)
    except orjson.JSONDecodeError:
        return None
    return loaded if isinstance(loaded, dict) else None
