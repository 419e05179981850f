"""``POST /v1/traces``: the OTLP/HTTP trace receiver (protobuf or JSON, gzip or deflate).

Decoding and mapping live in :mod:`aisre.capture`; this route authorizes,
redacts, appends durably (interactions, then scores) and answers with an
``ExportTraceServiceResponse`` in the request's encoding — partial success
naming each rejected span. Everything but reading the body happens in one
trip to the thread pool. See ``docs/otlp.md``.
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from aisre.capture import (
    OTLP_JSON,
    OtlpResult,
    Redactor,
    RetrievalCache,
    decode_export_request,
    encode_export_response,
    encode_otlp_status,
    map_export_request,
    otlp_media_type,
)
from aisre.core import InputError
from aisre.store import EventLake

from ._context import context

router = APIRouter(tags=["otlp"])
_cache_lock = threading.Lock()


def _cache(request: Request) -> RetrievalCache:
    """The app's retrieval cache, made on first use (it joins spans across requests)."""
    state = request.app.state
    with _cache_lock:
        cache: RetrievalCache | None = getattr(state, "otlp_retrievals", None)
        if cache is None:
            cache = state.otlp_retrievals = RetrievalCache()
    return cache


def _decode_map_redact(
    body: bytes, headers: Any, max_bytes: int, cache: RetrievalCache, redactor: Redactor
) -> OtlpResult:
    """Decode, map and redact one request; raises :class:`InputError` for a bad body."""
    export = decode_export_request(
        body,
        headers.get("content-type"),
        headers.get("content-encoding"),
        max_bytes=max_bytes,
    )
    result = map_export_request(export, cache)
    if result.interactions:
        redactor.interactions(result.interactions)
    if result.scores:
        redactor.scores(result.scores)
    return result


def _append(lake: EventLake, result: OtlpResult) -> None:
    """Make a request's interactions, then its scores, durable in the spool (fsync)."""
    if result.interactions:
        lake.append_interactions(result.interactions)
    if result.scores:
        lake.append_scores(result.scores)


def _ingest(
    body: bytes,
    headers: Any,
    max_bytes: int,
    cache: RetrievalCache,
    redactor: Redactor,
    lake: EventLake,
) -> OtlpResult | InputError:
    """Everything CPU- or disk-bound about one request, in one trip to the thread pool.

    A bad body is returned rather than raised, so that only it becomes an
    OTLP error answer: a failure to append is the server's, not the sender's.
    """
    try:
        result = _decode_map_redact(body, headers, max_bytes, cache, redactor)
    except InputError as exc:
        return exc
    _append(lake, result)
    return result


@router.post(
    "/v1/traces",
    summary="OTLP/HTTP trace export (GenAI and OpenInference spans become interactions)",
    responses={
        200: {"description": "ExportTraceServiceResponse; partial_success names rejected spans"},
        400: {"description": "The body does not decode"},
        415: {"description": "Not application/x-protobuf or application/json"},
    },
)
async def export_traces(request: Request) -> Response:
    ctx = context(request)
    ctx.auth.authorize(request, "ingest")
    kind = OTLP_JSON
    try:
        kind = otlp_media_type(request.headers.get("content-type"))
        body = await request.body()
    except InputError as exc:
        return Response(encode_otlp_status(exc, kind), status_code=exc.status_code, media_type=kind)
    # Decoding, mapping and redacting 500 spans take milliseconds, and the append
    # waits for an fsync: keep both off the event loop, which goes on reading the
    # other senders' bodies meanwhile. The answer comes once the spans are durable.
    outcome = await run_in_threadpool(
        _ingest,
        body,
        request.headers,
        ctx.config.server.max_body_bytes,
        _cache(request),
        ctx.redactor,
        ctx.lake,
    )
    if isinstance(outcome, InputError):
        return Response(
            encode_otlp_status(outcome, kind), status_code=outcome.status_code, media_type=kind
        )
    if outcome.interactions:
        await ctx.landed_async(outcome.interactions)
    return Response(encode_export_response(outcome, kind), media_type=kind)
