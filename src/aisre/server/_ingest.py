"""The JSON ingest API: batches of interactions, scores, user feedback and change events.

Each call returns only when its batch is durable in the spool (see
:mod:`aisre.store._wal`). Bodies are decoded and validated by msgspec; any
problem is a 4xx whose message names the field, e.g.
``Expected `float`, got `str` - at `$.interactions[3].latency_ms```.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import msgspec
import orjson
from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from aisre.core import (
    ChangeBatch,
    FeedbackBatch,
    InputError,
    InteractionBatch,
    ScoreBatch,
    feedback_to_score,
)

from ._context import context

router = APIRouter(prefix="/api/v1", tags=["ingest"])

B = TypeVar("B", bound=msgspec.Struct)

_DECODERS: dict[type[Any], msgspec.json.Decoder[Any]] = {
    t: msgspec.json.Decoder(t) for t in (InteractionBatch, ScoreBatch, FeedbackBatch, ChangeBatch)
}


def _body_schema(name: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
        }
    }


async def _decode(request: Request, kind: type[B]) -> B:
    body = await request.body()
    if not body:
        error = InputError(f"the request body is empty; send a JSON {kind.__name__}")
        error.status_code = 400
        raise error
    try:
        batch: B = _DECODERS[kind].decode(body)
    except msgspec.ValidationError as exc:
        raise InputError(f"invalid {kind.__name__}: {exc}") from None
    except msgspec.DecodeError as exc:
        error = InputError(f"malformed JSON: {exc}")
        error.status_code = 400
        raise error from None
    return batch


def _accepted(ids: Sequence[str]) -> Response:
    return Response(orjson.dumps({"accepted": len(ids), "ids": ids}), media_type="application/json")


async def _durably(append: Callable[[Any], list[str]], items: Any) -> list[str]:
    # fsync blocks: keep it off the event loop.
    return await run_in_threadpool(append, items)


@router.post(
    "/interactions",
    summary="Ingest a batch of interactions",
    openapi_extra=_body_schema("InteractionBatch"),
    responses={200: {"description": "The batch is durable; ids in request order."}},
)
async def ingest_interactions(request: Request) -> Response:
    ctx = context(request)
    ctx.auth.authorize(request, "ingest")
    batch = await _decode(request, InteractionBatch)
    ctx.redactor.interactions(batch.interactions)
    ids = await _durably(ctx.lake.append_interactions, batch.interactions)
    await ctx.landed_async(batch.interactions)
    return _accepted(ids)


@router.post(
    "/scores", summary="Ingest a batch of scores", openapi_extra=_body_schema("ScoreBatch")
)
async def ingest_scores(request: Request) -> Response:
    ctx = context(request)
    ctx.auth.authorize(request, "ingest")
    batch = await _decode(request, ScoreBatch)
    ctx.redactor.scores(batch.scores)
    # A score sent again (a worker's at-least-once delivery) is acknowledged, not stored twice.
    fresh = ctx.score_ids.fresh(batch.scores)
    if fresh:
        await _durably(ctx.lake.append_scores, fresh)
    return _accepted([score.id or "" for score in batch.scores])


@router.post(
    "/feedback",
    summary="Ingest user feedback (stored as scores of the user_feedback scorer)",
    openapi_extra=_body_schema("FeedbackBatch"),
)
async def ingest_feedback(request: Request) -> Response:
    ctx = context(request)
    ctx.auth.authorize(request, "ingest")
    batch = await _decode(request, FeedbackBatch)
    scores = [feedback_to_score(f) for f in batch.feedback]
    ctx.redactor.scores(scores)
    ids = await _durably(ctx.lake.append_scores, scores)
    if ctx.scoring is not None:  # what users react to is always scored
        ctx.scoring.want([f.interaction_id for f in batch.feedback])
    return _accepted(ids)


@router.post(
    "/changes",
    summary="Ingest change events (deployments, model, prompt and index versions, config)",
    openapi_extra=_body_schema("ChangeBatch"),
)
async def ingest_changes(request: Request) -> Response:
    ctx = context(request)
    ctx.auth.authorize(request, "ingest")
    batch = await _decode(request, ChangeBatch)
    ctx.redactor.changes(batch.changes)
    return _accepted(await _durably(ctx.lake.append_changes, batch.changes))


def schema_components() -> dict[str, Any]:
    """JSON Schemas of the ingest bodies, for the OpenAPI document."""
    _, components = msgspec.json.schema_components(
        list(_DECODERS), ref_template="#/components/schemas/{name}"
    )
    return components
