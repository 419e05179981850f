"""``GET /api/v1/drift``: how a service's inputs moved between a reference and a current window."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from aisre.scoring import drift_report, resolve_windows
from aisre.scoring._embeddings import Embedder, embedder_from_config

from ._context import context
from ._read import reject_unknown_parameters

router = APIRouter(
    prefix="/api/v1", tags=["read"], dependencies=[Depends(reject_unknown_parameters)]
)

_lock = threading.Lock()

Moment = Annotated[datetime | None, Query(description="RFC 3339 with a timezone")]


def _embedder(request: Request) -> Embedder:
    """The app's embedder for drift, built on first use from ``scoring.embeddings``."""
    state = request.app.state
    with _lock:
        embedder: Embedder | None = getattr(state, "drift_embedder", None)
        if embedder is None:
            embedder = embedder_from_config(context(request).config.scoring.embeddings)
            state.drift_embedder = embedder
        return embedder


@router.get(
    "/drift",
    summary="Drift of a service's inputs between a reference and a current window",
    description="Token counts, language, query type, operation and model (PSI, chi-square) "
    "and the queries' embeddings (domain-classifier AUC, MMD, centroid distance). By "
    "default the current window is the last hour and the reference the 24 hours before it. "
    "See docs/drift.md.",
)
def drift(
    request: Request,
    service: Annotated[str, Query(min_length=1, description="the service to compare")],
    reference_start: Moment = None,
    reference_end: Moment = None,
    current_start: Moment = None,
    current_end: Moment = None,
) -> Response:
    ctx = context(request)
    ctx.auth.authorize(request, "read")
    ref, cur = resolve_windows(
        ctx.clock, (reference_start, reference_end), (current_start, current_end)
    )
    report = drift_report(
        ctx.lake, service, (ref.start, ref.end), (cur.start, cur.end), _embedder(request)
    )
    return Response(orjson.dumps(report.as_dict()), media_type="application/json")
