"""What the routes share: the stores, the clock, auth, redaction and metrics of one server."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from fastapi import Request
from prometheus_client import CollectorRegistry
from starlette.concurrency import run_in_threadpool

from aisre.capture import Redactor
from aisre.core import AisreConfig, Clock, Interaction
from aisre.scoring import RecentIds, ScoringPipeline
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
    scoring: ScoringPipeline | None = None
    #: Ids of the scores stored lately: a score sent again (at-least-once) is stored once.
    score_ids: RecentIds = field(default_factory=RecentIds)

    def landed(self, interactions: Sequence[Interaction]) -> None:
        """Interactions are durable: count them, and hand them to scoring."""
        self.interaction_metrics.observe(interactions)
        if self.scoring is not None:
            self.scoring.submit(interactions)

    async def landed_async(self, interactions: Sequence[Interaction]) -> None:
        """:meth:`landed` from the event loop (a Redis queue is a network call)."""
        if self.scoring is not None and self.config.queue.url:
            await run_in_threadpool(self.landed, interactions)
        else:
            self.landed(interactions)


def context(request: Request) -> ServerContext:
    """The server context of the app handling ``request``."""
    ctx: ServerContext = request.app.state.aisre
    return ctx
