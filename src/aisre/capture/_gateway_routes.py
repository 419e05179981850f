"""The gateway's paths, answered before the API's routing.

``aisre up``'s app is a :class:`GatewayApp`: a request for
``/gateway/<service>/v1/...``, or for ``/v1/...`` that no route of the API
claims (``/v1/traces`` is the OTLP receiver's), goes straight to the
:class:`~aisre.capture.Gateway`; anything else goes on to FastAPI.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from ._gateway import Gateway

__all__ = ["GatewayApp", "GatewayRoutes"]


class GatewayRoutes:
    """Answers the gateway's paths; anything else is left to the app.

    Args:
        gateway: The proxy.
        owned: Whether the app has a route for a ``/v1/...`` request (``/v1/traces``);
            those are the app's, not the gateway's. Answers are cached per path.
    """

    def __init__(self, gateway: Gateway, owned: Callable[[Scope], bool] | None = None) -> None:
        self.gateway, self.owned = gateway, owned
        self._owned: dict[str, bool] = {}

    def _is_owned(self, scope: Scope, path: str) -> bool:
        if self.owned is None:
            return False
        hit = self._owned.get(path)
        if hit is None:
            hit = self.owned(scope)
            if len(self._owned) < 4096:  # /v1/files/<id> and the like must not grow it
                self._owned[path] = hit
        return hit

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Answer ``scope`` if it is the gateway's; False if it is the app's."""
        path: str = scope["path"]
        if path.startswith("/gateway/"):
            name, found, rest = path[9:].partition("/v1/")
            if found and name and "/" not in name:
                await self.gateway.proxy(scope, receive, send, name, rest)
                return True
        elif path.startswith("/v1/") and not self._is_owned(scope, path):
            await self.gateway.by_header(scope, receive, send, path[4:])
            return True
        return False


class GatewayApp(FastAPI):
    """A FastAPI app whose gateway paths are answered before FastAPI sees them.

    FastAPI's own per-request work (its telemetry check, the error middleware,
    routing, the API's middleware) would cost the proxy hop more than the rest
    of it together. Set ``gateway_routes`` once the gateway is built.
    """

    gateway_routes: GatewayRoutes | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        routes = self.gateway_routes
        if (
            routes is None
            or scope["type"] != "http"
            or not await routes.handle(scope, receive, send)
        ):
            await super().__call__(scope, receive, send)
