"""The scenario runner: the reference service on simulated time, deterministic per seed."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import timedelta

import msgspec
import pytest

from aisre.demo import load_demo_scenario
from aisre.demo.runner import MemorySink, RunResult, ScenarioRunner, Slots
from aisre.demo.scenario import Scenario, parse_scenario
from aisre.demo.service import WordLlamaEmbedder
from aisre.demo.traffic import TrafficProfile

# Twenty simulated minutes: a deployment at 5, a window of faults from 10 to 15.
SCENARIO = """
name: runner-test
description: a short run with a deployment and a window of faults
duration: 20m
seed: 11
traffic:
  rate_per_s: 1.0
  diurnal_amplitude: 0
  stream_share: 0.4
  structured_share: 0.3
timeline:
  - at: "00:05"
    deploy: {model: v2-regressed}
    description: a bad release
  - from: "00:10"
    to: "00:15"
    faults: {latency_ms: 2000, error_rate: 0.2, stream_cut_rate: 0.5, malformed_json_rate: 0.5}
"""


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> WordLlamaEmbedder:
    return WordLlamaEmbedder(tmp_path_factory.mktemp("wordllama"))


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return parse_scenario(SCENARIO, "runner-test.yaml", traffic_validator=TrafficProfile.from_dict)


def run(scenario: Scenario, embedder: WordLlamaEmbedder) -> tuple[RunResult, MemorySink]:
    sink = MemorySink()
    result = ScenarioRunner(scenario, embedder=embedder, sink=sink).run()
    return result, sink


@pytest.fixture(scope="module")
def first(scenario: Scenario, embedder: WordLlamaEmbedder) -> tuple[RunResult, MemorySink]:
    return run(scenario, embedder)


def _offset(scenario: Scenario, interaction: object) -> float:
    return (interaction.timestamp - scenario.start).total_seconds()  # type: ignore[attr-defined]


def test_same_seed_same_run(
    scenario: Scenario, embedder: WordLlamaEmbedder, first: tuple[RunResult, MemorySink]
) -> None:
    again_result, again = run(scenario, embedder)
    result, sink = first
    encode = msgspec.json.encode
    assert result.requests == again_result.requests > 900
    assert encode(sink.interactions) == encode(again.interactions)
    assert encode(sink.feedback) == encode(again.feedback)
    assert encode(sink.changes) == encode(again.changes)
    assert result.truths == again_result.truths


def test_another_seed_another_run(
    scenario: Scenario, embedder: WordLlamaEmbedder, first: tuple[RunResult, MemorySink]
) -> None:
    short = dataclasses.replace(scenario, seed=12, duration_s=120.0, timeline=())
    _, other = run(short, embedder)
    _, sink = first
    inputs = [i.input for i in sink.interactions[: len(other.interactions)]]
    assert [i.input for i in other.interactions] != inputs


def test_the_deployment_is_a_change_event_at_its_time(
    scenario: Scenario, first: tuple[RunResult, MemorySink]
) -> None:
    result, sink = first
    assert result.changes == 1
    (change,) = sink.changes
    assert change.kind == "model_version"
    assert (change.from_version, change.to_version) == ("v1", "v2-regressed")
    assert change.timestamp == scenario.start + timedelta(minutes=5)
    assert change.description == "a bad release"
    for interaction in sink.interactions:
        expected = "v1" if _offset(scenario, interaction) < 300 else "v2-regressed"
        if interaction.model_version is not None:
            assert interaction.model_version == expected


def test_faults_show_only_in_their_window(
    scenario: Scenario, first: tuple[RunResult, MemorySink]
) -> None:
    _, sink = first
    inside = [i for i in sink.interactions if 600 <= _offset(scenario, i) < 900]
    outside = [i for i in sink.interactions if not 600 <= _offset(scenario, i) < 900]
    assert all(i.status == "ok" for i in outside)
    assert all(i.latency_ms >= 2000 for i in inside)
    assert max(i.latency_ms for i in outside) < 2000
    codes = Counter(i.status_code for i in inside)
    assert codes[500] + codes[503] == pytest.approx(0.2 * len(inside), abs=0.08 * len(inside))
    cut = [i for i in inside if i.error_type == "stream_interrupted"]
    assert cut and all(i.status == "error" and i.finish_reason is None for i in cut)
    structured = [i for i in inside if i.output_schema is not None and i.status_code == 200]
    assert any(i.schema_valid is False for i in structured)
    assert all(i.schema_valid for i in outside if i.output_schema is not None), (
        "outside the window every structured answer validates"
    )


def test_interactions_look_like_captured_traffic(
    scenario: Scenario, first: tuple[RunResult, MemorySink]
) -> None:
    _, sink = first
    streamed = [i for i in sink.interactions if i.params["stream"] and i.status == "ok"]
    assert streamed and all(i.ttft_ms is not None and i.ttft_ms < i.latency_ms for i in streamed)
    ok = [i for i in sink.interactions if i.status == "ok"]
    assert all(i.retrieval_chunks and i.input_tokens and i.output_tokens for i in ok)
    assert {i.attributes["language"] for i in ok} >= {"en"}
    assert any("golden_id" in i.attributes for i in ok)
    timestamps = [i.timestamp for i in sink.interactions]
    assert timestamps == sorted(timestamps)
    assert timestamps[-1] < scenario.start + timedelta(seconds=scenario.duration_s)


def test_feedback_follows_quality(first: tuple[RunResult, MemorySink]) -> None:
    result, sink = first
    truth = {t.interaction_id: t for t in result.truths}
    complaints = [f for f in sink.feedback if f.kind in ("thumbs_down", "hallucination_report")]
    assert complaints
    bad = sum(1 for t in truth.values() if not t.ok or t.supported is False)
    good = len(truth) - bad
    complained_bad = sum(
        1
        for f in complaints
        if not truth[f.interaction_id].ok or truth[f.interaction_id].supported is False
    )
    # Per answer, bad ones draw several times more complaints than good ones.
    assert complained_bad / bad > 3 * (len(complaints) - complained_bad) / max(good, 1)


def test_labels_and_load(scenario: Scenario, first: tuple[RunResult, MemorySink]) -> None:
    result, _ = first
    assert [label.name for label in result.labels if label.kind == "change"] == ["model_version"]
    assert len(result.load) == 21  # one sample a simulated minute, both ends included
    calm = [s.gpu_util_pct for s in result.load[2:10]]
    slow = [s.gpu_util_pct for s in result.load[11:15]]
    assert min(slow) > max(calm), "injected latency holds the GPU's slots longer"


def test_slots_queue_requests() -> None:
    slots = Slots(2)
    starts = []
    for arrival in (0.0, 0.0, 0.0, 0.5):
        begin = slots.start(arrival)
        starts.append(begin)
        slots.finish(begin + 1.0)
    assert starts == [0.0, 0.0, 1.0, 1.0]
    with pytest.raises(ValueError):
        Slots(0)


def test_every_bundled_scenario_loads_with_its_traffic() -> None:
    from aisre.demo.scenario import bundled_scenarios

    for name in bundled_scenarios():
        assert load_demo_scenario(name).name == name


DIGEST = """
import hashlib, sys
import msgspec
from aisre.demo.runner import MemorySink, ScenarioRunner
from aisre.demo.scenario import parse_scenario
from aisre.demo.service import WordLlamaEmbedder
from aisre.demo.traffic import TrafficProfile

scenario = parse_scenario(sys.stdin.read(), "x.yaml", traffic_validator=TrafficProfile.from_dict)
sink = MemorySink()
ScenarioRunner(scenario, embedder=WordLlamaEmbedder(sys.argv[1]), sink=sink).run()
body = msgspec.json.encode([sink.interactions, sink.feedback, sink.changes])
print(len(sink.interactions), hashlib.sha256(body).hexdigest())
"""


def test_runs_replay_across_processes(tmp_path_factory: pytest.TempPathFactory) -> None:
    """String hashing differs between processes; nothing in a run may depend on it."""
    import os
    import subprocess
    import sys

    cache = str(tmp_path_factory.mktemp("wordllama"))
    digests = []
    for hash_seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", DIGEST, cache],
            input=SCENARIO.replace("duration: 20m", "duration: 30m"),
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            timeout=240,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        digests.append(done.stdout.split())
    assert int(digests[0][0]) > 1000
    assert digests[0] == digests[1]
