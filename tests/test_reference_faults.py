"""Run-time faults of the reference service: the plan, and each fault via the ``openai`` client."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import openai
import pytest
from openai import OpenAI

from aisre.core import SimulatedClock, SystemClock
from aisre.demo.service import WordLlamaEmbedder
from aisre.demo.service._api import create_service_app
from aisre.demo.service._faults import NO_FAULTS, Faults, decide
from aisre.demo.service._state import ServiceState

from .helpers import serving

QUESTION = "How much does the Team plan cost?"
DRAWS = 2000


# -- the plan, without HTTP ------------------------------------------------------------


def _share(faults: Faults, predicate: Any) -> float:
    rng = random.Random(42)
    return sum(bool(predicate(decide(faults, rng))) for _ in range(DRAWS)) / DRAWS


@pytest.mark.parametrize(
    ("faults", "predicate", "expected"),
    [
        (Faults(error_rate=0.2), lambda d: d.outcome == "error", 0.2),
        (Faults(rate_limit_rate=0.1), lambda d: d.outcome == "rate_limit", 0.1),
        (Faults(timeout_rate=0.05), lambda d: d.outcome == "timeout", 0.05),
        (Faults(stream_cut_rate=0.3), lambda d: d.stream_cut, 0.3),
        (Faults(malformed_json_rate=0.5), lambda d: d.malformed_json, 0.5),
        (Faults(spike_rate=0.25, spike_ms=1000), lambda d: d.delay_s >= 1.0, 0.25),
        (
            Faults(error_rate=0.2, rate_limit_rate=0.3),
            lambda d: d.outcome == "rate_limit",
            0.3,
        ),
    ],
)
def test_decide_respects_rates(faults: Faults, predicate: Any, expected: float) -> None:
    assert _share(faults, predicate) == pytest.approx(expected, abs=0.03)


def test_decide_latency_and_jitter() -> None:
    rng = random.Random(7)
    delays = [decide(Faults(latency_ms=100, jitter_ms=50), rng).delay_s for _ in range(DRAWS)]
    assert min(delays) >= 0.1
    assert max(delays) <= 0.15
    assert sum(delays) / DRAWS == pytest.approx(0.125, abs=0.005)


def test_decide_without_faults_is_ok_and_replays() -> None:
    decision = decide(NO_FAULTS, random.Random(0))
    assert decision.outcome == "ok"
    assert decision.delay_s == 0
    assert not decision.stream_cut and not decision.malformed_json
    faults = Faults(error_rate=0.5, jitter_ms=10)
    first = [decide(faults, random.Random(3)) for _ in range(3)]
    assert first[0] == first[1] == first[2]


@pytest.mark.parametrize(
    "bad",
    [
        {"error_rate": 1.5},
        {"timeout_rate": -0.1},
        {"latency_ms": -1},
        {"error_rate": "often"},
        {"retrieval_down_mode": "maybe"},
        {"context_window": 0},
        {"nonsense_rate": 0.1},
    ],
)
def test_faults_validation(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Faults.from_dict(bad)


# -- through HTTP ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def clock() -> SimulatedClock:
    return SimulatedClock(datetime(2026, 1, 1, tzinfo=UTC))


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory, clock: SimulatedClock) -> ServiceState:
    embedder = WordLlamaEmbedder(tmp_path_factory.mktemp("wordllama"))
    return ServiceState(embedder, clock=clock)


@pytest.fixture(scope="module")
def url(state: ServiceState) -> Iterator[str]:
    with serving(create_service_app(state)) as served:
        yield served


@pytest.fixture
def client(url: str, state: ServiceState, clock: SimulatedClock) -> Iterator[OpenAI]:
    state.faults = NO_FAULTS
    state.clock = clock
    with OpenAI(base_url=url + "/v1", api_key="x", max_retries=0, timeout=30) as c:
        yield c
    state.faults = NO_FAULTS
    state.clock = clock


def set_faults(url: str, **faults: Any) -> None:
    response = httpx.post(url + "/admin/faults", json=faults)
    assert response.status_code == 200, response.text
    assert response.json()["current"] == Faults(**faults).as_dict()


def ask(client: OpenAI, **kwargs: Any) -> Any:
    return client.chat.completions.create(
        model="northwind-support-v1",
        messages=[{"role": "user", "content": QUESTION}],
        temperature=0,
        **kwargs,
    )


def test_admin_faults_read_replace_clear(client: OpenAI, url: str) -> None:
    assert httpx.get(url + "/admin/faults").json() == {"faults": NO_FAULTS.as_dict()}
    set_faults(url, error_rate=0.5, latency_ms=10)
    assert httpx.get(url + "/admin/faults").json()["faults"]["error_rate"] == 0.5
    cleared = httpx.delete(url + "/admin/faults")
    assert cleared.status_code == 200
    assert httpx.get(url + "/admin/faults").json() == {"faults": NO_FAULTS.as_dict()}


@pytest.mark.parametrize(
    "body", [{"error_rate": 2}, {"latency_ms": -5}, {"bogus": 1}, [1, 2], "not json"]
)
def test_admin_faults_rejects_bad_input(client: OpenAI, url: str, body: Any) -> None:
    if body == "not json":
        response = httpx.post(url + "/admin/faults", content=b"{not json")
    else:
        response = httpx.post(url + "/admin/faults", json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert httpx.get(url + "/admin/faults").json() == {"faults": NO_FAULTS.as_dict()}


def test_latency_advances_the_simulated_clock(
    client: OpenAI, url: str, clock: SimulatedClock
) -> None:
    set_faults(url, latency_ms=60_000, spike_rate=1.0, spike_ms=120_000)
    before, started = clock.now(), time.monotonic()
    completion = ask(client)
    assert completion.choices[0].finish_reason == "stop"
    assert (clock.now() - before).total_seconds() == pytest.approx(180.0)
    assert time.monotonic() - started < 5


def test_latency_really_waits_with_the_system_clock(
    client: OpenAI, url: str, state: ServiceState
) -> None:
    ask(client)  # warm
    state.clock = SystemClock()
    set_faults(url, latency_ms=100)
    started = time.monotonic()
    ask(client)
    assert time.monotonic() - started >= 0.1


def test_server_error(client: OpenAI, url: str) -> None:
    set_faults(url, error_rate=1.0)
    with pytest.raises(openai.InternalServerError) as info:
        ask(client)
    assert info.value.status_code in (500, 503)


def test_rate_limit(client: OpenAI, url: str) -> None:
    set_faults(url, rate_limit_rate=1.0, retry_after_s=7)
    with pytest.raises(openai.RateLimitError) as info:
        ask(client)
    assert info.value.status_code == 429
    assert info.value.response.headers["Retry-After"] == "7"


def test_timeout(client: OpenAI, url: str, state: ServiceState) -> None:
    state.clock = SystemClock()
    set_faults(url, timeout_rate=1.0, timeout_s=1.0)
    with pytest.raises(openai.APITimeoutError):
        client.with_options(timeout=0.3).chat.completions.create(
            model="northwind-support-v1", messages=[{"role": "user", "content": QUESTION}]
        )


def test_timeout_ends_in_a_504(client: OpenAI, url: str, clock: SimulatedClock) -> None:
    set_faults(url, timeout_rate=1.0, timeout_s=600)
    before = clock.now()
    with pytest.raises(openai.APIStatusError) as info:
        ask(client)
    assert info.value.status_code == 504
    assert (clock.now() - before).total_seconds() == pytest.approx(600)


def test_stream_cut(client: OpenAI, url: str) -> None:
    full = ask(client).choices[0].message.content
    set_faults(url, stream_cut_rate=1.0)
    finish_reasons: list[str | None] = []
    text = ""
    try:
        for chunk in ask(client, stream=True):
            for choice in chunk.choices:
                finish_reasons.append(choice.finish_reason)
                text += choice.delta.content or ""
    except (openai.APIError, httpx.HTTPError):
        pass  # a cut may surface as an error: also acceptable
    assert all(reason is None for reason in finish_reasons)
    assert len(text) < len(full)


def test_malformed_json(client: OpenAI, url: str) -> None:
    json.loads(ask(client, response_format={"type": "json_object"}).choices[0].message.content)
    set_faults(url, malformed_json_rate=1.0)
    content = ask(client, response_format={"type": "json_object"}).choices[0].message.content
    with pytest.raises(json.JSONDecodeError):
        json.loads(content or "")
    # Plain-text answers are unaffected.
    assert ask(client).choices[0].finish_reason == "stop"


def test_retrieval_down_degrades(client: OpenAI, url: str) -> None:
    assert ask(client).model_extra["x_aisre"]["retrieved"]
    set_faults(url, retrieval_down=True)
    extension = ask(client).model_extra["x_aisre"]
    assert extension["retrieved"] == []
    assert extension["used_chunk_ids"] == []
    assert "retrieval_unavailable" in extension["warning"]


def test_retrieval_down_error_mode(client: OpenAI, url: str) -> None:
    set_faults(url, retrieval_down=True, retrieval_down_mode="error")
    with pytest.raises(openai.InternalServerError) as info:
        ask(client)
    assert info.value.status_code == 503


def test_context_window(client: OpenAI, url: str) -> None:
    set_faults(url, context_window=5)
    with pytest.raises(openai.BadRequestError) as info:
        ask(client)
    assert info.value.code == "context_length_exceeded"
    set_faults(url, context_window=100_000)
    assert ask(client).choices[0].finish_reason == "stop"


def test_jitter_varies_the_added_latency(client: OpenAI, url: str, clock: SimulatedClock) -> None:
    set_faults(url, latency_ms=200, jitter_ms=1000)
    waits = []
    for _ in range(12):
        before = clock.now()
        ask(client)
        waits.append((clock.now() - before).total_seconds())
    assert all(0.2 <= wait <= 1.2 for wait in waits)
    assert max(waits) - min(waits) > 0.3


def test_errors_name_the_versions_serving(client: OpenAI, url: str) -> None:
    set_faults(url, error_rate=1.0)
    with pytest.raises(openai.InternalServerError) as info:
        ask(client)
    headers = info.value.response.headers
    assert headers["x-aisre-model-version"] == "v1"
    assert headers["x-aisre-index-version"] == "fresh"


def test_a_malformed_request_is_a_400_whatever_the_faults(client: OpenAI, url: str) -> None:
    set_faults(url, error_rate=1.0, latency_ms=60_000)
    with pytest.raises(openai.BadRequestError) as info:
        ask(client, n=2)
    assert info.value.status_code == 400
