"""The OTLP/HTTP receiver: mapping, codec, and the real OpenTelemetry SDK exporting to it."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.trace import Status as OtelStatus
from opentelemetry.trace import StatusCode

from aisre.capture import (
    OTLP_JSON,
    OTLP_PROTOBUF,
    RetrievalCache,
    decode_export_request,
    map_export_request,
    otlp_media_type,
)
from aisre.capture._otlp_values import attributes, count, number, text
from aisre.core import InputError, Interaction, Score, SimulatedClock
from aisre.server import BackgroundServer, Stores, create_app

from .helpers import T0, config_in, key_config

NS = int(T0.timestamp()) * 1_000_000_000
MS = 1_000_000
TRACE = bytes.fromhex("4bf92f3577b34da6a3ce929d0e0e4736")


# -- builders ---------------------------------------------------------------------------------


def any_value(value: Any) -> AnyValue:
    if isinstance(value, bool):
        return AnyValue(bool_value=value)
    if isinstance(value, int):
        return AnyValue(int_value=value)
    if isinstance(value, float):
        return AnyValue(double_value=value)
    if isinstance(value, list):
        out = AnyValue()
        out.array_value.values.extend(any_value(v) for v in value)
        return out
    return AnyValue(string_value=value)


def kvs(attrs: dict[str, Any]) -> list[KeyValue]:
    return [KeyValue(key=k, value=any_value(v)) for k, v in attrs.items()]


def span(
    name: str,
    attrs: dict[str, Any],
    *,
    span_id: int = 1,
    start_ms: int = 0,
    end_ms: int = 100,
    trace: bytes = TRACE,
    events: list[tuple[str, dict[str, Any], int]] = (),  # type: ignore[assignment]
    error: bool = False,
) -> Span:
    out = Span(
        trace_id=trace,
        span_id=span_id.to_bytes(8, "big"),
        name=name,
        start_time_unix_nano=NS + start_ms * MS,
        end_time_unix_nano=NS + end_ms * MS,
        attributes=kvs(attrs),
    )
    for event_name, event_attrs, at_ms in events:
        out.events.add(name=event_name, time_unix_nano=NS + at_ms * MS, attributes=kvs(event_attrs))
    if error:
        out.status.CopyFrom(Status(code=Status.STATUS_CODE_ERROR))
    return out


def export(*spans: Span, resource: dict[str, Any] | None = None) -> ExportTraceServiceRequest:
    request = ExportTraceServiceRequest()
    rs = request.resource_spans.add()
    rs.resource.attributes.extend(kvs(resource or {"service.name": "support-rag"}))
    rs.scope_spans.add().spans.extend(spans)
    return request


GENAI_CHAT = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "openai",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.response.model": "gpt-4o-2024-08-06",
    "gen_ai.request.temperature": 0.2,
    "gen_ai.request.top_p": 0.9,
    "gen_ai.request.max_tokens": 512,
    "gen_ai.usage.input_tokens": 912,
    "gen_ai.usage.output_tokens": 41,
    "gen_ai.response.finish_reasons": ["stop"],
    "gen_ai.response.id": "chatcmpl-1",
    "server.address": "api.openai.com",
    "gen_ai.input.messages": json.dumps(
        [
            {"role": "system", "parts": [{"type": "text", "content": "Be brief."}]},
            {"role": "user", "parts": [{"type": "text", "content": "How do refunds work?"}]},
        ]
    ),
    "gen_ai.output.messages": json.dumps(
        [
            {
                "role": "assistant",
                "parts": [{"type": "text", "content": "Within 5 days."}],
                "finish_reason": "stop",
            }
        ]
    ),
}

OI_LLM = {
    "openinference.span.kind": "LLM",
    "llm.model_name": "support-llm",
    "llm.invocation_parameters": json.dumps({"temperature": 0.7, "max_tokens": 256}),
    "llm.token_count.prompt": 100,
    "llm.token_count.total": 130,
    "llm.input_messages.0.message.role": "system",
    "llm.input_messages.0.message.content": "Answer from the context.",
    "llm.input_messages.1.message.role": "user",
    "llm.input_messages.1.message.content": "Where is my order?",
    "llm.output_messages.0.message.role": "assistant",
    "llm.output_messages.0.message.content": "It ships tomorrow.",
    "llm.prompt_template.version": "answer-7",
}

OI_RETRIEVER = {
    "openinference.span.kind": "RETRIEVER",
    "input.value": "Where is my order?",
    "retrieval.documents.0.document.id": "kb-114",
    "retrieval.documents.0.document.content": "Orders ship within 2 days.",
    "retrieval.documents.0.document.score": 0.83,
    "retrieval.documents.1.document.id": "kb-7",
    "retrieval.documents.1.document.content": "Tracking links are emailed.",
    "retrieval.documents.1.document.score": 0.41,
    "aisre.retrieval_index_version": "kb-2026-11-28",
}


# -- mapping ----------------------------------------------------------------------------------


def test_genai_chat_span_maps_every_field() -> None:
    resource = {"service.name": "support-rag", "deployment.environment.name": "staging"}
    result = map_export_request(export(span("chat gpt-4o", GENAI_CHAT), resource=resource))
    assert result.rejected == [] and result.scores == []
    (it,) = result.interactions
    assert it.id == f"{TRACE.hex()}-{1:016x}"
    assert (it.trace_id, it.span_id) == (TRACE.hex(), "0000000000000001")
    assert (it.service, it.environment, it.operation) == ("support-rag", "staging", "chat")
    assert (it.model, it.model_version) == ("gpt-4o", "gpt-4o-2024-08-06")
    assert it.temperature == 0.2
    assert it.params == {"top_p": 0.9, "max_tokens": 512}
    assert (it.input_tokens, it.output_tokens) == (912, 41)
    assert it.input == "How do refunds work?"
    assert it.output == "Within 5 days."
    assert it.finish_reason == "stop"
    assert it.timestamp == T0 and it.latency_ms == 100.0
    assert it.status == "ok" and it.retrieval_used is False
    assert it.attributes == {
        "provider": "openai",
        "server.address": "api.openai.com",
        "response_id": "chatcmpl-1",
    }


def test_openinference_llm_joins_the_retriever_of_its_trace() -> None:
    request = export(
        span("retrieve", OI_RETRIEVER, span_id=2, start_ms=0, end_ms=42),
        span("llm", OI_LLM, span_id=3, start_ms=50, end_ms=850),
        span("chain", {"openinference.span.kind": "CHAIN"}, span_id=4, end_ms=900),
    )
    result = map_export_request(request)
    assert result.ignored == 1 and result.rejected == []
    (it,) = result.interactions
    assert (it.model, it.model_version, it.prompt_template_version) == (
        "support-llm",
        None,
        "answer-7",
    )
    assert it.temperature == 0.7 and it.params == {"max_tokens": 256}
    assert (it.input_tokens, it.output_tokens) == (100, 30)  # completion = total - prompt
    assert (it.input, it.output) == ("Where is my order?", "It ships tomorrow.")
    assert it.retrieval_used and it.retrieval_latency_ms == 42.0
    assert [(c.id, c.text, c.score) for c in it.retrieval_chunks] == [
        ("kb-114", "Orders ship within 2 days.", 0.83),
        ("kb-7", "Tracking links are emailed.", 0.41),
    ]
    assert it.retrieval_index_version == "kb-2026-11-28"
    assert it.latency_ms == 800.0


def test_a_retriever_that_starts_after_the_model_span_is_not_joined() -> None:
    request = export(
        span("llm", OI_LLM, span_id=3, start_ms=0, end_ms=100),
        span("retrieve", OI_RETRIEVER, span_id=2, start_ms=200, end_ms=300),
    )
    (it,) = map_export_request(request).interactions
    assert not it.retrieval_used and it.retrieval_chunks == []


def test_join_across_requests_through_the_cache() -> None:
    cache = RetrievalCache(max_traces=2)
    first = map_export_request(export(span("r", OI_RETRIEVER, span_id=2, end_ms=10)), cache)
    assert first.interactions == [] and first.ignored == 0
    (it,) = map_export_request(
        export(span("llm", OI_LLM, span_id=3, start_ms=20)), cache
    ).interactions
    assert [c.id for c in it.retrieval_chunks] == ["kb-114", "kb-7"]
    for n in range(3):  # the oldest trace is forgotten
        other = bytes([n + 1]) * 16
        map_export_request(export(span("r", OI_RETRIEVER, trace=other, span_id=2)), cache)
    assert cache.get(TRACE.hex()) == []


def test_evaluation_events_become_scores() -> None:
    evaluation = {
        "gen_ai.evaluation.name": "relevance",
        "gen_ai.evaluation.score.value": 0.91,
        "gen_ai.evaluation.score.label": "relevant",
        "gen_ai.evaluation.explanation": "answers the question",
    }
    request = export(
        span("chat", GENAI_CHAT, span_id=1, events=[("gen_ai.evaluation.result", evaluation, 150)]),
        span(
            "pipeline",
            {"openinference.span.kind": "CHAIN"},
            span_id=9,
            events=[
                (
                    "gen_ai.evaluation.result",
                    {
                        "gen_ai.evaluation.name": "grounding",
                        "gen_ai.evaluation.score.label": "fail",
                    },
                    160,
                )
            ],
        ),
    )
    result = map_export_request(request)
    (it,) = result.interactions
    by_name = {s.scorer: s for s in result.scores}
    assert set(by_name) == {"relevance", "grounding"}
    relevance = by_name["relevance"]
    assert relevance.interaction_id == it.id and relevance.service == "support-rag"
    assert (relevance.value, relevance.label, relevance.passed) == (0.91, "relevant", True)
    assert relevance.explanation == "answers the question" and relevance.source == "otlp"
    assert relevance.timestamp == it.timestamp.replace(microsecond=150_000)
    # An evaluation on another span of the trace belongs to the trace's only interaction.
    assert by_name["grounding"].interaction_id == it.id and by_name["grounding"].passed is False


def test_spans_without_a_model_are_rejected_and_non_ai_spans_ignored() -> None:
    no_model = {k: v for k, v in GENAI_CHAT.items() if "model" not in k}
    request = export(
        span("GET /health", {"http.request.method": "GET"}, span_id=1),
        span("chat", no_model, span_id=2),
        span("tool", {"gen_ai.operation.name": "execute_tool"}, span_id=3),
        span("llm", OI_LLM, span_id=4, trace=b"\0" * 16),
    )
    result = map_export_request(request)
    assert result.interactions == [] and result.ignored == 2
    assert result.rejected == [
        "span 1 (name 'chat'): no model (gen_ai.request.model / llm.model_name)",
        "span 3 (name 'llm'): no valid trace_id (16 bytes) and span_id (8 bytes)",
    ]
    assert result.error_message(limit=1).endswith("; and 1 more")


def test_older_conventions_errors_and_ttft() -> None:
    openllmetry = {
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-3.5-turbo",
        "gen_ai.usage.prompt_tokens": 12,
        "gen_ai.usage.completion_tokens": 3,
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Hi",
        "gen_ai.completion.0.content": "Hello!",
        "gen_ai.completion.0.finish_reason": "length",
        "gen_ai.response.time_to_first_chunk": 0.25,
    }
    events_style = {"gen_ai.operation.name": "text_completion", "gen_ai.request.model": "m"}
    events = [
        ("gen_ai.user.message", {"content": "Question?"}, 0),
        ("gen_ai.content.chunk", {}, 30),
        (
            "gen_ai.choice",
            {"message": json.dumps({"content": "Answer."}), "finish_reason": "stop"},
            90,
        ),
    ]
    failing = {**events_style, "error.type": "timeout"}
    request = export(
        span("a", openllmetry, span_id=1),
        span("b", events_style, span_id=2, events=events),
        span("c", failing, span_id=3, error=True),
        span("d", {"gen_ai.request.model": "m"}, span_id=4, error=True),
    )
    a, b, c, d = map_export_request(request).interactions
    assert (a.input, a.output, a.finish_reason) == ("Hi", "Hello!", "length")
    assert (a.input_tokens, a.output_tokens, a.ttft_ms) == (12, 3, 250.0)
    assert a.attributes["provider"] == "openai" and a.operation == "chat"
    assert (b.operation, b.input, b.output, b.finish_reason) == (
        "completion",
        "Question?",
        "Answer.",
        "stop",
    )
    assert b.ttft_ms == 30.0
    assert (c.status, c.error_type) == ("error", "timeout")
    assert (d.status, d.error_type) == ("error", None)


def test_value_readers_fast_paths_keep_the_general_rules() -> None:
    # count: ints beyond 2**53 go the float way, as they always did
    assert (count(2**53), count(2**63 - 1), count(-1), count(True), count(3.0)) == (
        2**53,
        None,
        None,
        None,
        3,
    )
    assert (number(float("nan")), number(True), number("1.5"), number(3)) == (None, None, 1.5, 3.0)
    assert (text(""), text("abc", 2), text(True), text(None), text(b"x")) == (
        None,
        "ab",
        "true",
        None,
        "x",
    )
    values = [
        KeyValue(key="empty", value=AnyValue(string_value="")),
        KeyValue(key="unset", value=AnyValue()),
        KeyValue(key="n", value=AnyValue(int_value=0)),
        KeyValue(key="s", value=AnyValue(string_value="x")),
        KeyValue(key="s", value=AnyValue(double_value=0.5)),  # a repeated key: the last wins
    ]
    assert attributes(values) == {"empty": "", "n": 0, "s": 0.5}


#: For some interaction fields, their sources in the order docs/otlp.md gives.
SOURCES = {
    "model": ["gen_ai.request.model", "llm.model_name", "gen_ai.response.model"],
    "input_tokens": ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"],
    "status_code": ["http.response.status_code", "http.status_code"],
    "environment": ["deployment.environment.name", "deployment.environment"],
    "provider": ["gen_ai.provider.name", "gen_ai.system", "llm.provider"],
    "prompt_template_version": ["aisre.prompt_template_version", "llm.prompt_template.version"],
}


@st.composite
def sourced_attrs(draw: st.DrawFn) -> dict[str, Any]:
    """Some of each field's sources, with distinct values, keys in a random order."""
    chosen: dict[str, Any] = {"gen_ai.operation.name": "chat"}
    for field, keys in SOURCES.items():
        for n, key in enumerate(keys):
            if draw(st.booleans()):
                number = draw(st.integers(100, 598))  # +1 below stays a status code
                chosen[key] = number if field in ("input_tokens", "status_code") else f"{key}-{n}"
    order = draw(st.permutations(list(chosen)))
    return {key: chosen[key] for key in order}


def first_present(attrs: dict[str, Any], field: str) -> Any:
    return next((attrs[key] for key in SOURCES[field] if key in attrs), None)


@settings(max_examples=150, deadline=None)
@given(st.lists(sourced_attrs(), min_size=1, max_size=4))
def test_the_first_source_present_wins_whatever_the_layout(layouts: list[dict[str, Any]]) -> None:
    # Each layout twice, the second time with other values: what is remembered of a
    # layout (which key supplies which field) never carries a value over.
    spans = []
    for attrs in layouts:
        spans.append(attrs)
        spans.append({k: v + 1 if isinstance(v, int) else f"{v}-again" for k, v in attrs.items()})
    spans = [{**attrs, "gen_ai.operation.name": "chat"} for attrs in spans]
    request = export(
        *(span("chat", attrs, span_id=i + 1) for i, attrs in enumerate(spans)),
        resource={"service.name": "svc", "deployment.environment": "from-resource"},
    )
    result = map_export_request(request)
    with_model = [attrs for attrs in spans if first_present(attrs, "model") is not None]
    assert len(result.interactions) == len(with_model)
    assert len(result.rejected) == len(spans) - len(with_model)
    for item, attrs in zip(result.interactions, with_model, strict=True):
        assert item.model == first_present(attrs, "model")
        assert item.input_tokens == first_present(attrs, "input_tokens")
        assert item.status_code == first_present(attrs, "status_code")
        assert item.environment == (first_present(attrs, "environment") or "from-resource")
        assert item.attributes.get("provider") == first_present(attrs, "provider")
        assert item.prompt_template_version == first_present(attrs, "prompt_template_version")
        assert item.model_version == attrs.get("gen_ai.response.model")


def test_layouts_are_remembered_within_a_bound() -> None:
    from aisre.capture._otlp_layout import _LAYOUTS, MAX_KEY_CHARS, MAX_LAYOUTS, layout

    first = layout({"gen_ai.request.model": "m", "gen_ai.system": "x"})
    assert layout({"gen_ai.request.model": "n", "gen_ai.system": "y"}) is first
    assert first.model == "gen_ai.request.model" and first.provider == "gen_ai.system"
    for i in range(MAX_LAYOUTS + 10):
        layout({f"key.{i}": i})
    assert len(_LAYOUTS) <= MAX_LAYOUTS
    huge = {"gen_ai.request.model": "m", "x" * MAX_KEY_CHARS: 1}
    assert layout(huge).model == "gen_ai.request.model"
    assert tuple(huge) not in _LAYOUTS  # worked out, not kept


# -- codec ------------------------------------------------------------------------------------


def test_content_types_and_encodings() -> None:
    assert otlp_media_type("application/x-protobuf") == OTLP_PROTOBUF
    assert otlp_media_type("Application/JSON; charset=utf-8") == OTLP_JSON
    with pytest.raises(InputError, match="application/x-protobuf or application/json") as info:
        otlp_media_type("text/plain")
    assert info.value.status_code == 415
    body = export(span("chat", GENAI_CHAT)).SerializeToString()
    for encoding, packed in [("gzip", gzip.compress(body)), ("deflate", zlib.compress(body))]:
        decoded = decode_export_request(packed, OTLP_PROTOBUF, encoding, max_bytes=1 << 20)
        assert decoded.SerializeToString() == body
    with pytest.raises(InputError) as info:
        decode_export_request(gzip.compress(b"\0" * 10_000), OTLP_PROTOBUF, "gzip", max_bytes=1000)
    assert info.value.status_code == 413
    with pytest.raises(InputError, match="not valid gzip") as info:
        decode_export_request(b"not gzip", OTLP_PROTOBUF, "gzip", max_bytes=1000)
    assert info.value.status_code == 400
    with pytest.raises(InputError, match="content encoding 'br'"):
        decode_export_request(body, OTLP_PROTOBUF, "br", max_bytes=1 << 20)


def otlp_json(span_attrs: list[dict[str, Any]], trace_id: str = TRACE.hex()) -> dict[str, Any]:
    """An OTLP/JSON export body: camelCase, hex ids, int64 as strings, enums as ints."""
    return {
        "resourceSpans": [
            {
                "resource": {
                    "attributes": [{"key": "service.name", "value": {"stringValue": "json-svc"}}]
                },
                "scopeSpans": [
                    {
                        "scope": {"name": "manual"},
                        "spans": [
                            {
                                "traceId": trace_id,
                                "spanId": f"{i + 1:016x}",
                                "name": f"span-{i}",
                                "kind": 3,
                                "startTimeUnixNano": str(NS),
                                "endTimeUnixNano": NS + 250 * MS,
                                "attributes": attrs,
                                "status": {"code": 1},
                            }
                            for i, attrs in enumerate(span_attrs)
                        ],
                    }
                ],
            }
        ]
    }


JSON_CHAT = [
    {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
    {"key": "gen_ai.request.model", "value": {"stringValue": "json-model"}},
    {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "7"}},
    {"key": "gen_ai.request.temperature", "value": {"doubleValue": 0.5}},
]


def test_json_hex_ids_are_decoded() -> None:
    document = otlp_json([JSON_CHAT])
    decoded = decode_export_request(
        json.dumps(document).encode(), OTLP_JSON, None, max_bytes=1 << 20
    )
    (it,) = map_export_request(decoded).interactions
    assert (it.trace_id, it.span_id, it.service) == (TRACE.hex(), "0000000000000001", "json-svc")
    assert (it.model, it.input_tokens, it.temperature, it.latency_ms) == (
        "json-model",
        7,
        0.5,
        250.0,
    )
    bad = json.dumps(otlp_json([JSON_CHAT], trace_id="zz")).encode()
    with pytest.raises(InputError, match="traceId: 'zz' is not a hex id"):
        decode_export_request(bad, OTLP_JSON, None, max_bytes=1 << 20)


# -- the server, with the real OpenTelemetry SDK ----------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackgroundServer]:
    config = config_in(tmp_path_factory.mktemp("otlp"))
    with BackgroundServer(config, clock=SimulatedClock(T0)) as running:
        yield running


def provider(
    server: BackgroundServer, service: str, *, batch: bool, **exporter: Any
) -> TracerProvider:
    tracer_provider = TracerProvider(
        resource=Resource.create({"service.name": service, "deployment.environment": "prod-eu"})
    )
    spans_out = OTLPSpanExporter(endpoint=f"{server.url}/v1/traces", **exporter)
    processor = BatchSpanProcessor(spans_out) if batch else SimpleSpanProcessor(spans_out)
    tracer_provider.add_span_processor(processor)
    return tracer_provider


def rows(server: BackgroundServer, table: str, service: str) -> list[dict[str, Any]]:
    assert server.stores is not None
    server.stores.lake.flush()
    return server.stores.lake.query_records(
        f"SELECT * FROM {table} WHERE service = ? ORDER BY timestamp", [service]
    )


def test_sdk_exporter_genai_spans_gzip(server: BackgroundServer) -> None:
    tracer_provider = provider(server, "sdk-genai", batch=True, compression=Compression.Gzip)
    tracer = tracer_provider.get_tracer("test")
    for i in range(3):
        start = NS + i * 1000 * MS
        chat = tracer.start_span("chat gpt-4o", attributes=GENAI_CHAT, start_time=start)
        if i == 2:
            chat.set_status(OtelStatus(StatusCode.ERROR, "boom"))
            chat.set_attribute("error.type", "rate_limited")
        chat.end(end_time=start + (300 + i) * MS)
    assert tracer_provider.force_flush()
    tracer_provider.shutdown()
    got = rows(server, "interactions", "sdk-genai")
    assert len(got) == 3
    first = got[0]
    assert (first["model"], first["model_version"], first["environment"]) == (
        "gpt-4o",
        "gpt-4o-2024-08-06",
        "prod-eu",
    )
    assert (first["input_tokens"], first["output_tokens"], first["temperature"]) == (912, 41, 0.2)
    assert (first["input"], first["output"]) == ("How do refunds work?", "Within 5 days.")
    assert [r["latency_ms"] for r in got] == [300.0, 301.0, 302.0]
    assert [r["status"] for r in got] == ["ok", "ok", "error"]
    assert got[2]["error_type"] == "rate_limited"
    assert first["id"] == f"{first['trace_id']}-{first['span_id']}"


def test_sdk_exporter_openinference_join_and_evaluation(server: BackgroundServer) -> None:
    # One span per request: the retriever and the model span are joined across requests.
    tracer_provider = provider(server, "sdk-oi", batch=False)
    tracer = tracer_provider.get_tracer("test")
    chain = tracer.start_span("rag", attributes={"openinference.span.kind": "CHAIN"}, start_time=NS)
    from opentelemetry.trace import set_span_in_context

    parent = set_span_in_context(chain)
    retriever = tracer.start_span("retrieve", parent, attributes=OI_RETRIEVER, start_time=NS)
    retriever.end(end_time=NS + 42 * MS)
    llm = tracer.start_span("llm", parent, attributes=OI_LLM, start_time=NS + 45 * MS)
    llm.add_event(
        "gen_ai.evaluation.result",
        {
            "gen_ai.evaluation.name": "grounding",
            "gen_ai.evaluation.score.value": 1.0,
            "gen_ai.evaluation.score.label": "supported",
        },
        timestamp=NS + 900 * MS,
    )
    llm.end(end_time=NS + 845 * MS)
    chain.end(end_time=NS + 900 * MS)
    tracer_provider.shutdown()
    (it,) = rows(server, "interactions", "sdk-oi")
    assert (it["model"], it["input_tokens"], it["output_tokens"], it["temperature"]) == (
        "support-llm",
        100,
        30,
        0.7,
    )
    assert (it["input"], it["output"], it["latency_ms"]) == (
        "Where is my order?",
        "It ships tomorrow.",
        800.0,
    )
    assert it["retrieval_used"] and it["retrieval_latency_ms"] == 42.0
    chunks = it["retrieval_chunks"]
    chunks = json.loads(chunks) if isinstance(chunks, str) else chunks
    assert [c["id"] for c in chunks] == ["kb-114", "kb-7"]
    (score,) = rows(server, "scores", "sdk-oi")
    assert (score["interaction_id"], score["scorer"], score["value"], score["passed"]) == (
        it["id"],
        "grounding",
        1.0,
        True,
    )


def test_json_encoding_and_partial_success(server: BackgroundServer) -> None:
    no_model = [{"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}}]
    trace = "5bf92f3577b34da6a3ce929d0e0e4736"
    body = otlp_json([JSON_CHAT, no_model], trace_id=trace)
    response = httpx.post(
        f"{server.url}/v1/traces",
        content=gzip.compress(json.dumps(body).encode()),
        headers={"content-type": "application/json", "content-encoding": "gzip"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    partial = response.json()["partialSuccess"]
    assert int(partial["rejectedSpans"]) == 1
    assert (
        partial["errorMessage"]
        == "span 1 (name 'span-1'): no model (gen_ai.request.model / llm.model_name)"
    )
    (it,) = rows(server, "interactions", "json-svc")
    assert (it["trace_id"], it["model"]) == (trace, "json-model")


def test_protobuf_partial_success_and_errors(server: BackgroundServer) -> None:
    url = f"{server.url}/v1/traces"
    body = export(span("chat", {"gen_ai.operation.name": "chat"}), resource={"service.name": "x"})
    response = httpx.post(
        url, content=body.SerializeToString(), headers={"content-type": OTLP_PROTOBUF}
    )
    assert response.status_code == 200 and response.headers["content-type"] == OTLP_PROTOBUF
    answer = ExportTraceServiceResponse.FromString(response.content)
    assert answer.partial_success.rejected_spans == 1
    assert "no model" in answer.partial_success.error_message
    ok = httpx.post(url, content=b"", headers={"content-type": OTLP_PROTOBUF})
    assert ok.status_code == 200 and ok.content == b""
    bad = httpx.post(url, content=b"\xff\xff\xff", headers={"content-type": OTLP_PROTOBUF})
    assert bad.status_code == 400 and b"not a valid ExportTraceServiceRequest" in bad.content
    wrong = httpx.post(url, content=b"{}", headers={"content-type": "text/plain"})
    assert wrong.status_code == 415
    assert "application/x-protobuf or application/json" in wrong.json()["error"]["message"]
    malformed = httpx.post(url, content=b"{", headers={"content-type": OTLP_JSON})
    assert malformed.status_code == 400 and malformed.json()["message"].startswith("malformed JSON")


def test_ingest_scope_is_required(tmp_path: Path) -> None:
    config = config_in(
        tmp_path, require_api_keys=True, api_keys=[key_config("w", "s3cret", "ingest")]
    )
    body = export(span("chat", GENAI_CHAT)).SerializeToString()
    with BackgroundServer(config, clock=SimulatedClock(T0)) as running:
        url = f"{running.url}/v1/traces"
        assert (
            httpx.post(url, content=body, headers={"content-type": OTLP_PROTOBUF}).status_code
            == 401
        )
        exporter = OTLPSpanExporter(endpoint=url, headers={"authorization": "Bearer s3cret"})
        tracer_provider = TracerProvider(resource=Resource.create({"service.name": "keyed"}))
        tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
        tracer_provider.get_tracer("t").start_span("c", attributes=GENAI_CHAT, start_time=NS).end(
            end_time=NS + MS
        )
        tracer_provider.shutdown()
        assert len(rows(running, "interactions", "keyed")) == 1


# -- never a 5xx ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    config = config_in(tmp_path_factory.mktemp("otlp-prop"), max_body_bytes=4096)
    clock = SimulatedClock(T0)
    stores = Stores.open(config, clock)
    app = create_app(config, lake=stores.lake, state=stores.state, clock=clock)
    with TestClient(app) as c:
        yield c
    stores.state.dispose()


SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
VALID = export(span("chat", GENAI_CHAT), span("r", OI_RETRIEVER, span_id=2)).SerializeToString()


def _check(response: Any) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400 and response.headers["content-type"] == OTLP_JSON:
        assert response.json()["message"]


@SETTINGS
@given(
    body=st.binary(max_size=400), kind=st.sampled_from([OTLP_PROTOBUF, OTLP_JSON]), gz=st.booleans()
)
def test_arbitrary_bytes(client: TestClient, body: bytes, kind: str, gz: bool) -> None:
    headers = {"content-type": kind, **({"content-encoding": "gzip"} if gz else {})}
    _check(client.post("/v1/traces", content=gzip.compress(body) if gz else body, headers=headers))


@SETTINGS
@given(position=st.integers(0, len(VALID) - 1), byte=st.integers(0, 255), cut=st.integers(0, 40))
def test_corrupted_protobuf(client: TestClient, position: int, byte: int, cut: int) -> None:
    body = bytearray(VALID)
    body[position] = byte
    _check(
        client.post(
            "/v1/traces",
            content=bytes(body[: len(body) - cut]),
            headers={"content-type": OTLP_PROTOBUF},
        )
    )


KEYS = sorted({*GENAI_CHAT, *OI_LLM, *OI_RETRIEVER, "error.type", "aisre.ttft_ms", "gen_ai.prompt"})
attr_values = (
    st.text(max_size=300)
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats()
    | st.booleans()
    | st.lists(st.text(max_size=5) | st.integers(-(2**63), 2**63 - 1), max_size=3)
)


@settings(max_examples=300, deadline=None)
@given(
    spans=st.lists(
        st.tuples(
            st.dictionaries(st.sampled_from(KEYS), attr_values, max_size=12),
            st.integers(0, 2**64 - 1),
            st.integers(0, 2**64 - 1),
            st.lists(
                st.tuples(
                    st.sampled_from(["gen_ai.evaluation.result", "gen_ai.choice", "exception"]),
                    st.dictionaries(
                        st.sampled_from(
                            [
                                "gen_ai.evaluation.name",
                                "gen_ai.evaluation.score.value",
                                "message",
                                "exception.type",
                            ]
                        ),
                        attr_values,
                        max_size=3,
                    ),
                ),
                max_size=2,
            ),
        ),
        max_size=5,
    )
)
def test_whatever_maps_is_a_valid_record(spans: list[Any]) -> None:
    request = export()
    out = request.resource_spans[0].scope_spans[0].spans
    for i, (attrs, start, end, events) in enumerate(spans):
        s = out.add(
            trace_id=TRACE,
            span_id=(i + 1).to_bytes(8, "big"),
            name=f"s{i}",
            start_time_unix_nano=start,
            end_time_unix_nano=end,
            attributes=kvs(attrs),
        )
        for name, event_attrs in events:
            s.events.add(name=name, time_unix_nano=start, attributes=kvs(event_attrs))
    result = map_export_request(request)
    for it in result.interactions:
        msgspec.json.decode(msgspec.json.encode(it), type=Interaction)
    for score in result.scores:
        msgspec.json.decode(msgspec.json.encode(score), type=Score)
