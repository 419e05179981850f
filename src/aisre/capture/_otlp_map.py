"""An OTLP ``ExportTraceServiceRequest`` as interactions and scores.

Three passes over the request:

1. read every span (:func:`~._otlp_span.read_span`) and map each model span to
   an interaction, or to a rejection reason;
2. join: each model span takes the documents of the retriever span of its
   trace that started last before it did — from this request, or from an
   earlier one remembered in a :class:`RetrievalCache`;
3. each ``gen_ai.evaluation.result`` event becomes a :class:`~aisre.core.Score`
   of the interaction it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aisre.core import Interaction, Score

from ._otlp_cache import Retrieval
from ._otlp_cache import RetrievalCache as RetrievalCache  # re-exported
from ._otlp_interaction import SpanRejected, chunks, timestamp, to_interaction
from ._otlp_span import SpanInfo, read_span, resource_fields
from ._otlp_values import attributes, text
from ._otlp_values import number as _number

EVALUATION_EVENT = "gen_ai.evaluation.result"
_PASS = frozenset({"pass", "passed", "true", "yes", "correct", "relevant", "supported", "grounded"})
_FAIL = frozenset(
    {"fail", "failed", "false", "no", "incorrect", "irrelevant", "unsupported", "hallucinated"}
)


@dataclass(slots=True)
class OtlpResult:
    """What one export request maps to.

    Attributes:
        interactions: One per accepted model span.
        scores: One per evaluation event that names an interaction.
        rejected: The reason for each rejected span, in span order.
        ignored: Spans that are not model calls (chains, tools, non-AI spans).
    """

    interactions: list[Interaction] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    ignored: int = 0

    def error_message(self, limit: int = 20) -> str:
        """The rejection reasons for the OTLP partial-success answer, at most ``limit``."""
        shown = "; ".join(self.rejected[:limit])
        more = len(self.rejected) - limit
        return f"{shown}; and {more} more" if more > 0 else shown


def _retrieval(span: SpanInfo) -> Retrieval:
    return Retrieval(
        start_ns=span.start_ns,
        latency_ms=max(span.end_ns - span.start_ns, 0) / 1e6,
        chunks=chunks(span),
        index_version=text(span.attrs.get("aisre.retrieval_index_version"), 256),
    )


def _join(item: Interaction, span: SpanInfo, candidates: list[Retrieval]) -> None:
    before = [r for r in candidates if r.start_ns <= span.start_ns]
    if item.retrieval_used or not before:
        return
    chosen = max(before, key=lambda r: r.start_ns)
    item.retrieval_used = True
    item.retrieval_chunks = list(chosen.chunks)
    item.retrieval_latency_ms = chosen.latency_ms
    if item.retrieval_index_version is None:
        item.retrieval_index_version = chosen.index_version


def _passed(label: str | None, attrs: dict[str, Any]) -> bool | None:
    explicit = attrs.get("aisre.evaluation.passed")
    if isinstance(explicit, bool):
        return explicit
    if label is None:
        return None
    key = label.strip().lower()
    return True if key in _PASS else False if key in _FAIL else None


def _scores(
    span: SpanInfo, target: Interaction | None, by_response: dict[str, Interaction]
) -> list[Score]:
    out = []
    for name, attrs, time_ns in span.events:
        if name != EVALUATION_EVENT:
            continue
        owner = by_response.get(text(attrs.get("gen_ai.response.id")) or "") or target
        if owner is None or owner.id is None:
            continue
        label = text(attrs.get("gen_ai.evaluation.score.label"), 256)
        out.append(
            Score(
                interaction_id=owner.id,
                scorer=text(attrs.get("gen_ai.evaluation.name"), 256) or "evaluation",
                timestamp=timestamp(time_ns or span.end_ns or span.start_ns),
                service=owner.service,
                value=_number(attrs.get("gen_ai.evaluation.score.value")),
                label=label,
                passed=_passed(label, attrs),
                explanation=text(attrs.get("gen_ai.evaluation.explanation")) or "",
                source="otlp",
            )
        )
    return out


def map_export_request(request: Any, cache: RetrievalCache | None = None) -> OtlpResult:
    """Map a decoded ``ExportTraceServiceRequest`` (protobuf message) to interactions and scores.

    Args:
        request: The export request.
        cache: Retrievals of earlier requests to join with, and to remember this
            request's retrievals in; None joins within this request only.
    """
    result = OtlpResult()
    spans: list[SpanInfo] = []
    for resource_spans in request.resource_spans:
        resource = attributes(resource_spans.resource.attributes)
        defaults = resource_fields(resource)
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                spans.append(read_span(span, len(spans), resource, defaults))
    retrievals: dict[str, list[Retrieval]] = {}
    models: list[SpanInfo] = []
    events = False  # whether any span has events: scores to look for
    for span in spans:
        kind = span.kind
        if kind == "model":
            models.append(span)
        elif kind == "retriever":
            if span.trace_id is not None:
                retrievals.setdefault(span.trace_id, []).append(_retrieval(span))
        else:
            result.ignored += 1
        if span.events:
            events = True
    mapped: dict[int, Interaction] = {}
    by_trace: dict[str, list[Interaction]] = {}
    earlier: dict[str, list[Retrieval]] = {}
    if cache is not None:
        earlier = cache.get_many(s.trace_id for s in models if s.trace_id is not None)
    interactions = result.interactions
    for span in models:
        try:
            item = to_interaction(span)
        except SpanRejected as exc:
            result.rejected.append(str(exc))
            continue
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            result.rejected.append(f"{span.label}: cannot be mapped ({type(exc).__name__}: {exc})")
            continue
        trace_id = span.trace_id
        assert trace_id is not None  # to_interaction rejects spans without one
        if trace_id in retrievals or trace_id in earlier:
            _join(item, span, retrievals.get(trace_id, []) + earlier.get(trace_id, []))
        if events:  # only evaluation events need these
            mapped[span.index] = item
            by_trace.setdefault(trace_id, []).append(item)
        interactions.append(item)
    if cache is not None:
        for trace_id, found in retrievals.items():
            for retrieval in found:
                cache.add(trace_id, retrieval)
    if not events:
        return result
    by_response = {r: it for it in interactions if (r := it.attributes.get("response_id"))}
    for span in spans:
        if not span.events:
            continue
        target = mapped.get(span.index)
        if target is None and span.kind != "model" and span.trace_id is not None:
            in_trace = by_trace.get(span.trace_id, [])
            target = in_trace[0] if len(in_trace) == 1 else None
        result.scores.extend(_scores(span, target, by_response))
    return result
