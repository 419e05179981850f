"""The demo end to end: a scenario's traffic recorded through aisre's ingest API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from aisre.core import LakeConfig, SimulatedClock
from aisre.demo import DemoResult, run_demo
from aisre.demo.scenario import parse_scenario
from aisre.demo.service import WordLlamaEmbedder
from aisre.demo.traffic import TrafficProfile
from aisre.store import EventLake

# Forty simulated minutes over an hour boundary; a regressed model from 00:50.
SCENARIO = """
name: demo-test
description: a bad deployment just before the hour
start: 2026-11-30T00:30:00Z
duration: 40m
seed: 5
traffic: {rate_per_s: 0.8, diurnal_amplitude: 0}
timeline:
  - at: "00:20"
    deploy: {model: v2-regressed}
  - from: "00:30"
    to: "00:35"
    faults: {error_rate: 0.3}
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    scenario = parse_scenario(
        SCENARIO, "demo-test.yaml", traffic_validator=TrafficProfile.from_dict
    )
    return run_demo(
        scenario=scenario,
        data_dir=tmp_path_factory.mktemp("demo"),
        embedder=WordLlamaEmbedder(tmp_path_factory.mktemp("wordllama")),
    )


@pytest.fixture
def demo_lake(demo: DemoResult) -> Iterator[EventLake]:
    """The lake the demo wrote, opened again (and closed without writing anything)."""
    end = demo.scenario.start + timedelta(seconds=demo.scenario.duration_s)
    lake = EventLake(
        LakeConfig(url=str(demo.data_dir / "lake"), spool_dir=str(demo.data_dir / "spool")),
        SimulatedClock(end + timedelta(seconds=1)),
    )
    try:
        yield lake
    finally:
        lake.close(flush=False)


def rows(demo: DemoResult) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["group"]["hour"][11:16], r["group"]["model_version"]): r for r in demo.rows}


def test_demo_reports_per_hour_and_version(demo: DemoResult) -> None:
    # 00:30-01:00 is v1 until 00:50 and v2-regressed after; 01:00-01:10 is v2-regressed.
    assert set(rows(demo)) == {
        ("00:00", "v1"),
        ("00:00", "v2-regressed"),
        ("01:00", "v2-regressed"),
    }
    assert all(row["requests"] > 0 for row in demo.rows)


def test_every_interaction_lands_in_the_lake(demo: DemoResult, demo_lake: EventLake) -> None:
    assert 0.5 * 0.8 * 2400 < demo.interactions < 1.5 * 0.8 * 2400
    assert sum(row["requests"] for row in demo.rows) == demo.interactions
    assert demo_lake.pending() == 0
    assert demo_lake.query("SELECT count(*) FROM interactions") == [(demo.interactions,)]
    feedback = demo_lake.query("SELECT count(*) FROM scores WHERE scorer = 'user_feedback'")
    assert feedback == [(demo.run.feedback,)]
    assert demo.run.feedback > 0
    assert demo_lake.query("SELECT kind, from_version, to_version FROM changes") == [
        ("model_version", "v1", "v2-regressed")
    ]


def test_the_error_window_costs_availability(demo: DemoResult) -> None:
    by_key = rows(demo)
    # The window is 01:00-01:05 of wall time: a third of that hour's ten minutes fail.
    assert 0.05 < by_key[("01:00", "v2-regressed")]["error_rate"] < 0.3
    assert by_key[("00:00", "v2-regressed")]["error_rate"] == 0
    assert by_key[("00:00", "v1")]["error_rate"] == 0


def test_labels_truths_and_load_are_written(demo: DemoResult) -> None:
    labels = [
        json.loads(line) for line in (demo.data_dir / "labels.jsonl").read_text().splitlines()
    ]
    assert {(label["kind"], label["name"]) for label in labels} == {
        ("change", "model_version"),
        ("fault", "errors"),
    }
    truths = (demo.data_dir / "truth.jsonl").read_text().splitlines()
    assert len(truths) == demo.interactions
    load = (demo.data_dir / "load.jsonl").read_text().splitlines()
    assert len(load) == 41
    assert any((demo.data_dir / "lake").rglob("*.parquet"))


def test_the_scorers_catch_the_regressed_model(demo: DemoResult) -> None:
    rates: dict[str, list[float]] = {}
    for row in demo.behavior:
        rates.setdefault(row["model_version"], []).append(row["hallucination_rate"])
    assert set(rates) == {"v1", "v2-regressed"}
    assert min(rates["v2-regressed"]) > max(rates["v1"]) + 0.2, demo.behavior
    # Golden questions in the traffic are judged against their references.
    completed = {row["model_version"]: row["task_completion"] for row in demo.behavior}
    assert all(value is not None for value in completed.values()), demo.behavior
    # The demo scores everything it captured; failed calls get no verdict to count.
    scored = sum(row["scored"] for row in demo.behavior)
    answered = sum(truth.ok for truth in demo.run.truths)
    assert answered <= scored <= demo.interactions
