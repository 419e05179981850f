"""The gateway: an OpenAI-compatible reverse proxy that records every call.

A service's clients change their base URL to aisre's and nothing else:

* ``/gateway/<service>/v1/...`` goes to that service's upstream;
* ``/v1/...`` goes to the service named by the ``X-Aisre-Service`` header, or
  to the only service with an upstream when there is one.

``chat/completions``, ``completions`` and ``embeddings`` are recorded as
interactions; any other path is passed through unrecorded. The request goes
on unchanged (hop-by-hop headers aside), the upstream's answer comes back
unchanged (errors included), and a stream is relayed chunk by chunk as it
arrives, never buffered whole.

The hot path is plain ASGI (``aisre up``'s app is a
:class:`~._gateway_routes.GatewayApp`, which hands gateway paths over before
FastAPI sees them) over a small keep-alive client (:mod:`._gateway_http`): no
routing table, no JSON parsing before the answer is sent. Recording is
fail-open and off the hot path: the raw bytes go to the
:class:`~aisre.capture.Recorder`, whose thread parses them and builds the
interaction; the call never waits for it, nor for the lake.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from aisre.core import AuthError, Clock, GatewayConfig, ServiceConfig, interval_timer

from ._gateway_asgi import AsgiUpstream
from ._gateway_http import Origin, UpstreamError, UpstreamPool
from ._gateway_relay import Call, relay, send_json
from ._recorder import Recorder

__all__ = ["Gateway"]

_RECORDED = {"chat/completions", "completions", "embeddings"}
_DROPPED = {  # hop-by-hop, or set anew for the upstream, or aisre's own
    b"connection",
    b"keep-alive",
    b"proxy-authenticate",
    b"proxy-authorization",
    b"te",
    b"trailer",
    b"trailers",
    b"transfer-encoding",
    b"upgrade",
    b"host",
    b"content-length",
}
_ID_HEADER = b"x-aisre-interaction-id"
_ATTR_PREFIX = b"x-aisre-attr-"
_VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_MAX_ATTRIBUTES = 32
_VALID_ATTRIBUTE = re.compile(r"[a-z0-9_.]{1,64}")
_STATUS_OF = {"upstream_timeout": 504, "upstream_pool_exhausted": 503}


def _error(code: str, message: str) -> dict[str, object]:
    return {"error": {"message": message, "type": "gateway_error", "param": None, "code": code}}


class _Upstream:
    def __init__(self, service: ServiceConfig) -> None:
        assert service.upstream is not None
        url = urlsplit(service.upstream)
        https = url.scheme == "https"
        self.service = service
        self.origin = Origin(url.scheme, url.hostname or "", url.port or (443 if https else 80))
        self.prefix = (url.path.rstrip("/") + "/v1/").encode()
        self.host = url.netloc.encode()


class Gateway:
    """The proxy over the configured services, put in front of an app by ``GatewayRoutes``.

    Args:
        services: The services; those with an ``upstream`` are proxied.
        config: Timeouts and connection limits.
        recorder: Where interactions go.
        clock: Stamps each interaction with its arrival, and times it (see
            :func:`~aisre.core.interval_timer`).
        authorize: Called with the ``X-Aisre-Key`` header (or None); raises
            :class:`~aisre.core.AuthError` to refuse the call.
        max_body_bytes: Larger request bodies are refused with 413.
        apps: Services answered by an ASGI app in this process instead of over
            the network (a simulation's reference service), by service name.
    """

    def __init__(
        self,
        services: list[ServiceConfig],
        config: GatewayConfig,
        recorder: Recorder,
        clock: Clock,
        authorize: Callable[[str | None], None] | None = None,
        max_body_bytes: int | None = None,
        apps: Mapping[str, ASGIApp] | None = None,
    ) -> None:
        self._upstreams = {s.name: _Upstream(s) for s in services if s.upstream}
        self.services = {name: u.service for name, u in self._upstreams.items()}
        self.config = config
        self.recorder = recorder
        self.clock = clock
        self.timer = interval_timer(clock)
        self.authorize = authorize
        self.max_body_bytes = max_body_bytes
        self.pool = UpstreamPool(config)
        self._in_process = {
            name: AsgiUpstream(app, config.read_timeout_s) for name, app in (apps or {}).items()
        }
        for name in self._in_process:
            if name not in self._upstreams:
                raise ValueError(f"in-process app for {name!r}, which has no upstream configured")
        # Interaction ids: 48 random bits per gateway and a counter, told to the client.
        self._id_prefix = os.urandom(6).hex()
        self._ids = itertools.count()

    async def aclose(self) -> None:
        """Close the upstream connections."""
        self.pool.close()
        for upstream in self._in_process.values():
            upstream.close()

    async def by_header(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        """Proxy ``/v1/<path>`` to the service the ``X-Aisre-Service`` header names."""
        name = next((v.decode() for k, v in scope["headers"] if k == b"x-aisre-service"), None)
        if name is None:
            if len(self._upstreams) != 1:
                known = ", ".join(sorted(self._upstreams)) or "none configured"
                message = (
                    "name the service in the X-Aisre-Service header or use the path "
                    f"/gateway/<service>/v1/{path}; services with an upstream: {known}"
                )
                await send_json(send, 400, _error("service_required", message))
                return
            name = next(iter(self._upstreams))
        await self.proxy(scope, receive, send, name, path)

    async def proxy(self, scope: Scope, receive: Receive, send: Send, name: str, path: str) -> None:
        """Proxy one call to service ``name``; ``path`` is what follows ``/v1/``."""
        upstream = self._upstreams.get(name)
        if upstream is None:
            known = ", ".join(sorted(self._upstreams)) or "none configured"
            message = (
                f"no service {name!r} with an upstream; known: {known} "
                "(set services[].upstream in aisre.yaml)"
            )
            await send_json(send, 404, _error("unknown_service", message))
            return
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        if self.authorize is not None:
            key = next((v.decode("latin-1") for k, v in headers if k == b"x-aisre-key"), None)
            try:
                self.authorize(key)
            except AuthError as exc:
                body: dict[str, object] = {"type": "AuthError", "message": exc.message}
                if exc.hint:
                    body["hint"] = exc.hint
                extra = [(b"www-authenticate", b"Bearer")] if exc.status_code == 401 else []
                await send_json(send, exc.status_code, {"error": body}, extra)
                return
        forwarded, interaction_id, attributes = [], None, {}
        for kv in headers:
            name_ = kv[0]
            if name_ in _DROPPED:
                continue
            if name_.startswith(b"x-aisre-"):  # aisre's own, never the upstream's
                if name_ == _ID_HEADER:
                    interaction_id = kv[1].decode("latin-1")
                elif name_.startswith(_ATTR_PREFIX):
                    key = name_[len(_ATTR_PREFIX) :].decode("latin-1").replace("-", "_")
                    attributes[key] = kv[1].decode("latin-1")[:1024]
                continue
            forwarded.append(b"%s: %s\r\n" % kv)
        problem = _check_own_headers(interaction_id, attributes)
        if problem is not None:
            await send_json(send, 400, _error("invalid_aisre_header", problem))
            return
        content = await self._body(headers, receive, send)
        if content is None:
            return
        method: str = scope["method"]
        raw: bytes = scope.get("raw_path") or scope["path"].encode()
        target = (
            upstream.prefix + raw.partition(b"/v1/")[2]
            if raw.startswith(b"/v1/")
            else (upstream.prefix + raw[9:].partition(b"/v1/")[2])
        )
        if scope["query_string"]:
            target += b"?" + scope["query_string"]
        lines = [b"%s %s HTTP/1.1\r\nhost: %s\r\n" % (method.encode(), target, upstream.host)]
        lines += forwarded
        lines.append(b"content-length: %d\r\n\r\n" % len(content))
        recorded = method == "POST" and path in _RECORDED
        if recorded and interaction_id is None:
            interaction_id = f"{self._id_prefix}{next(self._ids):010x}"
        call = Call(
            service=upstream.service,
            path=path,
            body=content,
            recorded=recorded,
            arrived=self.clock.now(),
            started=self.timer(),
            recorder=self.recorder,
            timer=self.timer,
            interaction_id=interaction_id if recorded else None,
            attributes=attributes,
        )
        client = self._in_process.get(name) or self.pool
        try:
            response = await client.request(
                upstream.origin, b"".join(lines), content, bodiless=method == "HEAD"
            )
        except UpstreamError as exc:
            status = _STATUS_OF.get(exc.kind, 502)
            call.record(status, error_type=exc.kind)
            extra = call.own_headers()
            if status == 504:
                message = f"the upstream of {name} timed out: {exc}"
            elif status == 503:
                message = f"the gateway is at its limit for {name}: {exc}; retry shortly"
                extra.append((b"retry-after", b"1"))
            else:
                message = (
                    f"cannot reach the upstream of {name} at {upstream.service.upstream}: {exc}"
                )
            await send_json(send, status, _error(exc.kind, message), extra)
            return
        await relay(call, response, receive, send)

    async def _body(
        self, headers: list[tuple[bytes, bytes]], receive: Receive, send: Send
    ) -> bytes | None:
        """The request body, or None after answering 413 (or when the client left)."""
        limit = self.max_body_bytes
        if limit is not None:
            declared = next((v for k, v in headers if k == b"content-length"), b"0")
            if declared.isdigit() and int(declared) > limit:
                await _too_large(send, int(declared), limit)
                return None
        parts, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if limit is not None and size > limit:
                await _too_large(send, size, limit)
                return None
            parts.append(chunk)
            if not message.get("more_body"):
                return parts[0] if len(parts) == 1 else b"".join(parts)


def _check_own_headers(interaction_id: str | None, attributes: dict[str, str]) -> str | None:
    """What is wrong with the caller's ``X-Aisre-*`` headers, or None."""
    if interaction_id is not None and not _VALID_ID.fullmatch(interaction_id):
        return (
            "X-Aisre-Interaction-Id must be 1 to 128 letters, digits or '._:-'; "
            f"got {interaction_id[:64]!r}"
        )
    if len(attributes) > _MAX_ATTRIBUTES:
        return f"at most {_MAX_ATTRIBUTES} X-Aisre-Attr-* headers; got {len(attributes)}"
    bad = next((key for key in attributes if not _VALID_ATTRIBUTE.fullmatch(key)), None)
    if bad is not None:
        return (
            "an X-Aisre-Attr-<name> header needs a name of 1 to 64 letters, digits or '-_.'; "
            f"got {bad!r}"
        )
    return None


async def _too_large(send: Send, size: int, limit: int) -> None:
    message = (
        f"request body of {size} bytes or more is over the limit of {limit} bytes "
        "(server.max_body_bytes)"
    )
    body = {"error": {"type": "PayloadTooLarge", "message": message}}
    await send_json(send, 413, body, [(b"connection", b"close")])
