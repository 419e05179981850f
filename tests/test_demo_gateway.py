"""A scenario through aisre's gateway records what a direct run records.

The demo sends the reference service's traffic through the gateway, which
records each interaction from the HTTP exchange, on the requests' simulated
time. A direct run builds the interaction with the gateway's code from the
same exchange. Faults included (errors, cut streams, malformed JSON, added
latency), the two must agree field by field, and so must the ground truth
and the users' feedback.
"""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path
from typing import Any

import msgspec
import pytest

from aisre.capture import Redactor
from aisre.core import RedactionConfig, SimulatedClock
from aisre.demo._run import demo_config
from aisre.demo.runner import MemorySink, RunResult, ScenarioRunner
from aisre.demo.scenario import Scenario, parse_scenario
from aisre.demo.service import WordLlamaEmbedder
from aisre.demo.traffic import TrafficProfile
from aisre.server import BackgroundServer

from .test_scenario_runner import SCENARIO

COMPARED = [
    "service",
    "timestamp",
    "status",
    "status_code",
    "error_type",
    "model",
    "model_version",
    "prompt_template_version",
    "retrieval_index_version",
    "temperature",
    "params",
    "input",
    "output",
    "finish_reason",
    "input_tokens",
    "output_tokens",
    "retrieval_used",
    "output_schema",
    "schema_valid",
    "attributes",
]


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return parse_scenario(SCENARIO, "runner-test.yaml", traffic_validator=TrafficProfile.from_dict)


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> WordLlamaEmbedder:
    return WordLlamaEmbedder(tmp_path_factory.mktemp("wordllama"))


@pytest.fixture(scope="module")
def direct(scenario: Scenario, embedder: WordLlamaEmbedder) -> tuple[RunResult, list[Any]]:
    sink = MemorySink()
    result = ScenarioRunner(scenario, embedder=embedder, sink=sink).run()
    # The lake redacts what the gateway records; the direct run's records are not.
    Redactor(RedactionConfig()).interactions(sink.interactions)
    return result, [msgspec.to_builtins(i) for i in sink.interactions]


@pytest.fixture(scope="module")
def through_gateway(
    scenario: Scenario, embedder: WordLlamaEmbedder, tmp_path_factory: pytest.TempPathFactory
) -> tuple[RunResult, list[dict[str, Any]], MemorySink]:
    data_dir: Path = tmp_path_factory.mktemp("gateway-run")
    sink = MemorySink()
    runner = ScenarioRunner(
        scenario, embedder=embedder, sink=sink, clock=SimulatedClock(scenario.start)
    )
    with BackgroundServer(
        demo_config(data_dir, scenario.service),
        clock=runner.clock,
        upstream_apps={scenario.service: runner.service_app()},
    ) as server:
        assert server.app is not None and server.stores is not None
        result = runner.run(gateway=server.app)
        assert server.app.state.gateway.recorder.drain(timeout_s=60)
        server.stores.lake.flush()
        rows = server.stores.lake.query_records("SELECT * FROM interactions ORDER BY id", [])
    return result, rows, sink


def test_every_request_is_recorded_once_by_the_gateway(
    direct: tuple[RunResult, list[Any]],
    through_gateway: tuple[RunResult, list[dict[str, Any]], MemorySink],
) -> None:
    result, rows, sink = through_gateway
    assert sink.interactions == []  # the gateway recorded them, not the runner
    assert len(rows) == result.requests == direct[0].requests > 1000
    assert len({row["id"] for row in rows}) == len(rows)


def test_the_gateway_records_what_a_direct_run_records(
    direct: tuple[RunResult, list[Any]],
    through_gateway: tuple[RunResult, list[dict[str, Any]], MemorySink],
) -> None:
    by_id = {row["id"]: row for row in through_gateway[1]}
    kinds = {"stream": 0, "error": 0, "cut": 0, "schema": 0}
    for expected in direct[1]:
        got = by_id[expected["id"]]
        for name in COMPARED:
            want, have = expected[name], got[name]
            if name == "timestamp":  # the lake gives UTC without an offset
                have = have.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")
            elif name == "params":  # stored as JSON text
                have = json.loads(have)
            assert have == want, (expected["id"], name, want, have)
        assert got["latency_ms"] == pytest.approx(expected["latency_ms"], abs=0.01)
        if expected["ttft_ms"] is None:
            assert got["ttft_ms"] is None
        else:
            assert got["ttft_ms"] == pytest.approx(expected["ttft_ms"], abs=0.01)
        chunks = [c["id"] for c in got["retrieval_chunks"] or []]
        assert chunks == [c["id"] for c in expected["retrieval_chunks"]]
        kinds["stream"] += expected["params"].get("stream") is True
        kinds["error"] += expected["status_code"] >= 500
        kinds["cut"] += expected["error_type"] == "stream_interrupted"
        kinds["schema"] += expected["schema_valid"] is False
    # The comparison covered the cases that matter, not only calm answers.
    assert all(n >= 10 for n in kinds.values()), kinds


def test_a_latency_fault_shows_in_what_the_gateway_measured(
    scenario: Scenario, through_gateway: tuple[RunResult, list[dict[str, Any]], MemorySink]
) -> None:
    rows = through_gateway[1]

    def offset(row: dict[str, Any]) -> float:
        return (row["timestamp"].replace(tzinfo=UTC) - scenario.start).total_seconds()

    window = [r for r in rows if 600 <= offset(r) < 900]
    calm = [r for r in rows if offset(r) < 300]
    assert min(r["latency_ms"] for r in window if r["status"] == "ok") >= 2000
    assert max(r["latency_ms"] for r in calm) < 2000
    streamed = [r for r in calm if r["ttft_ms"] is not None]
    assert streamed and all(0 < r["ttft_ms"] < r["latency_ms"] for r in streamed)


def test_truth_and_feedback_are_those_of_a_direct_run(
    direct: tuple[RunResult, list[Any]],
    through_gateway: tuple[RunResult, list[dict[str, Any]], MemorySink],
) -> None:
    direct_result, (gateway_result, _, sink) = direct[0], through_gateway
    assert gateway_result.truths == direct_result.truths
    assert gateway_result.statuses == direct_result.statuses
    assert gateway_result.load == direct_result.load
    assert gateway_result.feedback == direct_result.feedback == len(sink.feedback) > 0
