"""What the routes share: the stores, the clock, auth, redaction and metrics of one server."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from prometheus_client import CollectorRegistry

from aisre.capture import Redactor
from aisre.core import AisreConfig, Clock
from aisre.store import EventLake, StateStore

from ._auth import ApiKeyAuth
from ._metrics import InteractionMetrics


@dataclass
class ServerContext:
    """Everything a request handler needs, built once per app."""

    config: AisreConfig
    lake: EventLake
    state: StateStore | None
    clock: Clock
    auth: ApiKeyAuth
    redactor: Redactor
    registry: CollectorRegistry
    interaction_metrics: InteractionMetrics


def context(request: Request) -> ServerContext:
    """The server context of the app handling ``request``."""
    ctx: ServerContext = request.app.state.aisre
    return ctx
