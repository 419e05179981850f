"""One OTLP span read once into plain values, and what kind of AI span it is.

Kinds:

* ``model`` — a call to a model: ``gen_ai.operation.name`` ``chat``,
  ``text_completion``, ``generate_content`` or ``embeddings`` (or a GenAI span
  with a model and no operation), or ``openinference.span.kind`` ``LLM`` or
  ``EMBEDDING``. Becomes an interaction.
* ``retriever`` — ``openinference.span.kind`` ``RETRIEVER``, ``gen_ai.operation.name``
  ``retrieval``, or any other span with ``retrieval.documents.*``. Its documents
  join the model spans of its trace.
* ``other`` — any other GenAI or OpenInference span (chains, agents, tools):
  ignored, but its evaluation events still count.
* ``none`` — not an AI span: ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ._otlp_values import Attrs, attributes, hex_id, text

SpanKind = Literal["model", "retriever", "other", "none"]

#: ``gen_ai.operation.name`` values that call a model, and the interaction operation of each.
MODEL_OPERATIONS = {
    "chat": "chat",
    "text_completion": "completion",
    "generate_content": "chat",
    "embeddings": "embeddings",
}
RETRIEVAL_OPERATIONS = frozenset({"retrieval", "retrieve"})
_OPENINFERENCE_MODEL = {"LLM": "chat", "EMBEDDING": "embeddings"}
#: A span event whose attributes describe the whole call (newer GenAI conventions).
DETAILS_EVENT = "gen_ai.client.inference.operation.details"
_STATUS_ERROR = 2  # Status.StatusCode.STATUS_CODE_ERROR


@dataclass(slots=True)
class SpanInfo:
    """What the mapping needs of one span, decoded once.

    Attributes:
        index: Position of the span in the request, counted from 0 across resources.
        name: The span name.
        trace_id: Hex trace id, None when missing or malformed.
        span_id: Hex span id, None when missing or malformed.
        start_ns: Start, nanoseconds since the epoch.
        end_ns: End, nanoseconds since the epoch.
        attrs: Span attributes (with those of a details event merged in).
        events: ``(name, attributes, time_ns)`` of each span event.
        error: Whether the span status is ERROR.
        resource: Resource attributes.
        kind: What kind of AI span it is.
        operation: The interaction operation of a model span.
    """

    index: int
    name: str
    trace_id: str | None
    span_id: str | None
    start_ns: int
    end_ns: int
    attrs: Attrs
    events: list[tuple[str, Attrs, int]]
    error: bool
    resource: Attrs
    kind: SpanKind = "none"
    operation: str = "chat"

    @property
    def label(self) -> str:
        """How a rejection message names the span: ``span 3 (name 'chat gpt-4o')``."""
        return f"span {self.index} (name {self.name[:80]!r})"

    @property
    def interaction_id(self) -> str | None:
        """The id of the interaction this span becomes: ``{trace_id}-{span_id}``."""
        if self.trace_id is None or self.span_id is None:
            return None
        return f"{self.trace_id}-{self.span_id}"


def classify(attrs: Attrs) -> tuple[SpanKind, str]:
    """The kind of a span and, for a model span, its interaction operation."""
    op = text(attrs.get("gen_ai.operation.name"))
    oi = text(attrs.get("openinference.span.kind"))
    oi = oi.upper() if oi else None
    if oi in _OPENINFERENCE_MODEL:
        return "model", _OPENINFERENCE_MODEL[oi]
    if op in MODEL_OPERATIONS:
        return "model", MODEL_OPERATIONS[op]
    if oi == "RETRIEVER" or op in RETRIEVAL_OPERATIONS:
        return "retriever", "retrieval"
    if op is None and oi is None:
        if any(k.startswith("retrieval.documents.") for k in attrs):
            return "retriever", "retrieval"
        if any(k in attrs for k in ("gen_ai.request.model", "gen_ai.system", "llm.model_name")):
            return "model", "chat"
        if any(k.startswith(("gen_ai.", "llm.")) for k in attrs):
            return "other", "chat"
        return "none", "chat"
    return "other", "chat"


def read_span(span: Any, index: int, resource: Attrs) -> SpanInfo:
    """Decode one protobuf ``Span`` into a :class:`SpanInfo`."""
    attrs = attributes(span.attributes)
    events = [(e.name, attributes(e.attributes), e.time_unix_nano) for e in span.events]
    for name, event_attrs, _ in events:
        if name == DETAILS_EVENT:
            attrs = {**event_attrs, **attrs}
    kind, operation = classify(attrs)
    return SpanInfo(
        index=index,
        name=span.name,
        trace_id=hex_id(span.trace_id, 16),
        span_id=hex_id(span.span_id, 8),
        start_ns=span.start_time_unix_nano,
        end_ns=span.end_time_unix_nano,
        attrs=attrs,
        events=events,
        error=span.status.code == _STATUS_ERROR,
        resource=resource,
        kind=kind,
        operation=operation,
    )
