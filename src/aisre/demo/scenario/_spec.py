"""The scenario as data, and the questions a runner asks of it while it runs.

A :class:`Scenario` is a start time, a duration, the versions served first,
the traffic, and a timeline of entries: instant *changes* (``at`` + ``deploy``)
and *windows* (``from``/``to`` + ``faults`` and/or ``traffic``). Everything
the runner needs per request (the versions, faults and traffic in force) is
computed once per segment between breakpoints and looked up by bisection.

Example:
    >>> s = Scenario(name="x", duration_s=3600, timeline=(
    ...     TimelineEntry(index=0, start_s=600, end_s=1200, faults={"latency_ms": 500}),))
    >>> s.faults_at(599).latency_ms, s.faults_at(600).latency_ms, s.faults_at(1200).latency_ms
    (0.0, 500, 0.0)
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aisre.demo.service._faults import NO_FAULTS, Faults

from ._entries import VERSION_KINDS, ScheduledChange, TimelineEntry
from ._labels import Label, scenario_labels

__all__ = ["DEFAULT_SERVICE", "DEFAULT_START", "DEFAULT_VERSIONS", "Scenario"]

DEFAULT_START = datetime(2026, 11, 30, tzinfo=UTC)
DEFAULT_VERSIONS: dict[str, str] = {"model": "v1", "prompt": "p1", "index": "fresh"}
DEFAULT_SERVICE = "support-rag"


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """A simulated stretch of a service's life: traffic, faults and deployments over time.

    Build one with :func:`load_scenario` or :func:`parse_scenario`, which
    validate every field; a direct construction is trusted. The mappings are
    shared with the queries' results: treat them as read-only.

    Queries at a time ``t_s`` (seconds from ``start``) are total: before 0 they
    answer the state at 0, from ``duration_s`` on the state at the end.

    Attributes:
        name: Short name, e.g. ``model-regression``.
        description: What the scenario shows.
        start: When it starts, timezone-aware UTC.
        duration_s: How long it lasts, in seconds.
        seed: Seed of everything random in the run.
        service: The service name the run records.
        initial: The versions served at the start, by kind.
        traffic: Overrides of the traffic profile for the whole run.
        timeline: The entries, in file order.
        source: Where it was read from, for messages.
    """

    name: str
    description: str = ""
    start: datetime = DEFAULT_START
    duration_s: float
    seed: int = 0
    service: str = DEFAULT_SERVICE
    initial: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_VERSIONS))
    traffic: dict[str, Any] = field(default_factory=dict)
    timeline: tuple[TimelineEntry, ...] = ()
    source: str = field(default="<string>", compare=False)
    _changes: list[ScheduledChange] = field(init=False, repr=False, compare=False)
    _breaks: list[float] = field(init=False, repr=False, compare=False)
    _versions: list[dict[str, str]] = field(init=False, repr=False, compare=False)
    _faults: list[Faults] = field(init=False, repr=False, compare=False)
    _traffic: list[dict[str, Any]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        if not self.duration_s > 0:
            raise ValueError(f"duration_s must be positive, got {self.duration_s!r}")
        set_ = object.__setattr__
        set_(self, "start", self.start.astimezone(UTC))
        set_(self, "initial", {**DEFAULT_VERSIONS, **self.initial})
        set_(self, "timeline", tuple(self.timeline))
        set_(self, "_changes", _replay(self.initial, self.timeline))
        starts = {e.start_s for e in self.timeline}
        ends = {e.end_s for e in self.timeline if e.end_s is not None}
        breaks = sorted(t for t in {0.0, *starts, *ends} if 0 <= t < self.duration_s)
        set_(self, "_breaks", breaks)
        set_(self, "_versions", [self._versions_from_changes(b) for b in breaks])
        windows = sorted((e for e in self.timeline if not e.is_change), key=_precedence)
        faults, traffic = [], []
        for b in breaks:
            active = [e for e in windows if e.covers(b)]
            merged_faults: dict[str, Any] = {}
            merged_traffic = dict(self.traffic)
            for entry in active:
                merged_faults.update(entry.faults)
                merged_traffic.update(entry.traffic)
            faults.append(Faults(**merged_faults) if merged_faults else NO_FAULTS)
            traffic.append(merged_traffic)
        set_(self, "_faults", faults)
        set_(self, "_traffic", traffic)

    def _versions_from_changes(self, t_s: float) -> dict[str, str]:
        versions = dict(self.initial)
        for change in self._changes:
            if change.at_s <= t_s:
                versions[change.kind] = change.to_version
        return versions

    @property
    def end(self) -> datetime:
        """When the scenario ends: ``start + duration_s``."""
        return self.time_of(self.duration_s)

    def time_of(self, t_s: float) -> datetime:
        """The datetime ``t_s`` seconds after the start."""
        return self.start + timedelta(seconds=t_s)

    def changes(self) -> list[ScheduledChange]:
        """Every version switch in time order (file order at the same instant)."""
        return list(self._changes)

    def breakpoints(self) -> list[float]:
        """Offsets where versions, faults or traffic may change: 0 first, all below the duration.

        The state is constant from one breakpoint to the next (or to the end).
        """
        return list(self._breaks)

    def _segment(self, t_s: float) -> int:
        return max(0, bisect_right(self._breaks, t_s) - 1)

    def versions_at(self, t_s: float) -> dict[str, str]:
        """The versions served at ``t_s``; a change at ``t_s`` is already in force."""
        return dict(self._versions[self._segment(t_s)])

    def faults_at(self, t_s: float) -> Faults:
        """The faults in force at ``t_s``: the windows with ``from <= t_s < to``, merged."""
        return self._faults[self._segment(t_s)]

    def traffic_at(self, t_s: float) -> dict[str, Any]:
        """The traffic overrides at ``t_s``: ``traffic`` updated by the windows in force.

        A new top-level dict on every call; nested values are shared and must
        not be changed.
        """
        return dict(self._traffic[self._segment(t_s)])

    def labels(self) -> list[Label]:
        """The ground truth: one label per change, and per fault kind and traffic window."""
        return scenario_labels(self)


def _precedence(entry: TimelineEntry) -> tuple[float, int]:
    # Overlapping windows: the later start wins a field; at the same start, the later entry.
    return (entry.start_s, entry.index)


def _replay(initial: dict[str, str], timeline: tuple[TimelineEntry, ...]) -> list[ScheduledChange]:
    current = dict(initial)
    changes = []
    for entry in sorted((e for e in timeline if e.is_change), key=_precedence):
        for kind in VERSION_KINDS:
            new = entry.deploy.get(kind)
            if new is None or new == current[kind]:
                continue
            changes.append(
                ScheduledChange(
                    entry.start_s, kind, current[kind], new, entry.description, entry.index
                )
            )
            current[kind] = new
    return changes
