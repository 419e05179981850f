"""The gateway's own headers, and upstreams served by an ASGI app in the same process.

A call's interaction id is told to the client (or taken from it), the
caller's ``X-Aisre-Attr-*`` headers become attributes, aisre's headers never
reach the upstream, and an in-process upstream is relayed in lockstep.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from aisre.capture import Gateway
from aisre.capture._gateway_asgi import AsgiUpstream
from aisre.capture._gateway_http import Origin, UpstreamError
from aisre.core import ServiceConfig, SystemClock
from aisre.server import BackgroundServer

from .helpers import config_in

CHAT = "/gateway/echo/v1/chat/completions"


def _completion(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": "echo-1",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    }


async def echo(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers with the request headers it got as the completion's content."""
    message = await receive()
    request = json.loads(message["body"] or b"{}")
    if request.get("explode"):
        raise RuntimeError("boom")
    headers = {k.decode(): v.decode() for k, v in scope["headers"]}
    body = json.dumps(_completion(json.dumps(headers))).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})


@pytest.fixture(scope="module")
def aisre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackgroundServer]:
    config = config_in(tmp_path_factory.mktemp("aisre")).model_copy(
        update={"services": [ServiceConfig(name="echo", upstream="http://echo.in-process")]}
    )
    with BackgroundServer(config, clock=SystemClock(), upstream_apps={"echo": echo}) as server:
        yield server


def rows(server: BackgroundServer, where: str) -> list[dict[str, Any]]:
    assert server.app is not None and server.stores is not None
    gateway: Gateway = server.app.state.gateway
    assert gateway.recorder.drain(10)
    server.stores.lake.flush()
    return server.stores.lake.query_records(f"SELECT * FROM interactions WHERE {where}")


def post(server: BackgroundServer, body: dict[str, Any], **headers: str) -> httpx.Response:
    base = {"model": "echo-1", "messages": [{"role": "user", "content": "hi"}]}
    return httpx.post(server.url + CHAT, json=base | body, headers=headers, timeout=10)


def test_the_interaction_id_is_told_to_the_client(aisre: BackgroundServer) -> None:
    response = post(aisre, {"messages": [{"role": "user", "content": "id one"}]})
    assert response.status_code == 200
    given = response.headers["x-aisre-interaction-id"]
    (row,) = rows(aisre, "input = 'id one'")
    assert row["id"] == given


def test_a_client_s_own_interaction_id_is_kept(aisre: BackgroundServer) -> None:
    response = post(
        aisre,
        {"messages": [{"role": "user", "content": "id two"}]},
        **{"X-Aisre-Interaction-Id": "run-7:req.0001"},
    )
    assert response.headers["x-aisre-interaction-id"] == "run-7:req.0001"
    (row,) = rows(aisre, "input = 'id two'")
    assert row["id"] == "run-7:req.0001"


def test_a_malformed_interaction_id_is_a_400_that_says_why(aisre: BackgroundServer) -> None:
    response = post(
        aisre,
        {"messages": [{"role": "user", "content": "id three"}]},
        **{"X-Aisre-Interaction-Id": "has spaces/and slashes"},
    )
    assert response.status_code == 400
    assert "X-Aisre-Interaction-Id" in response.json()["error"]["message"]
    assert rows(aisre, "input = 'id three'") == []


def test_an_attribute_header_without_a_name_is_refused(aisre: BackgroundServer) -> None:
    response = post(
        aisre,
        {"messages": [{"role": "user", "content": "no name"}]},
        **{"X-Aisre-Attr-": "x"},
    )
    assert response.status_code == 400
    assert "X-Aisre-Attr-<name>" in response.json()["error"]["message"]


def test_attribute_headers_and_the_user_field_become_attributes(aisre: BackgroundServer) -> None:
    response = post(
        aisre,
        {"messages": [{"role": "user", "content": "attrs"}], "user": "u-42"},
        **{"X-Aisre-Attr-Query-Type": "how-to", "X-Aisre-Attr-Tenant": "acme"},
    )
    assert response.status_code == 200
    (row,) = rows(aisre, "input = 'attrs'")
    assert row["attributes"]["query_type"] == "how-to"
    assert row["attributes"]["tenant"] == "acme"
    assert row["attributes"]["user"] == "u-42"


def test_aisre_headers_never_reach_the_upstream(aisre: BackgroundServer) -> None:
    response = post(
        aisre,
        {},
        authorization="Bearer sk-upstream",
        **{"X-Aisre-Attr-Tenant": "acme", "X-Aisre-Interaction-Id": "fwd-1"},
    )
    seen = json.loads(response.json()["choices"][0]["message"]["content"])
    assert seen["authorization"] == "Bearer sk-upstream"
    assert not [name for name in seen if name.startswith("x-aisre-")]


def test_an_app_that_raises_is_a_502_and_recorded(aisre: BackgroundServer) -> None:
    response = post(aisre, {"messages": [{"role": "user", "content": "explode"}], "explode": 1})
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "upstream_unreachable"
    (row,) = rows(aisre, "input = 'explode'")
    assert row["status"] == "error" and row["error_type"] == "upstream_unreachable"


def test_an_in_process_stream_is_handed_over_in_lockstep() -> None:
    """The app cannot send chunk n+1 before the gateway has taken chunk n."""
    sent: list[int] = []

    async def streamer(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for n in range(5):
            sent.append(n)
            await send({"type": "http.response.body", "body": b"%d" % n, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    async def main() -> list[tuple[bytes, list[int]]]:
        upstream = AsgiUpstream(streamer)
        origin = Origin("http", "app", 80)
        response = await upstream.request(origin, b"POST /v1/x HTTP/1.1\r\n\r\n", b"{}")
        taken = []
        while (chunk := await response.next_chunk()) is not None:
            taken.append((chunk, list(sent)))
            await asyncio.sleep(0)  # give the app every chance to run ahead
            await asyncio.sleep(0)
        return taken

    taken = asyncio.run(main())
    assert [chunk for chunk, _ in taken] == [b"0", b"1", b"2", b"3", b"4"]
    for n, (_, sent_then) in enumerate(taken):
        assert sent_then == list(range(n + 1))


def test_an_app_that_stops_reading_sees_a_disconnect() -> None:
    events: list[str] = []

    async def endless(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        try:
            while True:
                await send({"type": "http.response.body", "body": b"x", "more_body": True})
        except OSError:
            events.append("send raised")
        message: Message = await receive()
        events.append(message["type"])

    async def main() -> None:
        upstream = AsgiUpstream(endless)
        response = await upstream.request(
            Origin("http", "app", 80), b"POST /v1/x HTTP/1.1\r\n\r\n", b""
        )
        assert await response.next_chunk() == b"x"
        response.release()
        for _ in range(5):
            await asyncio.sleep(0)

    asyncio.run(main())
    assert events == ["send raised", "http.disconnect"]


def test_an_app_that_never_answers_times_out() -> None:
    async def silent(scope: Scope, receive: Receive, send: Send) -> None:
        await asyncio.sleep(30)

    async def main() -> None:
        upstream = AsgiUpstream(silent, timeout_s=0.05)
        started = time.monotonic()
        with pytest.raises(UpstreamError) as caught:
            await upstream.request(Origin("http", "app", 80), b"GET /v1/x HTTP/1.1\r\n\r\n", b"")
        assert caught.value.kind == "upstream_timeout"
        assert time.monotonic() - started < 5
        upstream.close()

    asyncio.run(main())


def test_an_in_process_app_needs_a_configured_upstream(tmp_path: Path) -> None:
    config = config_in(tmp_path)
    server = BackgroundServer(config, upstream_apps={"ghost": echo})
    with pytest.raises(ValueError, match="no upstream configured"), server:
        pass


def test_the_openai_refusal_field_is_recorded() -> None:
    from datetime import UTC, datetime

    from aisre.capture import Exchange, StreamObserver, build_interaction

    response = _completion("")
    response["choices"][0]["message"]["refusal"] = "I can't help with that."
    exchange = Exchange(
        service="s",
        environment="production",
        path="chat/completions",
        request={"messages": [{"role": "user", "content": "q"}]},
        status=200,
        started_at=datetime(2026, 11, 30, tzinfo=UTC),
        latency_s=0.1,
        response=response,
    )
    assert build_interaction(exchange).attributes["refusal"] == "I can't help with that."
    stream = StreamObserver(started=0.0)
    for part in ("I can't ", "help."):
        delta = {"choices": [{"delta": {"refusal": part}}]}
        stream.feed(b"data: " + json.dumps(delta).encode() + b"\n\n", now=0.1)
    streamed = Exchange(**{**exchange.__dict__, "response": None, "stream": stream})
    assert build_interaction(streamed).attributes["refusal"] == "I can't help."
