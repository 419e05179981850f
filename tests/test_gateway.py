"""The gateway: the official openai client through aisre, recorded, fail-open."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from openai import OpenAI

from aisre.capture import Gateway, Recorder
from aisre.core import ServiceConfig, SimulatedClock, SystemClock
from aisre.demo.service import Faults, ServiceState, WordLlamaEmbedder, create_service_app
from aisre.server import BackgroundServer

from .helpers import config_in, serving

QUESTION = "How much does the Team plan cost?"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> ServiceState:
    state = ServiceState(WordLlamaEmbedder(tmp_path_factory.mktemp("wordllama")))
    state.warm_up()
    return state


@pytest.fixture(scope="module")
def upstream(service: ServiceState) -> Iterator[str]:
    with serving(create_service_app(service)) as url:
        yield url


@pytest.fixture(scope="module")
def aisre(tmp_path_factory: pytest.TempPathFactory, upstream: str) -> Iterator[BackgroundServer]:
    config = config_in(tmp_path_factory.mktemp("aisre")).model_copy(
        update={
            "services": [
                ServiceConfig(name="support-rag", upstream=upstream),
                ServiceConfig(name="down", upstream="http://127.0.0.1:9"),
            ]
        }
    )
    with BackgroundServer(config, clock=SystemClock()) as server:
        yield server


@pytest.fixture(autouse=True)
def calm(service: ServiceState) -> Iterator[None]:
    service.faults = Faults()
    yield
    service.faults = Faults()


def recorder(server: BackgroundServer) -> Recorder:
    assert server.app is not None
    gateway: Gateway = server.app.state.gateway
    return gateway.recorder


def recorded(server: BackgroundServer, where: str = "true", n: int = 1) -> list[dict[str, Any]]:
    """The interactions matching ``where``, once at least ``n`` have landed (or after 10 s).

    A stream is recorded just after its last byte, so a test may look a moment too early.
    """
    assert server.stores is not None
    deadline = time.monotonic() + 10
    while True:
        assert recorder(server).drain(10)
        server.stores.lake.flush()
        rows = server.stores.lake.query_records(
            f"SELECT * FROM interactions WHERE {where} ORDER BY received_at, input"
        )
        if len(rows) >= n or time.monotonic() > deadline:
            return rows
        time.sleep(0.02)


def client(server: BackgroundServer, service: str = "support-rag") -> OpenAI:
    return OpenAI(
        base_url=f"{server.url}/gateway/{service}/v1", api_key="sk-upstream", max_retries=0
    )


def ask(c: OpenAI, **kwargs: Any) -> Any:
    return c.chat.completions.create(
        model="northwind-support-v1",
        messages=[{"role": "user", "content": kwargs.pop("question", QUESTION)}],
        temperature=0,
        **kwargs,
    )


def test_a_completion_is_unchanged_and_recorded(aisre: BackgroundServer, upstream: str) -> None:
    direct = ask(
        OpenAI(base_url=upstream + "/v1", api_key="x"), question="marker one: Team plan price?"
    )
    through = ask(client(aisre), question="marker one: Team plan price?")
    assert through.choices[0].message.content == direct.choices[0].message.content
    assert through.usage == direct.usage
    (row,) = recorded(aisre, "input LIKE 'marker one%'")
    assert row["service"] == "support-rag" and row["status"] == "ok" and row["status_code"] == 200
    assert row["model_version"] == "v1" and row["retrieval_index_version"] == "fresh"
    assert row["input_tokens"] == direct.usage.prompt_tokens
    assert row["output_tokens"] == direct.usage.completion_tokens
    assert row["output"] == direct.choices[0].message.content
    assert row["temperature"] == 0 and row["operation"] == "chat"
    chunks = direct.model_extra["x_aisre"]["retrieved"]
    assert [c["id"] for c in row["retrieval_chunks"]] == [c["id"] for c in chunks]
    assert row["retrieval_used"] and row["ttft_ms"] is None and row["latency_ms"] > 0


def test_a_stream_is_relayed_and_its_ttft_recorded(aisre: BackgroundServer) -> None:
    parts, usage = [], None
    for chunk in ask(
        client(aisre),
        question="marker two: Team plan price?",
        stream=True,
        stream_options={"include_usage": True},
    ):
        for choice in chunk.choices:
            parts.append(choice.delta.content or "")
        usage = chunk.usage or usage
    (row,) = recorded(aisre, "input LIKE 'marker two%'")
    assert row["output"] == "".join(parts) and row["finish_reason"] == "stop"
    assert usage is not None and row["output_tokens"] == usage.completion_tokens
    assert row["ttft_ms"] is not None and 0 < row["ttft_ms"] <= row["latency_ms"]
    assert row["retrieval_chunks"] and row["status"] == "ok"


def test_a_stream_is_not_buffered(aisre: BackgroundServer, service: ServiceState) -> None:
    from aisre.demo.service import Pace

    service.pace = Pace(decode_ms_per_token=40)
    try:
        started = time.perf_counter()
        with httpx.stream(
            "POST",
            f"{aisre.url}/gateway/support-rag/v1/chat/completions",
            json={
                "model": "m",
                "messages": [{"role": "user", "content": QUESTION}],
                "stream": True,
            },
            timeout=30,
        ) as response:
            arrivals = [time.perf_counter() - started for _ in response.iter_lines()]
    finally:
        service.pace = Pace()
    # The answer takes ~40 ms a token upstream; the first lines arrive long before the last.
    assert arrivals[-1] - arrivals[1] > 0.3


def test_upstream_errors_pass_through_unchanged(
    aisre: BackgroundServer, service: ServiceState
) -> None:
    service.faults = Faults(rate_limit_rate=1.0, retry_after_s=7)
    with pytest.raises(openai.RateLimitError) as info:
        ask(client(aisre), question="marker three")
    assert info.value.response.headers["retry-after"] == "7"
    assert info.value.body["code"] == "rate_limit_exceeded"  # type: ignore[index]
    service.faults = Faults(error_rate=1.0)
    with pytest.raises(openai.InternalServerError):
        ask(client(aisre), question="marker four")
    rows = recorded(aisre, "input IN ('marker three', 'marker four')", 2)
    assert sorted((r["input"], r["status"], r["error_type"]) for r in rows) == [
        ("marker four", "error", "server_error"),
        ("marker three", "error", "rate_limit_exceeded"),
    ]
    assert all(r["model_version"] == "v1" for r in rows), "from the version headers"


def test_an_unreachable_upstream_is_a_502_and_recorded(aisre: BackgroundServer) -> None:
    with pytest.raises(openai.APIStatusError) as info:
        ask(client(aisre, "down"), question="marker five")
    assert info.value.status_code == 502
    assert "cannot reach the upstream of down" in str(info.value)
    (row,) = recorded(aisre, "input = 'marker five'")
    assert row["error_type"] == "upstream_unreachable" and row["service"] == "down"


def test_routing_by_header_and_unknown_services(aisre: BackgroundServer) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "marker six"}]}
    ambiguous = httpx.post(f"{aisre.url}/v1/chat/completions", json=body)
    assert ambiguous.status_code == 400 and "X-Aisre-Service" in ambiguous.text
    routed = httpx.post(
        f"{aisre.url}/v1/chat/completions", json=body, headers={"x-aisre-service": "support-rag"}
    )
    assert routed.status_code == 200
    unknown = httpx.post(f"{aisre.url}/gateway/nope/v1/chat/completions", json=body)
    assert unknown.status_code == 404 and "support-rag" in unknown.json()["error"]["message"]


def test_other_paths_pass_through_unrecorded(aisre: BackgroundServer, upstream: str) -> None:
    before = len(recorded(aisre))
    models = client(aisre).models.list()
    assert [m.id for m in models.data] == [
        m.id for m in OpenAI(base_url=upstream + "/v1", api_key="x").models.list().data
    ]
    embedding = client(aisre).embeddings.create(model="wordllama", input="hello relay")
    assert len(embedding.data[0].embedding) == 256
    rows = recorded(aisre, n=before + 1)
    assert len(rows) == before + 1 and rows[-1]["operation"] == "embeddings"


def test_structured_output_is_validated(aisre: BackgroundServer, service: ServiceState) -> None:
    ask(
        client(aisre),
        question="marker seven: Team plan price?",
        response_format={"type": "json_object"},
    )
    service.faults = Faults(malformed_json_rate=1.0)
    ask(
        client(aisre),
        question="marker eight: Team plan price?",
        response_format={"type": "json_object"},
    )
    rows = recorded(aisre, "input LIKE 'marker seven%' OR input LIKE 'marker eight%'", 2)
    assert sorted((r["input"][:12], r["output_schema"], r["schema_valid"]) for r in rows) == [
        ("marker eight", "json_object", False),
        ("marker seven", "json_object", True),
    ]


def test_fail_open_while_the_lake_cannot_be_written(
    aisre: BackgroundServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert aisre.stores is not None
    lake = aisre.stores.lake
    real = lake.append_interactions

    def broken(items: Any) -> list[str]:
        raise OSError("No space left on device")

    monkeypatch.setattr(lake, "append_interactions", broken)
    answers = [ask(client(aisre), question=f"marker nine {i}") for i in range(20)]
    assert all(a.choices[0].message.content for a in answers)
    assert recorder(aisre).pending == 20 and recorder(aisre).failures > 0
    monkeypatch.setattr(lake, "append_interactions", real)
    rows = recorded(aisre, "input LIKE 'marker nine%'", 20)
    assert sorted(r["input"] for r in rows) == sorted(f"marker nine {i}" for i in range(20))


def test_recorder_drops_the_oldest_beyond_its_capacity(tmp_path: Path) -> None:
    from aisre.capture import Redactor
    from aisre.core import Interaction, RedactionConfig
    from aisre.store import EventLake

    from .helpers import T0

    config = config_in(tmp_path)
    lake = EventLake(config.lake, SimulatedClock(T0))
    try:
        rec = Recorder(lake, Redactor(RedactionConfig()), capacity=3)
        for i in range(5):
            rec.submit(Interaction(service="s", timestamp=T0, latency_ms=1, input=str(i)))
        assert rec.dropped == 2 and rec.pending == 3
        rec.start()
        assert rec.drain(10)
        rec.close()
        lake.flush()
        assert [r[0] for r in lake.query("SELECT input FROM interactions ORDER BY input")] == [
            "2",
            "3",
            "4",
        ]
    finally:
        lake.close(flush=False)


def test_gateway_metrics(aisre: BackgroundServer) -> None:
    text = httpx.get(aisre.url + "/metrics").text
    assert "aisre_gateway_record_queue" in text and "aisre_gateway_recorded_total" in text
    assert json.dumps  # keep the import honest


# -- the hot path's own parts: the upstream client, the limits, the key ------------------


def test_the_pool_reuses_connections_and_retries_a_stale_one() -> None:
    import asyncio

    from aisre.capture._gateway_http import Origin, UpstreamError, UpstreamPool
    from aisre.core import GatewayConfig

    async def scenario() -> None:
        opened: list[asyncio.StreamWriter] = []
        mode = {"close_after": False, "silent": False}

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            opened.append(writer)
            try:
                while await reader.readuntil(b"\r\n\r\n"):
                    if mode["silent"]:
                        continue  # never answers
                    writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
                    writer.write(b"2\r\nok\r\n3\r\n!!!\r\n0\r\n\r\n")
                    await writer.drain()
                    if mode["close_after"]:  # as an upstream whose keep-alive timer ran out
                        break
            except (asyncio.IncompleteReadError, ConnectionError):
                pass
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        origin = Origin("http", "127.0.0.1", server.sockets[0].getsockname()[1])
        pool = UpstreamPool(GatewayConfig(read_timeout_s=0.3))
        head = b"GET /v1/models HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n"
        for _ in range(3):
            response = await pool.request(origin, head, b"")
            assert response.status == 200 and await response.read() == b"ok!!!"
        assert len(opened) == 1, "one keep-alive connection for sequential calls"
        mode["close_after"] = True
        assert await (await pool.request(origin, head, b"")).read() == b"ok!!!"
        await asyncio.sleep(0.05)  # the upstream has closed the pooled connection
        mode["close_after"] = False
        assert await (await pool.request(origin, head, b"")).read() == b"ok!!!"
        assert len(opened) == 2, "the stale connection was replaced, not reported"
        mode["silent"] = True
        with pytest.raises(UpstreamError) as info:
            await pool.request(origin, head, b"")
        assert info.value.kind == "upstream_timeout"
        pool.close()
        for writer in opened:
            writer.close()
        await asyncio.sleep(0.05)
        server.close()
        await server.wait_closed()

    asyncio.run(scenario())


def test_an_unreachable_port_is_upstream_unreachable() -> None:
    import asyncio

    from aisre.capture._gateway_http import Origin, UpstreamError, UpstreamPool
    from aisre.core import GatewayConfig

    async def scenario() -> str:
        pool = UpstreamPool(GatewayConfig())
        try:
            await pool.request(Origin("http", "127.0.0.1", 9), b"GET / HTTP/1.1\r\n\r\n", b"")
        except UpstreamError as exc:
            return exc.kind
        return "answered"

    assert asyncio.run(scenario()) == "upstream_unreachable"


def test_the_gateway_checks_the_key_and_the_body_limit(tmp_path: Path, upstream: str) -> None:
    from .helpers import key_config

    config = config_in(
        tmp_path, max_body_bytes=2000, api_keys=[key_config("ci", "sk-aisre", "ingest")]
    ).model_copy(update={"services": [ServiceConfig(name="support-rag", upstream=upstream)]})
    body = {"model": "m", "messages": [{"role": "user", "content": "marker ten"}]}
    url = "/gateway/support-rag/v1/chat/completions"
    with BackgroundServer(config, clock=SystemClock()) as server:
        refused = httpx.post(server.url + url, json=body)
        assert refused.status_code == 401 and "X-Aisre-Key" in refused.json()["error"]["hint"]
        ok = httpx.post(server.url + url, json=body, headers={"x-aisre-key": "sk-aisre"})
        assert ok.status_code == 200 and ok.json()["choices"][0]["message"]["content"]
        big = {**body, "padding": "x" * 5000}
        too_large = httpx.post(server.url + url, json=big, headers={"x-aisre-key": "sk-aisre"})
        assert too_large.status_code == 413
        assert too_large.json()["error"]["type"] == "PayloadTooLarge"
        # The API's own paths are not the gateway's, /v1/traces included.
        traces = httpx.post(
            server.url + "/v1/traces",
            content=b"{}",
            headers={"authorization": "Bearer sk-aisre", "content-type": "application/json"},
        )
        assert traces.status_code == 200 and "gateway_error" not in traces.text


def test_a_build_that_fails_is_counted_and_the_rest_land(tmp_path: Path) -> None:
    from aisre.capture import Redactor
    from aisre.core import Interaction, RedactionConfig
    from aisre.store import EventLake

    from .helpers import T0

    lake = EventLake(config_in(tmp_path).lake, SimulatedClock(T0))
    try:
        rec = Recorder(lake, Redactor(RedactionConfig()))

        def broken() -> Interaction:
            raise ValueError("unparseable")

        rec.submit(broken)
        rec.submit(lambda: Interaction(service="s", timestamp=T0, latency_ms=1, input="built"))
        rec.start()
        assert rec.drain(10)
        rec.close()
        assert rec.build_failures == 1 and rec.recorded == 1
    finally:
        lake.close(flush=False)


def test_a_client_leaving_mid_stream_is_recorded_and_the_pool_stays_sound(
    aisre: BackgroundServer, service: ServiceState
) -> None:
    from aisre.demo.service import Pace

    service.pace = Pace(decode_ms_per_token=50)
    body = {
        "model": "m",
        "messages": [{"role": "user", "content": "marker ten: Team plan price?"}],
        "stream": True,
    }
    try:
        with httpx.stream(
            "POST", f"{aisre.url}/gateway/support-rag/v1/chat/completions", json=body, timeout=30
        ) as response:
            lines = response.iter_lines()
            for _ in range(3):
                next(lines)
    finally:
        service.pace = Pace()
    (row,) = recorded(aisre, "input LIKE 'marker ten%'")
    assert row["status"] == "error" and row["error_type"] == "client_disconnected"
    assert row["finish_reason"] is None
    # The cut connection is not reused: the next calls are answered whole.
    for i in range(3):
        assert ask(client(aisre), question=f"marker eleven {i}").choices[0].finish_reason == "stop"


def test_a_call_waits_for_a_busy_pool_only_so_long() -> None:
    import asyncio

    from aisre.capture._gateway_http import Origin, UpstreamError, UpstreamPool
    from aisre.core import GatewayConfig

    async def scenario() -> None:
        release = asyncio.Event()

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readuntil(b"\r\n\r\n")
            await release.wait()
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        origin = Origin("http", "127.0.0.1", server.sockets[0].getsockname()[1])
        pool = UpstreamPool(GatewayConfig(max_connections=1, pool_timeout_s=0.1))
        head = b"GET /v1/models HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n"
        first = asyncio.ensure_future(pool.request(origin, head, b""))
        await asyncio.sleep(0.05)
        with pytest.raises(UpstreamError) as info:
            await pool.request(origin, head, b"")
        assert info.value.kind == "upstream_pool_exhausted"
        assert "gateway.pool_timeout_s" in str(info.value)
        release.set()
        assert await (await first).read() == b"ok"
        # The slot came back: the next call is served.
        release.set()
        assert await (await pool.request(origin, head, b"")).read() == b"ok"
        pool.close()
        server.close()
        await server.wait_closed()

    asyncio.run(scenario())


def test_head_requests_are_relayed_without_a_body_and_the_connection_is_sound(
    aisre: BackgroundServer, upstream: str
) -> None:
    with httpx.Client(base_url=aisre.url, timeout=10) as http:
        direct = httpx.head(upstream + "/v1/models", timeout=10)
        head = http.head("/gateway/support-rag/v1/models")
        assert head.status_code == direct.status_code  # whatever the upstream says (405 here)
        assert head.content == b""
        assert head.headers.get("content-length") == direct.headers.get("content-length")
        # The next call on the gateway's pooled connections still gets a whole answer.
        after = http.get("/gateway/support-rag/v1/models")
        assert after.status_code == 200 and after.json()["data"]
