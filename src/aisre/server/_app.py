"""The FastAPI application of ``aisre up``: ingest, read, ``/metrics`` and ``/healthz``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from fastapi import FastAPI, Request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.process_collector import ProcessCollector
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import ASGIApp, Scope

import aisre
from aisre.capture import Gateway, Recorder, Redactor
from aisre.capture._gateway_routes import GatewayApp, GatewayRoutes
from aisre.core import AisreConfig, Clock, Interaction
from aisre.scoring import RecentIds, ScoringPipeline
from aisre.store import EventLake, StateStore

from . import _drift, _ingest, _otlp, _read
from ._auth import ApiKeyAuth
from ._context import ServerContext, context
from ._errors import install_error_handlers
from ._lookup import interactions_by_id
from ._metrics import CaptureHealthMetrics, InteractionMetrics, RecorderMetrics, ScoringMetrics
from ._middleware import BodyLimit, RequestMetrics


def create_app(
    config: AisreConfig,
    *,
    lake: EventLake,
    state: StateStore | None,
    clock: Clock,
    manage_lake: bool = True,
    upstream_apps: Mapping[str, ASGIApp] | None = None,
) -> FastAPI:
    """Build the app around stores the caller made.

    Args:
        config: The whole configuration.
        lake: The event lake the app writes to and reads from.
        state: The state store (API keys now; SLO state and incidents later).
        clock: The clock for defaults such as "the last 24 hours".
        manage_lake: Start the lake's flusher with the app and close the lake after it.
        upstream_apps: Services whose upstream is an ASGI app in this process (a
            simulation's reference service) rather than a URL, by name.
    """
    registry = CollectorRegistry()
    interaction_metrics = InteractionMetrics()
    registry.register(interaction_metrics)
    registry.register(CaptureHealthMetrics(lake.health))
    ProcessCollector(registry=registry)
    auth = ApiKeyAuth(config.server, state)
    auth.check_startup()
    redactor = Redactor(config.redaction)
    score_ids = RecentIds()  # one memory of stored score ids, for ingest and scoring alike
    scoring = None
    if config.scoring.scorers:
        scoring = ScoringPipeline(
            config,
            lake.append_scores,
            clock,
            fetch=partial(interactions_by_id, lake),
            recent=score_ids,
        )
        registry.register(ScoringMetrics(scoring))

    def landed(items: Sequence[Interaction]) -> None:
        ctx.landed(items)

    # The gateway's interactions reach the lake through a fail-open queue.
    recorder = Recorder(
        lake,
        redactor,
        capacity=config.gateway.record_queue,
        linger_s=0.05,
        on_recorded=landed,
    )
    registry.register(RecorderMetrics(recorder))
    ctx = ServerContext(
        config=config,
        lake=lake,
        state=state,
        clock=clock,
        auth=auth,
        redactor=redactor,
        registry=registry,
        interaction_metrics=interaction_metrics,
        scoring=scoring,
        score_ids=score_ids,
    )

    def gateway_auth(key: str | None) -> None:
        # Authorization belongs to the upstream; aisre's own key travels apart.
        auth.authorize_key(key, "ingest", hint="send an ingest key in the X-Aisre-Key header")

    gateway = Gateway(
        config.services,
        config.gateway,
        recorder,
        clock,
        authorize=gateway_auth,
        max_body_bytes=config.server.max_body_bytes,
        apps=upstream_apps,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if manage_lake:
            lake.start()
        recorder.start()
        if scoring is not None:
            scoring.start()
        try:
            yield
        finally:
            await gateway.aclose()
            recorder.close()
            if scoring is not None:
                scoring.close()
            if manage_lake:
                lake.close()

    app = GatewayApp(
        title="aisre",
        version=aisre.__version__,
        summary="SRE control plane for AI services",
        lifespan=lifespan,
    )
    app.state.aisre = ctx
    install_error_handlers(app)
    app.include_router(_ingest.router)
    app.include_router(_read.router)
    app.include_router(_otlp.router)
    app.include_router(_drift.router)

    @app.get("/healthz", tags=["ops"], summary="Liveness: the process answers")
    def healthz() -> dict[str, Any]:
        health = lake.health()
        return {"status": "ok", "pending": health.pending, "dropped": health.dropped_total}

    # Load balancers often probe with HEAD.
    app.add_api_route("/healthz", healthz, methods=["HEAD"], include_in_schema=False)

    @app.get("/metrics", tags=["ops"], summary="Prometheus metrics")
    def metrics(request: Request) -> Response:
        c = context(request)
        c.auth.authorize(request, "read")
        return Response(generate_latest(c.registry), media_type=CONTENT_TYPE_LATEST)

    app.state.gateway = gateway
    _install_openapi(app)
    app.add_middleware(RequestMetrics, registry=registry)
    app.add_middleware(BodyLimit, max_bytes=config.server.max_body_bytes)

    # Gateway calls skip FastAPI and the API's middleware (the gateway checks the key
    # and the body limit itself); its /v1/... must not shadow /v1/traces.
    def owned(scope: Scope) -> bool:
        return any(route.matches(scope)[0] is not Match.NONE for route in app.routes)

    app.gateway_routes = GatewayRoutes(gateway, owned)
    return app


def _install_openapi(app: FastAPI) -> None:
    """Add the msgspec schemas of the ingest bodies to the generated OpenAPI document."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(_ingest.schema_components())
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
