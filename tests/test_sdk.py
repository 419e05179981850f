"""The Python SDK against a real aisre server and the reference service, over HTTP.

Each test configures the SDK to send to a fresh ``BackgroundServer`` and reads
what arrived from its lake. The reference service answers with retrieved
chunks in ``x_aisre``, which the SDK must record.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from openai import AsyncOpenAI, OpenAI

import aisre
from aisre.capture import SdkConfig, configure, flush, instrument, retrieved, sdk_stats, shutdown
from aisre.core import AisreConfig, AisreError, SystemClock
from aisre.demo.service import ServiceState, WordLlamaEmbedder, create_service_app
from aisre.server import BackgroundServer, Stores, create_app

from .helpers import config_in, key_config, serving

QUESTION = "How much does the Team plan cost?"
MODEL = "northwind-support-v1"


# -- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def service_state(tmp_path_factory: pytest.TempPathFactory) -> ServiceState:
    return ServiceState(WordLlamaEmbedder(tmp_path_factory.mktemp("wordllama")))


@pytest.fixture(scope="module")
def service_url(service_state: ServiceState) -> Iterator[str]:
    with serving(create_service_app(service_state)) as url:
        yield url


@pytest.fixture
def service(service_url: str) -> Iterator[str]:
    httpx.delete(service_url + "/admin/faults")
    yield service_url
    httpx.delete(service_url + "/admin/faults")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[BackgroundServer]:
    with BackgroundServer(config_in(tmp_path)) as running:
        configure(url=running.url, service="sdk-test", flush_interval_s=0.05)
        yield running
        shutdown()


@pytest.fixture(autouse=True)
def _sdk_is_shut_down() -> Iterator[None]:
    yield
    shutdown(timeout=1)


@pytest.fixture
def client(service: str) -> Iterator[OpenAI]:
    with OpenAI(base_url=service + "/v1", api_key="x", max_retries=0, timeout=30) as c:
        yield instrument(c)


def records(server: BackgroundServer, where: str = "true") -> list[dict[str, Any]]:
    """Everything the SDK sent so far, oldest first."""
    assert flush(10), sdk_stats()
    assert server.stores is not None
    server.stores.lake.flush()
    return server.stores.lake.query_records(
        f"SELECT * FROM interactions WHERE {where} ORDER BY timestamp, latency_ms"
    )


def ask(c: OpenAI, **kwargs: Any) -> Any:
    return c.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": QUESTION}], temperature=0, **kwargs
    )


def chunk_ids(row: dict[str, Any]) -> list[str]:
    return [c["id"] for c in row["retrieval_chunks"]]


# -- instrumented openai clients ---------------------------------------------------------


def test_sync_chat_is_recorded(server: BackgroundServer, client: OpenAI) -> None:
    response = ask(client, top_p=0.5, seed=7)
    [row] = records(server)
    extension = response.model_extra["x_aisre"]  # type: ignore[index]
    assert row["service"] == "sdk-test" and row["operation"] == "chat"
    assert row["status"] == "ok" and row["ttft_ms"] is None
    assert row["model"] == response.model and row["model_version"] == "v1"
    assert row["prompt_template_version"] == extension["prompt_version"]
    assert row["input"] == QUESTION
    assert row["output"] == response.choices[0].message.content
    assert row["finish_reason"] == "stop" and row["temperature"] == 0
    assert response.usage is not None
    assert row["input_tokens"] == response.usage.prompt_tokens
    assert row["output_tokens"] == response.usage.completion_tokens
    assert json.loads(row["params"]) == {"top_p": 0.5, "seed": 7}
    assert row["retrieval_used"] and chunk_ids(row) == [c["id"] for c in extension["retrieved"]]
    assert len(row["trace_id"]) == 32 and len(row["span_id"]) == 16


def test_sync_stream_in_a_with_block(server: BackgroundServer, client: OpenAI) -> None:
    plain = ask(client)
    with ask(client, stream=True, stream_options={"include_usage": True}) as stream:
        assert isinstance(stream, openai.Stream)
        chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.choices[0].message.content
    usage = chunks[-1].usage
    assert usage is not None
    _, row = records(server)
    assert row["output"] == text and row["params"] == '{"stream":true}'
    assert 0 < row["ttft_ms"] < row["latency_ms"]
    assert (row["input_tokens"], row["output_tokens"]) == (
        usage.prompt_tokens,
        usage.completion_tokens,
    )
    assert row["model_version"] == "v1" and len(row["retrieval_chunks"]) > 0
    assert row["finish_reason"] == "stop" and "tokens_estimated" not in row["attributes"]


def test_stream_without_usage_counts_tokens(server: BackgroundServer, client: OpenAI) -> None:
    for _ in ask(client, stream=True):
        pass
    [row] = records(server)
    assert row["output_tokens"] == (len(row["output"]) + 3) // 4 > 0
    assert row["input_tokens"] > 0
    assert dict(row["attributes"]) == {"tokens_estimated": "true"}


def test_a_stream_closed_early_is_recorded(server: BackgroundServer, client: OpenAI) -> None:
    stream = ask(client, stream=True)
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            break
    stream.close()
    [row] = records(server)
    assert row["status"] == "ok" and row["ttft_ms"] is not None
    assert row["attributes"]["stream_closed_early"] == "true"


def test_async_client_chat_and_stream(server: BackgroundServer, service: str) -> None:
    async def main() -> tuple[Any, str]:
        async with AsyncOpenAI(base_url=service + "/v1", api_key="x", max_retries=0) as c:
            instrument(c)
            whole = await c.chat.completions.create(
                model=MODEL, messages=[{"role": "user", "content": QUESTION}], temperature=0
            )
            stream = await c.chat.completions.create(
                model=MODEL,
                messages=[{"role": "user", "content": QUESTION}],
                temperature=0,
                stream=True,
                stream_options={"include_usage": True},
            )
            assert isinstance(stream, openai.AsyncStream)
            async with stream:
                parts = [c.choices[0].delta.content or "" async for c in stream if c.choices]
            return whole, "".join(parts)

    whole, streamed = asyncio.run(main())
    first, second = records(server)
    assert first["output"] == whole.choices[0].message.content == streamed == second["output"]
    assert first["ttft_ms"] is None and 0 < second["ttft_ms"] < second["latency_ms"]
    assert first["output_tokens"] == second["output_tokens"] == whole.usage.completion_tokens
    assert first["model_version"] == second["model_version"] == "v1"
    assert chunk_ids(first) == chunk_ids(second) != []


def test_errors_are_recorded_and_reraised(
    server: BackgroundServer, client: OpenAI, service: str
) -> None:
    assert httpx.post(service + "/admin/faults", json={"error_rate": 1.0}).is_success
    with pytest.raises(openai.APIStatusError) as info:
        ask(client)
    with pytest.raises(openai.APIStatusError) as streamed:
        ask(client, stream=True)
    rows = records(server)
    assert [r["status"] for r in rows] == ["error", "error"]
    assert rows[0]["status_code"] == info.value.status_code in (500, 503)
    assert rows[1]["status_code"] == streamed.value.status_code
    assert rows[0]["error_type"] == (info.value.code or info.value.type)
    assert rows[0]["input"] == QUESTION and rows[0]["output_tokens"] is None


def test_embeddings_are_recorded(server: BackgroundServer, client: OpenAI) -> None:
    response = client.embeddings.create(model="wordllama-l2-supercat", input=["a b c", "d e"])
    [row] = records(server)
    assert row["operation"] == "embeddings" and row["input"] == "a b c\nd e"
    assert row["input_tokens"] == response.usage.prompt_tokens and row["output_tokens"] is None


def test_instrumenting_twice_records_once(server: BackgroundServer, client: OpenAI) -> None:
    assert instrument(client) is client
    ask(client)
    assert len(records(server)) == 1


def test_a_broken_recorder_never_reaches_the_caller(
    server: BackgroundServer, client: OpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("bug in the SDK")

    monkeypatch.setattr("aisre.capture._sdk_llm.response_fields", broken)
    monkeypatch.setattr("aisre.capture._sdk_stream.extension_fields", broken)
    assert ask(client).choices[0].message.content
    assert "".join(c.choices[0].delta.content or "" for c in ask(client, stream=True))


# -- @trace and retrieved() --------------------------------------------------------------


def test_trace_sync_with_retrieved_chunks_and_a_nested_llm_call(
    server: BackgroundServer, client: OpenAI
) -> None:
    @aisre.trace(name="rag", service="rag-pipeline")
    def answer(question: str) -> str:
        retrieved([{"id": "kb-1", "text": "Team costs $20", "score": 0.9}, ("kb-2", "more")])
        reply = ask(client).choices[0].message.content
        return str(reply)

    result = answer(QUESTION)
    llm, rag = _by_operation(records(server))
    assert rag["service"] == "rag-pipeline" and rag["input"] == QUESTION and rag["output"] == result
    assert rag["attributes"]["name"] == "rag" and rag["operation"] == "chain"
    assert chunk_ids(rag) == ["kb-1", "kb-2"] and rag["retrieval_chunks"][0]["score"] == 0.9
    assert llm["trace_id"] == rag["trace_id"] and llm["span_id"] != rag["span_id"]
    assert llm["attributes"]["parent_span_id"] == rag["span_id"]
    assert llm["latency_ms"] < rag["latency_ms"]
    assert llm["retrieval_chunks"][0]["id"].startswith("kb-")  # the service's own chunks


def _by_operation(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    [llm] = [r for r in rows if r["operation"] == "chat"]
    [rag] = [r for r in rows if r["operation"] == "chain"]
    return llm, rag


def test_trace_async_and_errors(server: BackgroundServer) -> None:
    class Reply:
        text = "forty-two"

    @aisre.trace
    async def pipeline(n: int, *, question: str) -> Reply:
        retrieved([("doc", "text", 1)], latency_ms=3.5)
        await asyncio.sleep(0.01)
        return Reply()

    @aisre.trace()
    async def failing(question: str) -> None:
        raise ValueError("no")

    async def main() -> None:
        assert (await pipeline(1, question="why?")).text == "forty-two"
        with pytest.raises(ValueError, match="no"):
            await failing("q")

    asyncio.run(main())
    rows = records(server)
    ok, failed = sorted(rows, key=lambda r: r["status"] == "error")
    assert ok["input"] == "why?" and ok["output"] == "forty-two" and ok["latency_ms"] >= 10
    assert ok["retrieval_latency_ms"] == 3.5 and chunk_ids(ok) == ["doc"]
    assert ok["attributes"]["name"].endswith("pipeline")
    assert failed["status"] == "error" and failed["error_type"] == "value_error"
    assert failed["trace_id"] != ok["trace_id"]


def test_retrieved_outside_a_trace_is_ignored() -> None:
    retrieved([{"id": "x"}])  # no error, nothing recorded


# -- delivery guarantees -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def aisre_on(port: int, config: AisreConfig) -> Iterator[Stores]:
    """aisre's app on a given port, so it can come up where the SDK already sends."""
    import uvicorn

    stores = Stores.open(config, SystemClock())
    app = create_app(config, lake=stores.lake, state=stores.state, clock=SystemClock())
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.01)
        yield stores
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
        stores.state.dispose()


@aisre.trace
def quick(question: str) -> str:
    return "ok"


def test_aisre_down_then_back_delivers_the_backlog(tmp_path: Path) -> None:
    port = _free_port()
    configure(url=f"http://127.0.0.1:{port}", batch_size=5, flush_interval_s=0.01, max_queue=50)
    started = time.perf_counter()
    for i in range(20):
        assert quick(f"q{i}") == "ok"
    assert time.perf_counter() - started < 0.5  # nothing waited for the network
    assert not flush(0.3)
    down = sdk_stats()
    assert down.failed_batches >= 1 and down.queued == 20 and down.sent == 0
    with aisre_on(port, config_in(tmp_path)) as stores:
        assert flush(15), sdk_stats()
        stores.lake.flush()
        inputs = [r["input"] for r in stores.lake.query_records("SELECT input FROM interactions")]
    assert sorted(inputs) == sorted(f"q{i}" for i in range(20))
    assert sdk_stats().sent == 20 and sdk_stats().dropped == 0


def test_a_full_queue_drops_and_counts() -> None:
    configure(url=f"http://127.0.0.1:{_free_port()}", batch_size=5, max_queue=5)
    for i in range(8):
        quick(str(i))
    stats = sdk_stats()
    assert (stats.queued, stats.dropped, stats.sent) == (5, 3, 0)


def test_a_hanging_aisre_never_blocks_the_caller() -> None:
    with socket.socket() as hang:  # accepts connections and never answers
        hang.bind(("127.0.0.1", 0))
        hang.listen(100)
        url = f"http://127.0.0.1:{hang.getsockname()[1]}"
        configure(url=url, batch_size=1, flush_interval_s=0.01, timeout_s=0.5)
        worst = 0.0
        for i in range(50):
            started = time.perf_counter()
            quick(str(i))
            worst = max(worst, time.perf_counter() - started)
        assert worst < 0.05
        assert not flush(0.1)
        shutdown(timeout=0.1)


def test_refused_batches_are_counted_not_retried(tmp_path: Path) -> None:
    config = config_in(tmp_path)
    with BackgroundServer(config) as running:
        # Every path under /nowhere is a 404: refused for good, not retried.
        configure(url=running.url + "/nowhere", flush_interval_s=0.01)
        quick("q")
        assert flush(5)
        stats = sdk_stats()
        assert (stats.rejected, stats.failed_batches, stats.sent) == (1, 1, 0)


def test_the_api_key_is_sent_as_a_bearer_token(tmp_path: Path) -> None:
    keys = [key_config("writer", "w-secret", "ingest")]
    with BackgroundServer(config_in(tmp_path, api_keys=keys, require_api_keys=True)) as running:
        configure(url=running.url, api_key="wrong", flush_interval_s=0.01)
        quick("refused")
        assert flush(5) and sdk_stats().rejected == 1
        configure(url=running.url, api_key="w-secret", flush_interval_s=0.01)
        quick("accepted")
        rows = records(running)
    assert [r["input"] for r in rows] == ["accepted"]


# -- configuration and OpenTelemetry -----------------------------------------------------


def test_configuration_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AISRE_SDK_SERVICE", "from-env")
    monkeypatch.setenv("AISRE_SDK_URL", "http://127.0.0.1:1")
    config = configure(environment="staging", enabled=False)
    assert (config.service, config.url, config.environment) == (
        "from-env",
        "http://127.0.0.1:1",
        "staging",
    )
    assert configure(service="explicit", enabled=False).service == "explicit"
    with pytest.raises(AisreError, match="batch_size"):
        SdkConfig(batch_size=0)
    assert SdkConfig(otlp_endpoint="http://c:4318").exports == "both"


def test_disabled_sdk_records_nothing(service: str) -> None:
    configure(enabled=False)
    with OpenAI(base_url=service + "/v1", api_key="x", max_retries=0) as c:
        assert ask(instrument(c)).choices
    assert quick("q") == "ok" and sdk_stats().sent == 0


def test_spans_with_genai_attributes(server: BackgroundServer, client: OpenAI) -> None:
    from opentelemetry import trace as otel_trace
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    configure(url=server.url, export="both", tracer_provider=provider, flush_interval_s=0.05)

    active: list[int] = []

    @aisre.trace(name="rag")
    def answer(question: str) -> str:
        active.append(otel_trace.get_current_span().get_span_context().span_id)
        return str(ask(client, max_tokens=200).choices[0].message.content)

    answer(QUESTION)
    llm_span, rag_span = exporter.get_finished_spans()
    attributes = dict(llm_span.attributes or {})
    assert llm_span.name == f"chat {MODEL}"
    assert attributes["gen_ai.operation.name"] == "chat"
    assert attributes["gen_ai.request.model"] == MODEL
    assert attributes["gen_ai.request.temperature"] == 0
    assert attributes["gen_ai.request.max_tokens"] == 200
    assert attributes["gen_ai.response.finish_reasons"] == ("stop",)
    assert attributes["gen_ai.usage.input_tokens"] > 0 < attributes["gen_ai.usage.output_tokens"]
    assert llm_span.parent is not None and llm_span.parent.span_id == rag_span.context.span_id
    assert active == [rag_span.context.span_id]  # the traced call's span is the active one
    llm, rag = _by_operation(records(server))
    assert llm["trace_id"] == f"{llm_span.context.trace_id:032x}" == rag["trace_id"]
    assert rag["span_id"] == f"{rag_span.context.span_id:016x}"
    provider.shutdown()


def test_spans_only_sends_nothing_to_aisre(client: OpenAI) -> None:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    configure(export="otlp", tracer_provider=provider)
    with pytest.raises(openai.APIStatusError):
        client.chat.completions.create(model=MODEL, messages=[])
    [span] = exporter.get_finished_spans()
    assert span.status.status_code.name == "ERROR"
    assert dict(span.attributes or {})["http.response.status_code"] == 400
    assert sdk_stats().sent == 0
    provider.shutdown()


def test_span_export_without_opentelemetry_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "opentelemetry", None)
    with pytest.raises(AisreError, match="opentelemetry-sdk"):
        configure(otlp_endpoint="http://127.0.0.1:4318")


def test_spans_are_exported_over_otlp_http() -> None:
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    received: list[tuple[str, bytes]] = []

    async def traces(request: Request) -> Response:
        received.append((request.headers["content-type"], await request.body()))
        return Response(b"", media_type="application/x-protobuf")

    with serving(Starlette(routes=[Route("/v1/traces", traces, methods=["POST"])])) as url:
        configure(otlp_endpoint=url, export="otlp", service="otel-svc")
        assert quick("q") == "ok"
        shutdown()
    [(content_type, body)] = received
    assert content_type == "application/x-protobuf"
    request = ExportTraceServiceRequest.FromString(body)
    [resource_spans] = request.resource_spans
    service = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
    assert service["service.name"] == "otel-svc"
    [span] = resource_spans.scope_spans[0].spans
    assert span.name.endswith("quick")
