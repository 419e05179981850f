"""The reference service's /metrics over HTTP: queue and GPU gauges move with load and latency."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest
from openai import OpenAI
from prometheus_client.parser import text_string_to_metric_families

from aisre.core import SystemClock
from aisre.demo.service import Faults, ServiceState, WordLlamaEmbedder, create_service_app

from .helpers import serving

SLOTS = 8


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> ServiceState:
    state = ServiceState(
        WordLlamaEmbedder(tmp_path_factory.mktemp("wordllama")), clock=SystemClock()
    )
    state.warm_up()
    return state


@pytest.fixture(scope="module")
def url(state: ServiceState) -> Iterator[str]:
    with serving(create_service_app(state)) as served:
        yield served


def scrape(url: str) -> dict[str, float]:
    response = httpx.get(url + "/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    values: dict[str, float] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            if sample.name.startswith("DCGM") or not sample.labels:
                values[sample.name] = sample.value
            elif sample.name == "reference_requests_total":
                values[sample.name] = values.get(sample.name, 0.0) + sample.value
    return values


def test_gauges_move_with_load_under_a_latency_fault(url: str, state: ServiceState) -> None:
    idle = scrape(url)
    assert "reference_requests_total" not in idle
    assert idle["reference_requests_in_flight"] == 0
    assert idle["reference_queue_depth"] == 0
    state.faults = Faults(latency_ms=1500)
    client = OpenAI(base_url=url + "/v1", api_key="x", max_retries=0, timeout=30)
    done: list[str] = []

    def ask() -> None:
        reply = client.chat.completions.create(
            model="northwind-support-v1",
            messages=[{"role": "user", "content": "How much does the Team plan cost?"}],
            temperature=0,
        )
        done.append(reply.choices[0].message.content or "")

    threads = [threading.Thread(target=ask) for _ in range(SLOTS + 4)]
    try:
        for thread in threads:
            thread.start()
        threading.Event().wait(0.8)  # all arrived, none answered yet
        busy = scrape(url)
    finally:
        for thread in threads:
            thread.join(timeout=30)
        state.faults = Faults()
    after = scrape(url)
    assert len(done) == SLOTS + 4
    assert busy["reference_requests_in_flight"] == SLOTS + 4
    assert busy["reference_queue_depth"] == 4
    assert busy["DCGM_FI_DEV_GPU_UTIL"] > idle["DCGM_FI_DEV_GPU_UTIL"]
    assert busy["DCGM_FI_DEV_FB_USED"] > idle["DCGM_FI_DEV_FB_USED"]
    assert busy["DCGM_FI_DEV_FB_FREE"] < idle["DCGM_FI_DEV_FB_FREE"]
    assert after["reference_requests_in_flight"] == 0
    assert after["reference_requests_total"] == SLOTS + 4
