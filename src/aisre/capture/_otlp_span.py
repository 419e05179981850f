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

from ._otlp_fields import MAX_NAME
from ._otlp_layout import ENVIRONMENT, Layout, layout
from ._otlp_values import Attrs, attributes, hex_id, pick, text

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


@dataclass(frozen=True, slots=True)
class ResourceFields:
    """What a model span takes from its resource when it does not say itself.

    The same for every span of a resource: :func:`resource_fields` works it
    out once, not once a span.
    """

    service: str
    environment: str
    model_version: str | None
    prompt_template_version: str | None
    retrieval_index_version: str | None


def _name(value: Any) -> str | None:
    return text(value, MAX_NAME)


def resource_fields(resource: Attrs) -> ResourceFields:
    """The fallbacks a resource's attributes give its spans (see :class:`ResourceFields`)."""
    get = resource.get
    return ResourceFields(
        service=_name(get("service.name")) or "unknown_service",
        environment=_name(pick(get, ENVIRONMENT)) or "production",
        model_version=_name(get("aisre.model_version")),
        prompt_template_version=_name(get("aisre.prompt_template_version")),
        retrieval_index_version=_name(get("aisre.retrieval_index_version")),
    )


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
        layout: Which of ``attrs`` supplies which field (:mod:`._otlp_layout`).
        defaults: What the span's resource gives (the same object for all its spans).
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
    layout: Layout | None = None
    defaults: ResourceFields | None = None

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


def classify(attrs: Attrs, keys: Layout) -> tuple[SpanKind, str]:
    """The kind of a span and, for a model span, its operation; ``keys`` is its layout."""
    op = text(attrs.get("gen_ai.operation.name"))
    oi = text(attrs.get("openinference.span.kind"))
    if oi is None:
        if op in MODEL_OPERATIONS:
            return "model", MODEL_OPERATIONS[op]
    else:
        oi = oi.upper()
        if oi in _OPENINFERENCE_MODEL:
            return "model", _OPENINFERENCE_MODEL[oi]
        if op in MODEL_OPERATIONS:
            return "model", MODEL_OPERATIONS[op]
    if oi == "RETRIEVER" or op in RETRIEVAL_OPERATIONS:
        return "retriever", "retrieval"
    if op is None and oi is None:
        if any(k.startswith("retrieval.documents.") for k in keys.families):
            return "retriever", "retrieval"
        if keys.model_hint:
            return "model", "chat"
        if keys.ai:
            return "other", "chat"
        return "none", "chat"
    return "other", "chat"


def read_span(
    span: Any, index: int, resource: Attrs, defaults: ResourceFields | None = None
) -> SpanInfo:
    """Decode one protobuf ``Span`` into a :class:`SpanInfo`.

    ``defaults`` are ``resource_fields(resource)``, when the caller has worked them out.
    """
    attrs = attributes(span.attributes)
    events: list[tuple[str, Attrs, int]] = []
    if span.events:
        for event in span.events:
            event_attrs = attributes(event.attributes) if event.attributes else {}
            events.append((event.name, event_attrs, event.time_unix_nano))
        for name, event_attrs, _ in events:
            if name == DETAILS_EVENT:
                attrs = {**event_attrs, **attrs}
    keys = layout(attrs)
    kind, operation = classify(attrs, keys)
    # Positional, in field order: keywords cost half a microsecond more a span.
    return SpanInfo(
        index,
        span.name,
        hex_id(span.trace_id, 16),
        hex_id(span.span_id, 8),
        span.start_time_unix_nano,
        span.end_time_unix_nano,
        attrs,
        events,
        span.status.code == _STATUS_ERROR,
        resource,
        kind,
        operation,
        keys,
        defaults,
    )
