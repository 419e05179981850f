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

from ._otlp_fields import MAX_NAME, finish_reason, labels, params, scan, tokens
from ._otlp_layout import Layout, layout
from ._otlp_messages import input_text, output_text
from ._otlp_span import SpanInfo, resource_fields
from ._otlp_values import count, indexed, number, text

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


def _ttft_ms(span: SpanInfo, keys: Layout) -> float | None:
    ms = number(span.attrs.get("aisre.ttft_ms"))
    if ms is None and keys.ttft_seconds is not None:
        seconds = number(span.attrs[keys.ttft_seconds])
        ms = None if seconds is None else seconds * 1000.0
    if ms is None and span.events:
        times = [
            t for name, _, t in span.events if name in FIRST_TOKEN_EVENTS and t >= span.start_ns
        ]
        ms = (min(times) - span.start_ns) / 1e6 if times else None
    return ms if ms is not None and ms >= 0 else None


def _error_type(span: SpanInfo) -> str | None:
    kind = _name(span.attrs.get("error.type"))
    if kind is None and span.events:
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
    """Map a model span; raises :class:`SpanRejected` when a required field is missing.

    Called for every model span of every request: which attribute supplies
    which field comes from the span's :class:`~._otlp_layout.Layout`, and what
    comes from the resource was worked out once for all of its spans.
    """
    attrs = span.attrs
    get = attrs.get
    keys = span.layout or layout(attrs)
    model = None if keys.model is None else _name(attrs[keys.model])
    if model is None:
        raise SpanRejected(f"{span.label}: no model (gen_ai.request.model / llm.model_name)")
    trace_id, span_id = span.trace_id, span.span_id
    if trace_id is None or span_id is None:
        raise SpanRejected(f"{span.label}: no valid trace_id (16 bytes) and span_id (8 bytes)")
    start, end = span.start_ns, span.end_ns
    if start <= 0:
        raise SpanRejected(f"{span.label}: no start time")
    if end < start:
        raise SpanRejected(f"{span.label}: ends before it starts")
    defaults = span.defaults or resource_fields(span.resource)
    if keys.families:
        request, extra, documents = scan(attrs, keys.families)
    else:
        request, extra, documents = {}, {}, False
    temperature, sampling = params(attrs, request)
    tokens_in, tokens_out = tokens(attrs, keys)
    events = [(n, a) for n, a, _ in span.events] if span.events else []
    output, finish = output_text(attrs, events)
    error_type = _error_type(span)
    own_chunks = chunks(span) if documents else []
    status_code = None if keys.status_code is None else count(attrs[keys.status_code])
    # The span's own value first; what the resource gives (the table in
    # docs/otlp.md) when the span has none.
    if keys.environment is None:
        environment = defaults.environment
    else:
        environment = _name(attrs[keys.environment]) or defaults.environment
    model_version = get("aisre.model_version")
    template = None if keys.template_version is None else _name(attrs[keys.template_version])
    index_version = get("aisre.retrieval_index_version")
    return Interaction(
        id=f"{trace_id}-{span_id}",
        trace_id=trace_id,
        span_id=span_id,
        service=defaults.service,
        environment=environment,
        operation=span.operation,
        timestamp=timestamp(start),
        latency_ms=(end - start) / 1e6,
        ttft_ms=_ttft_ms(span, keys),
        model=model,
        model_version=(defaults.model_version if model_version is None else _name(model_version))
        or _name(get("gen_ai.response.model")),
        prompt_template_version=template or defaults.prompt_template_version,
        retrieval_index_version=defaults.retrieval_index_version
        if index_version is None
        else _name(index_version),
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
        attributes=labels(attrs, extra, keys),
    )
