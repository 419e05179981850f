"""The ground truth of a scenario: what happened when, and what a detector should see.

Each label is one thing that went wrong (or changed) over a span of time,
with the symptoms the playbook says it shows. Detectors are scored against
them: did an alert fire within the span, on the right symptom?

* a **change** label per version switch, from the switch to the next switch
  of the same kind (or the end); a switch to a good version (a rollback)
  expects no symptom;
* a **fault** label per fault kind a window sets, over the window;
* a **traffic** label per window that overrides the traffic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from aisre.demo.service._faults import NO_FAULTS

from ._times import format_offset

if TYPE_CHECKING:
    from ._entries import TimelineEntry
    from ._spec import Scenario

__all__ = ["FAULT_KINDS", "SYMPTOMS", "VERSION_SYMPTOMS", "Label", "LabelKind", "scenario_labels"]

LabelKind = Literal["fault", "change", "traffic"]

#: The symptoms labels name, and what each means.
SYMPTOMS: dict[str, str] = {
    "latency_slo": "p95/p99 latency rises past its objective",
    "availability": "the share of good answers (ok and fast enough) drops",
    "error_rate": "the share of failed requests (5xx, 429, 504) rises",
    "stream_errors": "streamed answers end without their final chunk",
    "parse_errors": "structured (JSON) answers fail to parse or validate",
    "context_overflow": "requests are rejected as longer than the context window (400)",
    "hallucination_rate": "answers unsupported by the retrieved context rise",
    "refusal_rate": "answerable questions are refused more often",
    "retrieval_precision": "the retrieved chunks are less relevant, or missing",
    "task_completion": "the share of correct answers drops",
    "input_drift": "the mix of query types, languages or settings shifts",
    "throughput": "the request rate changes",
}

#: Fault kind -> (the field that turns it on, fields that shape it, symptoms).
FAULT_KINDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "latency": ("latency_ms", (), ("latency_slo",)),
    "jitter": ("jitter_ms", (), ("latency_slo",)),
    "latency_spike": ("spike_rate", ("spike_ms",), ("latency_slo",)),
    "errors": ("error_rate", (), ("availability", "error_rate")),
    "rate_limit": ("rate_limit_rate", ("retry_after_s",), ("availability", "error_rate")),
    "timeout": ("timeout_rate", ("timeout_s",), ("availability", "error_rate", "latency_slo")),
    "stream_cut": ("stream_cut_rate", (), ("stream_errors",)),
    "malformed_json": ("malformed_json_rate", (), ("parse_errors",)),
    "retrieval_down": (
        "retrieval_down",
        ("retrieval_down_mode",),
        ("retrieval_precision", "hallucination_rate"),
    ),
    "context_window": ("context_window", (), ("context_overflow",)),
}
_RETRIEVAL_ERROR_SYMPTOMS = ("availability", "error_rate")

#: (kind, version) -> the symptoms of serving it; good versions have none.
VERSION_SYMPTOMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("model", "v2-regressed"): ("hallucination_rate", "task_completion"),
    ("model", "v1-cautious"): ("refusal_rate", "task_completion"),
    ("index", "stale"): ("retrieval_precision", "task_completion"),
    ("index", "corrupted"): ("retrieval_precision", "refusal_rate", "task_completion"),
}

#: Traffic fields that change how much traffic comes rather than what it asks.
_LOAD_FIELDS = frozenset({"rate_per_s", "diurnal_amplitude", "peak_hour", "bursts"})


@dataclass(frozen=True, slots=True)
class Label:
    """One labelled span of a scenario.

    Attributes:
        scenario: The scenario's name.
        kind: ``"change"``, ``"fault"`` or ``"traffic"``.
        name: What it is: ``model_version``, ``latency``, ``errors``, ``traffic_shift``...
        start: When it starts (UTC).
        end: When it ends (exclusive).
        symptoms: The symptoms it should show (keys of :data:`SYMPTOMS`); none
            for a harmless change, such as a rollback.
        description: The timeline entry's description, or a generated one.
        details: The versions, fault values or traffic overrides.
        entry: The index of the timeline entry it comes from.
    """

    scenario: str
    kind: LabelKind
    name: str
    start: datetime
    end: datetime
    symptoms: tuple[str, ...]
    description: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    entry: int = -1

    def as_dict(self) -> dict[str, Any]:
        """The label as a JSON object (times in ISO 8601 with ``Z``), e.g. for JSONL."""
        return {
            "scenario": self.scenario,
            "kind": self.kind,
            "name": self.name,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "symptoms": list(self.symptoms),
            "description": self.description,
            "details": dict(self.details),
            "entry": self.entry,
        }


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def scenario_labels(scenario: Scenario) -> list[Label]:
    """Every label of ``scenario``, by start time, then timeline entry."""
    labels = _change_labels(scenario)
    for entry in scenario.timeline:
        if entry.end_s is not None:
            labels.extend(_fault_labels(scenario, entry, entry.end_s))
            if entry.traffic:
                labels.append(_traffic_label(scenario, entry, entry.end_s))
    return sorted(labels, key=lambda label: (label.start, label.entry))


def _change_labels(scenario: Scenario) -> list[Label]:
    changes = scenario.changes()
    labels = []
    for i, change in enumerate(changes):
        later = [c.at_s for c in changes[i + 1 :] if c.kind == change.kind]
        end_s = later[0] if later else scenario.duration_s
        labels.append(
            Label(
                scenario.name,
                "change",
                change.change_kind,
                scenario.time_of(change.at_s),
                scenario.time_of(end_s),
                VERSION_SYMPTOMS.get((change.kind, change.to_version), ()),
                change.description or f"{change.kind} {change.from_version} -> {change.to_version}",
                {
                    "kind": change.kind,
                    "from_version": change.from_version,
                    "to_version": change.to_version,
                },
                change.entry,
            )
        )
    return labels


def _fault_labels(scenario: Scenario, entry: TimelineEntry, end_s: float) -> list[Label]:
    labels = []
    span = f"from {format_offset(entry.start_s)} to {format_offset(end_s)}"
    for name, (primary, shaping, symptoms) in FAULT_KINDS.items():
        value = entry.faults.get(primary, getattr(NO_FAULTS, primary))
        if value == getattr(NO_FAULTS, primary):
            continue  # not set here, or set back to "none" under an overlapping window
        details = {primary: value}
        details.update({f: entry.faults.get(f, getattr(NO_FAULTS, f)) for f in shaping})
        if name == "retrieval_down" and details["retrieval_down_mode"] == "error":
            symptoms = _RETRIEVAL_ERROR_SYMPTOMS
        labels.append(
            Label(
                scenario.name,
                "fault",
                name,
                scenario.time_of(entry.start_s),
                scenario.time_of(end_s),
                symptoms,
                entry.description or f"{primary} {value} {span}",
                details,
                entry.index,
            )
        )
    return labels


def _traffic_label(scenario: Scenario, entry: TimelineEntry, end_s: float) -> Label:
    keys = set(entry.traffic)
    symptoms: tuple[str, ...] = ("input_drift",) if keys - _LOAD_FIELDS else ()
    if keys & _LOAD_FIELDS:
        symptoms += ("throughput",)
    return Label(
        scenario.name,
        "traffic",
        "traffic_shift",
        scenario.time_of(entry.start_s),
        scenario.time_of(end_s),
        symptoms,
        entry.description or f"traffic {', '.join(sorted(keys))} changed",
        {"traffic": dict(entry.traffic)},
        entry.index,
    )
