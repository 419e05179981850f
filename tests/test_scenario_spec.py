"""Scenario files: the bundled library, the queries a runner makes, labels, and the errors."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import re
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import aisre.demo.scenario as scenario_pkg
from aisre.core import InputError
from aisre.demo.scenario import (
    ENTRY_KEYS,
    SYMPTOMS,
    TOP_KEYS,
    Scenario,
    ScenarioError,
    TimelineEntry,
    bundled_scenarios,
    format_offset,
    load_scenario,
    parse_scenario,
    parse_seconds,
)
from aisre.demo.service._faults import NO_FAULTS, Faults

DOCS = Path(__file__).resolve().parent.parent / "docs" / "scenarios.md"
LIBRARY = resources.files("aisre.demo.scenario") / "library"

#: The fields of the traffic profile, as the traffic generator documents them.
TRAFFIC_FIELDS = {
    "rate_per_s",
    "diurnal_amplitude",
    "peak_hour",
    "bursts",
    "golden_share",
    "structured_share",
    "stream_share",
    "typo_rate",
    "temperatures",
    "languages",
    "query_types",
    "users",
}
QUERY_TYPES = {"factual", "how-to", "policy", "numeric", "out-of-scope"}
LANGUAGES = {"en", "de", "fr", "es"}


def strict_traffic(data: dict[str, Any]) -> object:
    """A stand-in for the traffic profile's own check: known fields, known categories."""
    for key, value in data.items():
        if key not in TRAFFIC_FIELDS:
            raise ValueError(f"unknown traffic field {key!r}")
        if key.endswith("_share") and not 0 <= value <= 1:
            raise ValueError(f"{key} must be in [0, 1], got {value!r}")
    if not set(data.get("query_types", {})) <= QUERY_TYPES:
        raise ValueError(f"query_types: unknown type in {sorted(data['query_types'])}")
    if not set(data.get("languages", {})) <= LANGUAGES:
        raise ValueError(f"languages: unknown language in {sorted(data['languages'])}")
    return data


def parse(text: str, **kwargs: Any) -> Scenario:
    return parse_scenario(text, "s.yaml", **kwargs)


# -- the library ---------------------------------------------------------------------------

EXPECTED_LIBRARY = {
    "calm-24h",
    "context-window",
    "corrupted-index",
    "default",
    "errors-5xx",
    "jitter",
    "latency",
    "latency-spikes",
    "malformed-json",
    "model-regression",
    "over-cautious-model",
    "prompt-change",
    "rate-limit",
    "retrieval-down",
    "stale-index",
    "stream-cut",
    "timeouts",
    "traffic-shift",
}


def test_the_library_has_a_scenario_per_fault_kind() -> None:
    assert set(bundled_scenarios()) == EXPECTED_LIBRARY
    assert bundled_scenarios() == sorted(bundled_scenarios())


@pytest.mark.parametrize("name", sorted(EXPECTED_LIBRARY))
def test_every_bundled_scenario_loads_and_is_documented(name: str) -> None:
    scenario = load_scenario(name, traffic_validator=strict_traffic)
    assert scenario.name == name
    assert scenario.description
    assert scenario.start.tzinfo is not None
    if name == "calm-24h":
        assert scenario.duration_s == 86400
        assert scenario.labels() == []
    else:
        assert 3600 <= scenario.duration_s <= 6 * 3600
        labels = scenario.labels()
        assert labels, "an incident scenario has something to detect"
        for label in labels:
            assert scenario.start < label.start < label.end <= scenario.end
            assert set(label.symptoms) <= set(SYMPTOMS)
        # The incident sits in the middle: calm before the first label and after the last.
        incidents = [label for label in labels if label.symptoms]
        if name == "prompt-change":  # a harmless change: nothing should fire
            assert incidents == []
        else:
            assert min(label.start for label in incidents) - scenario.start >= timedelta(minutes=45)
            assert scenario.end - max(label.end for label in incidents) >= timedelta(minutes=30)
    header = (LIBRARY / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    assert header[0].startswith(f"# {name}: ")
    assert any(line.startswith("# Should be detected:") for line in header)


def test_the_default_scenario_has_distinct_incidents_with_calm_between() -> None:
    labels = [label for label in load_scenario("default").labels() if label.symptoms]
    assert {label.name for label in labels} >= {"model_version", "latency", "retrieval_index"}
    spans = sorted({(label.start, label.end) for label in labels})
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start - end >= timedelta(minutes=30)


def test_a_path_loads_and_names_the_file_in_errors(tmp_path: Path) -> None:
    good = tmp_path / "mine.yaml"
    good.write_text("name: mine\nduration: 90m\n", encoding="utf-8")
    assert load_scenario(good).duration_s == 5400
    assert load_scenario(str(good)).source == str(good)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nduration: -1h\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=re.escape(f"{bad}:2: duration:")):
        load_scenario(bad)
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(tmp_path / "missing.yaml")


def test_an_unknown_bundled_name_lists_the_known_ones() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario("defualt")
    text = str(info.value)
    assert "no bundled scenario named 'defualt'; did you mean 'default'?" in text
    for name in EXPECTED_LIBRARY:
        assert name in text
    assert isinstance(info.value, InputError)


# -- queries -------------------------------------------------------------------------------

WINDOWS = """
name: w
duration: 4h
traffic: {rate_per_s: 1.0, golden_share: 0.3}
timeline:
  - at: 1:30
    deploy: {model: v2-regressed}
    description: bad model rollout
  - from: 2:00
    to: 2:20
    faults: {latency_ms: 1500, error_rate: 0.1}
  - from: 2:10
    to: 2:30
    faults: {latency_ms: 200, jitter_ms: 50}
  - from: 3:00
    traffic: {query_types: {numeric: 5, factual: 1}, rate_per_s: 2.0}
  - at: 3:30
    deploy: {model: v1, index: stale}
    description: rollback
"""
H = 3600.0


def test_faults_hold_from_from_up_to_to_and_overlaps_merge_per_field() -> None:
    s = parse(WINDOWS)
    assert s.faults_at(0) is NO_FAULTS
    assert s.faults_at(2 * H - 0.001) == NO_FAULTS
    assert s.faults_at(2 * H) == Faults(latency_ms=1500, error_rate=0.1)
    # The later window overrides latency_ms and adds jitter; error_rate stays.
    assert s.faults_at(2 * H + 600) == Faults(latency_ms=200, jitter_ms=50, error_rate=0.1)
    assert s.faults_at(2 * H + 1199.999) == Faults(latency_ms=200, jitter_ms=50, error_rate=0.1)
    assert s.faults_at(2 * H + 1200) == Faults(latency_ms=200, jitter_ms=50)
    assert s.faults_at(2.5 * H) == NO_FAULTS


def test_versions_switch_at_the_instant_of_the_change() -> None:
    s = parse(WINDOWS)
    assert s.versions_at(1.5 * H - 0.001) == {"model": "v1", "prompt": "p1", "index": "fresh"}
    assert s.versions_at(1.5 * H)["model"] == "v2-regressed"
    assert s.versions_at(3.5 * H) == {"model": "v1", "prompt": "p1", "index": "stale"}
    changes = s.changes()
    assert [(c.at_s, c.kind, c.from_version, c.to_version) for c in changes] == [
        (1.5 * H, "model", "v1", "v2-regressed"),
        (3.5 * H, "model", "v2-regressed", "v1"),
        (3.5 * H, "index", "fresh", "stale"),
    ]
    assert [c.change_kind for c in changes] == ["model_version", "model_version", "retrieval_index"]
    assert changes[1].description == "rollback"


def test_traffic_overrides_replace_top_level_fields_from_then_on() -> None:
    s = parse(WINDOWS)
    assert s.traffic_at(0) == {"rate_per_s": 1.0, "golden_share": 0.3}
    assert s.traffic_at(3 * H) == {
        "rate_per_s": 2.0,
        "golden_share": 0.3,
        "query_types": {"numeric": 5, "factual": 1},
    }
    assert s.traffic_at(4 * H - 1) == s.traffic_at(3 * H)
    mutated = s.traffic_at(0)
    mutated["rate_per_s"] = 99
    assert s.traffic_at(0)["rate_per_s"] == 1.0


def test_breakpoints_are_every_instant_where_something_changes() -> None:
    s = parse(WINDOWS)
    assert s.breakpoints() == [
        0,
        1.5 * H,
        2 * H,
        2 * H + 600,
        2 * H + 1200,
        2.5 * H,
        3 * H,
        3.5 * H,
    ]
    # Between two breakpoints nothing changes.
    for a, b in zip(s.breakpoints(), [*s.breakpoints()[1:], s.duration_s], strict=True):
        for t in (a, (a + b) / 2, math.nextafter(b, a)):
            assert s.faults_at(t) == s.faults_at(a)
            assert s.versions_at(t) == s.versions_at(a)
            assert s.traffic_at(t) == s.traffic_at(a)


def test_queries_outside_the_run_answer_the_nearest_state() -> None:
    s = parse(WINDOWS)
    assert s.versions_at(-5) == s.versions_at(0)
    assert s.faults_at(10 * H) == s.faults_at(s.duration_s - 1)


def test_a_later_start_wins_and_at_one_start_the_later_entry_wins() -> None:
    s = parse(
        """
name: order
duration: 2h
timeline:
  - from: 0:30
    to: 1:00
    faults: {latency_ms: 900}
  - from: 0:10
    to: 1:00
    faults: {latency_ms: 100}
  - from: 0:40
    to: 0:50
    faults: {latency_ms: 500}
  - from: 0:40
    to: 0:45
    faults: {latency_ms: 0}
"""
    )
    assert s.faults_at(15 * 60).latency_ms == 100
    assert s.faults_at(30 * 60).latency_ms == 900  # starts later than the 100 ms window
    assert s.faults_at(42 * 60).latency_ms == 0  # same start as 500, listed later
    assert s.faults_at(47 * 60).latency_ms == 500
    # A window that sets a fault back to none is not labelled as a fault.
    assert [label.details["latency_ms"] for label in s.labels()] == [100, 900, 500]


def test_queries_are_deterministic() -> None:
    a, b = load_scenario("default"), load_scenario("default")
    assert a == b
    times = [i * 37.5 for i in range(int(a.duration_s / 37.5))]
    assert [a.faults_at(t) for t in times] == [b.faults_at(t) for t in times]
    assert [a.versions_at(t) for t in times] == [b.versions_at(t) for t in times]
    assert [label.as_dict() for label in a.labels()] == [label.as_dict() for label in b.labels()]


def test_a_scenario_can_be_built_directly() -> None:
    s = Scenario(
        name="direct",
        duration_s=600,
        timeline=(TimelineEntry(index=0, start_s=60, end_s=120, faults={"error_rate": 0.5}),),
    )
    assert s.initial == {"model": "v1", "prompt": "p1", "index": "fresh"}
    assert s.faults_at(60).error_rate == 0.5
    assert s.end == s.start + timedelta(minutes=10)
    with pytest.raises(ValueError, match="duration_s"):
        Scenario(name="zero", duration_s=0)
    # A copy with another seed (as a command-line override makes) is a whole scenario.
    other = dataclasses.replace(s, seed=3)
    assert other.seed == 3
    assert other.faults_at(60) == s.faults_at(60)


# -- labels --------------------------------------------------------------------------------


def test_labels_follow_the_timeline() -> None:
    s = parse(WINDOWS)
    start = datetime(2026, 11, 30, tzinfo=UTC)
    at = lambda hours: start + timedelta(hours=hours)  # noqa: E731
    got = [(lb.kind, lb.name, lb.start, lb.end, lb.symptoms, lb.entry) for lb in s.labels()]
    assert got == [
        ("change", "model_version", at(1.5), at(3.5), ("hallucination_rate", "task_completion"), 0),
        ("fault", "latency", at(2), at(2 + 1 / 3), ("latency_slo",), 1),
        ("fault", "errors", at(2), at(2 + 1 / 3), ("availability", "error_rate"), 1),
        ("fault", "latency", at(2 + 1 / 6), at(2.5), ("latency_slo",), 2),
        ("fault", "jitter", at(2 + 1 / 6), at(2.5), ("latency_slo",), 2),
        ("traffic", "traffic_shift", at(3), at(4), ("input_drift", "throughput"), 3),
        ("change", "model_version", at(3.5), at(4), (), 4),
        (
            "change",
            "retrieval_index",
            at(3.5),
            at(4),
            ("retrieval_precision", "task_completion"),
            4,
        ),
    ]
    first = s.labels()[0]
    assert first.description == "bad model rollout"
    assert first.details == {"kind": "model", "from_version": "v1", "to_version": "v2-regressed"}


def test_label_as_dict_is_json_with_utc_times() -> None:
    label = load_scenario("latency").labels()[0]
    data = json.loads(json.dumps(label.as_dict()))
    assert data == {
        "scenario": "latency",
        "kind": "fault",
        "name": "latency",
        "start": "2026-11-30T01:00:00Z",
        "end": "2026-11-30T02:00:00Z",
        "symptoms": ["latency_slo"],
        "description": "GPU contention adds 1.5 s to every request",
        "details": {"latency_ms": 1500},
        "entry": 0,
    }


@pytest.mark.parametrize(
    ("faults", "name", "symptoms", "details"),
    [
        ("{spike_rate: 0.1, spike_ms: 5000}", "latency_spike", ("latency_slo",), None),
        ("{rate_limit_rate: 0.2}", "rate_limit", ("availability", "error_rate"), None),
        ("{timeout_rate: 0.1, timeout_s: 20}", "timeout", None, {"timeout_s": 20}),
        ("{stream_cut_rate: 0.3}", "stream_cut", ("stream_errors",), None),
        ("{malformed_json_rate: 0.3}", "malformed_json", ("parse_errors",), None),
        ("{retrieval_down: true}", "retrieval_down", ("retrieval_precision",), None),
        ("{retrieval_down: true, retrieval_down_mode: error}", "retrieval_down", None, None),
        ("{context_window: 200}", "context_window", ("context_overflow",), None),
    ],
)
def test_each_fault_kind_is_labelled_with_its_symptoms(
    faults: str,
    name: str,
    symptoms: tuple[str, ...] | None,
    details: dict[str, Any] | None,
) -> None:
    s = parse(f"name: f\nduration: 1h\ntimeline:\n  - {{from: 10m, to: 20m, faults: {faults}}}\n")
    (label,) = s.labels()
    assert (label.kind, label.name) == ("fault", name)
    if symptoms is not None:
        assert label.symptoms[: len(symptoms)] == symptoms
    if details is not None:
        assert details.items() <= label.details.items()
    if "mode: error" in faults:
        assert label.symptoms == ("availability", "error_rate")


def test_version_labels_name_the_playbook_symptoms() -> None:
    symptoms = {
        (lb.details["to_version"]): lb.symptoms
        for name in ("over-cautious-model", "corrupted-index", "stale-index", "prompt-change")
        for lb in load_scenario(name).labels()
    }
    assert "refusal_rate" in symptoms["v1-cautious"]
    assert "retrieval_precision" in symptoms["stale"]
    assert "retrieval_precision" in symptoms["corrupted"]
    assert symptoms["p2"] == ()
    assert symptoms["fresh"] == ()


# -- times ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (90, 90),
        (1.5, 1.5),
        ("90", 90),
        ("45s", 45),
        ("90m", 5400),
        ("6h", 21600),
        ("1d", 86400),
        ("1h30m", 5400),
        ("1.5h", 5400),
        ("01:30", 5400),
        ("1:30", 5400),
        ("01:30:15", 5415),
        ("25:00", 90000),
    ],
)
def test_times_in_every_form(value: Any, seconds: float) -> None:
    assert parse_seconds(value) == seconds


@pytest.mark.parametrize("value", ["soon", "", "1:75", "-5m", "h", -1, True, None, "1h 2x"])
def test_bad_times(value: Any) -> None:
    with pytest.raises(ValueError):
        parse_seconds(value)


def test_unquoted_clock_times_are_hours_and_minutes() -> None:
    # YAML 1.1 would read 1:30 as the base-60 integer 90.
    s = parse("name: t\nduration: 2h\ntimeline:\n  - at: 1:30\n    deploy: {prompt: p2}\n")
    assert s.changes()[0].at_s == 5400
    assert format_offset(5400) == "01:30"
    assert format_offset(5415) == "01:30:15"


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (None, datetime(2026, 11, 30, tzinfo=UTC)),
        ("2026-12-01T08:00:00Z", datetime(2026, 12, 1, 8, tzinfo=UTC)),
        ('"2026-12-01T10:00:00+02:00"', datetime(2026, 12, 1, 8, tzinfo=UTC)),
        ("2026-12-01", datetime(2026, 12, 1, tzinfo=UTC)),
    ],
)
def test_start(start: str | None, expected: datetime) -> None:
    text = "name: t\nduration: 1h\n" + (f"start: {start}\n" if start else "")
    s = parse(text)
    assert s.start == expected
    assert s.start.tzinfo == UTC


# -- errors --------------------------------------------------------------------------------

BAD = [
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - at: 00:10\n   deploy: {model: v1}\n",
        5,
        None,
        "not valid YAML",
        id="yaml-syntax",
    ),
    pytest.param(
        "name: x\nduration: 1h\ndurtion: 2h\n",
        3,
        "durtion",
        "unknown key 'durtion'; did you mean 'duration'?",
        id="unknown-top-level-key",
    ),
    pytest.param(
        "# a comment\nname: x\ntimeline: []\n",
        2,
        "duration",
        "required key is missing",
        id="missing-duration",
    ),
    pytest.param("duration: 1h\n", 1, "name", "required key is missing", id="missing-name"),
    pytest.param("name: x\nduration: 0\n", 2, "duration", "longer than 0", id="zero-duration"),
    pytest.param(
        "name: x\nduration: 1h\nseed: lucky\n", 3, "seed", "must be an integer", id="bad-seed"
    ),
    pytest.param(
        "name: x\nduration: 1h\nstart: 2026-11-30T00:00:00\n",
        3,
        "start",
        "has no timezone",
        id="naive-start",
    ),
    pytest.param(
        "name: x\nduration: 1h\ninitial:\n  model: v9\n",
        4,
        "initial.model",
        "unknown model version 'v9'; allowed: v1, v2-regressed, v1-cautious",
        id="unknown-initial-version",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - at: 00:10\n    deploy:\n      index: rotten\n",
        6,
        "timeline[0].deploy.index",
        "unknown index version 'rotten'; allowed: fresh, stale, corrupted",
        id="unknown-deploy-version",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - at: 00:10\n    deploy: {kernel: v2}\n",
        5,
        "timeline[0].deploy.kernel",
        "unknown version kind 'kernel'",
        id="unknown-version-kind",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - at: 02:00\n    deploy: {model: v2-regressed}\n",
        4,
        "timeline[0].at",
        "02:00 is not before the end (01:00)",
        id="at-beyond-duration",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n"
        "  - from: 00:30\n    to: 00:20\n    faults: {latency_ms: 5}\n",
        5,
        "timeline[0].to",
        "00:20 is not after from (00:30)",
        id="to-before-from",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n"
        "  - from: 00:30\n    to: 00:30\n    faults: {latency_ms: 5}\n",
        5,
        "timeline[0].to",
        "is not after from",
        id="to-equals-from",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n"
        "  - from: 00:30\n    to: 2h\n    faults: {error_rate: 1}\n",
        5,
        "timeline[0].to",
        "02:00 is after the end (01:00)",
        id="to-beyond-duration",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - from: soon\n    faults: {latency_ms: 5}\n",
        4,
        "timeline[0].from",
        "expected a duration like 90m",
        id="unparseable-time",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - from: 00:30\n    faults:\n      latency: 5\n",
        6,
        "timeline[0].faults.latency",
        "unknown fault 'latency'; did you mean 'latency_ms'?",
        id="unknown-fault",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - from: 00:10\n    to: 00:20\n    faults: {}\n",
        6,
        "timeline[0].faults",
        "no fault given",
        id="empty-faults",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n"
        "  - from: 00:10\n    to: 00:20\n    faults: {jitter_ms: 1}\n"
        "  - from: 00:30\n    to: 00:40\n    faults:\n"
        "      error_rate: 0.1\n      latency_ms: -5\n",
        11,
        "timeline[1].faults.latency_ms",
        "must be a non-negative number, got -5",
        id="bad-fault-value",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - from: 0\n    faults: {error_rate: 1.5}\n",
        5,
        "timeline[0].faults.error_rate",
        "must be a number in [0, 1], got 1.5",
        id="bad-fault-rate",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - from: 0\n    faults: {retrieval_down_mode: off}\n",
        5,
        "timeline[0].faults.retrieval_down_mode",
        "must be 'degrade' or 'error'",
        id="bad-fault-choice",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n"
        "  - at: 00:10\n    from: 00:20\n    deploy: {model: v2-regressed}\n",
        5,
        "timeline[0].from",
        "either at (a change at an instant) or from/to (a window), not both",
        id="at-and-from",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - to: 00:20\n    faults: {latency_ms: 5}\n",
        4,
        "timeline[0].to",
        "to without from",
        id="to-without-from",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - deploy: {model: v2-regressed}\n",
        4,
        "timeline[0]",
        "the entry has no time",
        id="no-time",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - at: 00:10\n    description: nothing\n",
        4,
        "timeline[0]",
        "the entry does nothing",
        id="no-action",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - at: 00:10\n    faults: {latency_ms: 5}\n",
        5,
        "timeline[0].faults",
        "faults hold over a window",
        id="faults-at-an-instant",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - from: 00:10\n    deploy: {model: v2-regressed}\n",
        5,
        "timeline[0].deploy",
        "a deploy happens at an instant",
        id="deploy-over-a-window",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - at: 00:10\n    deploy: {model: v1}\n",
        5,
        "timeline[0].deploy.model",
        "model v1 is already served at 00:10 (since the start)",
        id="deploy-changes-nothing",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - {at: 00:10, deploy: {model: v1-cautious}}\n"
        "  - {at: 00:10, deploy: {model: v2-regressed}}\n",
        5,
        "timeline[1].deploy.model",
        "timeline[0] already deploys model at 00:10",
        id="two-deploys-at-once",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline:\n  - at: 00:10\n    dploy: {model: v2-regressed}\n",
        5,
        "timeline[0].dploy",
        "unknown entry key 'dploy'; did you mean 'deploy'?",
        id="unknown-entry-key",
    ),
    pytest.param(
        "name: x\nduration: 1h\ntimeline: {at: 1}\n",
        3,
        "timeline",
        "must be a list of entries",
        id="timeline-not-a-list",
    ),
    pytest.param(
        "name: x\nduration: 1h\nname: y\n", 3, "name", "the key is repeated", id="repeated-key"
    ),
    pytest.param("- a\n- b\n", 1, None, "must be a mapping, got a list", id="not-a-mapping"),
    pytest.param("", 1, None, "the scenario is empty", id="empty"),
    pytest.param(
        "name: two words\nduration: 1h\n", 1, "name", "is not a short name", id="bad-name"
    ),
]


@pytest.mark.parametrize(("text", "line", "field", "message"), BAD)
def test_errors_name_the_line_and_the_field(
    text: str, line: int, field: str | None, message: str
) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "scenarios/x.yaml")
    error = info.value
    assert (error.source, error.line, error.field) == ("scenarios/x.yaml", line, field)
    assert message in error.reason
    prefix = f"scenarios/x.yaml:{line}: " + (f"{field}: " if field else "")
    assert str(error).startswith(prefix + error.reason)


def test_the_error_reads_like_a_compiler_message() -> None:
    text = (
        "name: x\nduration: 1h\ntimeline:\n"
        + "  - {at: 00:05, deploy: {prompt: p2}}\n"
        + "  - {from: 00:10, to: 00:20, faults: {jitter_ms: 5}}\n"
        + "  - from: 00:30\n    faults:\n      latency_ms: -5\n"
    )
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "scenarios/x.yaml")
    assert str(info.value) == (
        "scenarios/x.yaml:8: timeline[2].faults.latency_ms: must be a non-negative number, got -5"
    )


# -- the traffic hook ----------------------------------------------------------------------


def test_without_a_validator_traffic_is_a_plain_mapping() -> None:
    s = parse("name: t\nduration: 1h\ntraffic: {anything: [1, 2]}\n")
    assert s.traffic == {"anything": [1, 2]}
    with pytest.raises(ScenarioError, match="traffic: must be a mapping"):
        parse("name: t\nduration: 1h\ntraffic: [1, 2]\n")


def test_the_validator_sees_the_top_level_traffic_and_each_window_merged_onto_it() -> None:
    seen: list[dict[str, Any]] = []
    parse(
        "name: t\nduration: 1h\ntraffic: {rate_per_s: 2}\n"
        "timeline:\n  - from: 10m\n    traffic: {golden_share: 0.5}\n",
        traffic_validator=seen.append,
    )
    assert seen == [{"rate_per_s": 2}, {"rate_per_s": 2, "golden_share": 0.5}]


def test_validator_errors_point_at_the_field_they_name() -> None:
    with pytest.raises(ScenarioError) as info:
        parse(
            "name: t\nduration: 1h\ntraffic:\n  stream_share: 2\n", traffic_validator=strict_traffic
        )
    assert (info.value.line, info.value.field) == (4, "traffic.stream_share")
    assert info.value.reason == "must be in [0, 1], got 2"

    def owned(data: dict[str, Any]) -> object:
        if "bursts" in data:
            raise ValueError("Profile.bursts[0].multiplier must be a number >= 1, got 0")
        return data

    text = "name: t\nduration: 1h\ntraffic:\n  bursts:\n    - {multiplier: 0}\n"
    with pytest.raises(ScenarioError) as info:
        parse(text, traffic_validator=owned)
    assert (info.value.line, info.value.field) == (5, "traffic.bursts[0].multiplier")
    assert info.value.reason == "must be a number >= 1, got 0"
    text = (
        "name: t\nduration: 1h\ntimeline:\n  - from: 10m\n    to: 20m\n    traffic:\n"
        "      languages: {en: 1}\n      query_typs: {numeric: 1}\n"
    )
    with pytest.raises(ScenarioError) as info:
        parse(text, traffic_validator=strict_traffic)
    assert (info.value.line, info.value.field) == (8, "timeline[0].traffic.query_typs")
    assert "unknown traffic field 'query_typs'" in info.value.reason


def test_the_bundled_scenarios_pass_the_traffic_profiles_own_check() -> None:
    traffic = pytest.importorskip("aisre.demo.traffic")
    for name in bundled_scenarios():
        load_scenario(name, traffic_validator=traffic.TrafficProfile.from_dict)
    with pytest.raises(ScenarioError) as info:
        parse(
            "name: t\nduration: 1h\ntraffic:\n  rate_per_s: -1\n",
            traffic_validator=traffic.TrafficProfile.from_dict,
        )
    assert (info.value.line, info.value.field) == (4, "traffic.rate_per_s")


def test_a_validator_error_about_the_merge_points_at_the_window() -> None:
    def needs_both(data: dict[str, Any]) -> object:
        if data.get("rate_per_s", 1) * data.get("golden_share", 0) > 1:
            raise ValueError("too many golden questions per second")
        return data

    text = (
        "name: t\nduration: 1h\ntraffic: {rate_per_s: 4}\n"
        "timeline:\n  - from: 10m\n    traffic: {golden_share: 0.5}\n"
    )
    with pytest.raises(ScenarioError) as info:
        parse(text, traffic_validator=needs_both)
    assert (info.value.line, info.value.field) == (6, "timeline[0].traffic")
    assert info.value.reason.startswith("together with the top-level traffic:")


# -- the public surface and its documentation ---------------------------------------------


def test_the_public_surface_is_pinned() -> None:
    assert sorted(scenario_pkg.__all__) == [
        "DEFAULT_SERVICE",
        "DEFAULT_START",
        "DEFAULT_VERSIONS",
        "ENTRY_KEYS",
        "FAULT_KINDS",
        "Label",
        "LabelKind",
        "SYMPTOMS",
        "Scenario",
        "ScenarioError",
        "ScheduledChange",
        "TOP_KEYS",
        "TimelineEntry",
        "TrafficValidator",
        "VERSION_KINDS",
        "VERSION_SYMPTOMS",
        "VersionKind",
        "bundled_scenarios",
        "format_offset",
        "load_scenario",
        "parse_scenario",
        "parse_seconds",
    ]


def test_the_documentation_covers_every_key_scenario_and_symptom() -> None:
    doc = DOCS.read_text(encoding="utf-8")
    for key in (*TOP_KEYS, *ENTRY_KEYS):
        assert f"`{key}`" in doc, key
    for name in bundled_scenarios():
        assert f"`{name}`" in doc, name
    for symptom in SYMPTOMS:
        assert f"`{symptom}`" in doc, symptom
    for name in scenario_pkg.FAULT_KINDS:
        assert f"`{name}`" in doc, name
