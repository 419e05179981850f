"""A model span as an :class:`~aisre.core.Interaction`, and a retriever span's documents as chunks.

Field rules (the table in ``docs/otlp.md`` is the user-facing copy):

* ``model``: ``gen_ai.request.model``, else ``llm.model_name``, else
  ``gen_ai.response.model``, else ``embedding.model_name``. Required.
* ``model_version``: ``aisre.model_version`` (span, then resource), else
  ``gen_ai.response.model`` — the snapshot that actually answered.
  ``service.version`` is not used: it versions the service, not the model.
* versions of prompt template and index: ``aisre.*`` span attributes, then
  ``llm.prompt_template.version``, then the same ``aisre.*`` on the resource.
* ``ttft_ms``: ``aisre.ttft_ms`` (ms), ``gen_ai.response.time_to_first_chunk`` or
  ``gen_ai.server.time_to_first_token`` (s), else the first first-token event.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aisre.core import Interaction, RetrievedChunk

from ._otlp_fields import ENVIRONMENT, MAX_NAME, finish_reason, labels, params, scan, tokens
from ._otlp_messages import input_text, output_text
from ._otlp_span import SpanInfo
from ._otlp_values import count, first, indexed, number, text

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Span events that mark the first streamed token or chunk.
FIRST_TOKEN_EVENTS = frozenset(
    {"gen_ai.content.chunk", "gen_ai.first_token", "first_token", "First Token Stream Event"}
)


class SpanRejected(ValueError):
    """A model span that cannot become an interaction; the message says why."""


def timestamp(ns: int) -> datetime:
    """Nanoseconds since the epoch as an aware UTC datetime (microsecond precision)."""
    return _EPOCH + timedelta(microseconds=ns // 1000)


def _name(value: Any) -> str | None:
    return text(value, MAX_NAME)


def _either(span: SpanInfo, key: str) -> Any:
    value = span.attrs.get(key)
    return span.resource.get(key) if value is None else value


def _ttft_ms(span: SpanInfo) -> float | None:
    ms = number(span.attrs.get("aisre.ttft_ms"))
    if ms is None:
        seconds = number(
            first(
                span.attrs,
                "gen_ai.response.time_to_first_chunk",
                "gen_ai.server.time_to_first_token",
            )
        )
        ms = None if seconds is None else seconds * 1000.0
    if ms is None:
        times = [
            t for name, _, t in span.events if name in FIRST_TOKEN_EVENTS and t >= span.start_ns
        ]
        ms = (min(times) - span.start_ns) / 1e6 if times else None
    return ms if ms is not None and ms >= 0 else None


def _error_type(span: SpanInfo) -> str | None:
    kind = _name(span.attrs.get("error.type"))
    if kind is None:
        kind = next(
            (_name(a.get("exception.type")) for n, a, _ in span.events if n == "exception"), None
        )
    return kind


def chunks(span: SpanInfo) -> list[RetrievedChunk]:
    """The ``retrieval.documents.N.document.*`` of a span as retrieved chunks."""
    out = []
    for i, doc in enumerate(indexed(span.attrs, "retrieval.documents.")):
        out.append(
            RetrievedChunk(
                id=_name(doc.get("document.id")) or f"{span.span_id or 'doc'}-{i}",
                text=text(doc.get("document.content")) or "",
                score=number(doc.get("document.score")),
            )
        )
    return out


def to_interaction(span: SpanInfo) -> Interaction:
    """Map a model span; raises :class:`SpanRejected` when a required field is missing."""
    attrs = span.attrs
    resource = span.resource
    get = attrs.get
    model = _name(
        first(
            attrs,
            "gen_ai.request.model",
            "llm.model_name",
            "gen_ai.response.model",
            "embedding.model_name",
        )
    )
    if model is None:
        raise SpanRejected(f"{span.label}: no model (gen_ai.request.model / llm.model_name)")
    if span.trace_id is None or span.span_id is None:
        raise SpanRejected(f"{span.label}: no valid trace_id (16 bytes) and span_id (8 bytes)")
    if span.start_ns <= 0:
        raise SpanRejected(f"{span.label}: no start time")
    if span.end_ns < span.start_ns:
        raise SpanRejected(f"{span.label}: ends before it starts")
    request, extra, documents = scan(attrs)
    temperature, sampling = params(attrs, request)
    tokens_in, tokens_out = tokens(attrs)
    events = [(n, a) for n, a, _ in span.events] if span.events else []
    output, finish = output_text(attrs, events)
    error_type = _error_type(span)
    own_chunks = chunks(span) if documents else []
    status_code = count(first(attrs, "http.response.status_code", "http.status_code"))
    environment = ENVIRONMENT
    return Interaction(
        id=f"{span.trace_id}-{span.span_id}",
        trace_id=span.trace_id,
        span_id=span.span_id,
        service=_name(resource.get("service.name")) or "unknown_service",
        environment=_name(first(attrs, *environment))
        or _name(first(resource, *environment))
        or "production",
        operation=span.operation,
        timestamp=timestamp(span.start_ns),
        latency_ms=(span.end_ns - span.start_ns) / 1e6,
        ttft_ms=_ttft_ms(span),
        model=model,
        model_version=_name(_either(span, "aisre.model_version"))
        or _name(get("gen_ai.response.model")),
        prompt_template_version=_name(
            first(attrs, "aisre.prompt_template_version", "llm.prompt_template.version")
        )
        or _name(resource.get("aisre.prompt_template_version")),
        retrieval_index_version=_name(_either(span, "aisre.retrieval_index_version")),
        temperature=temperature,
        params=sampling,
        input=input_text(attrs, events),
        output=output,
        finish_reason=_name(finish_reason(attrs)) or _name(finish),
        input_tokens=tokens_in,
        output_tokens=tokens_out,
        status="error" if span.error or error_type is not None else "ok",
        status_code=status_code if status_code is not None and 100 <= status_code <= 599 else None,
        error_type=error_type,
        retrieval_used=bool(own_chunks),
        retrieval_chunks=own_chunks,
        attributes=labels(attrs, extra),
    )
