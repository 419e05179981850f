"""Run-time faults of the reference service: latency, errors, timeouts, cut streams, ...

A :class:`Faults` value says how often each fault happens; :func:`decide`
draws, for one request, what happens to it, from an injected
``random.Random``, so the plan is testable without HTTP.

Example:
    >>> faults = Faults(latency_ms=200, error_rate=0.1)
    >>> decision = decide(faults, random.Random(0))
    >>> decision.delay_s >= 0.2
    True
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

__all__ = ["NO_FAULTS", "Decision", "FaultPlan", "Faults", "Outcome", "decide"]

#: What becomes of a request: answered, or failed in one of these ways.
Outcome = Literal["ok", "error", "rate_limit", "timeout"]

_RATES = (
    "spike_rate",
    "error_rate",
    "rate_limit_rate",
    "timeout_rate",
    "stream_cut_rate",
    "malformed_json_rate",
)
_TIMES = ("latency_ms", "jitter_ms", "spike_ms", "timeout_s")


@dataclass(frozen=True, slots=True)
class Faults:
    """The faults injected into the chat endpoint; the default injects none.

    Attributes:
        latency_ms: fixed latency added to every request.
        jitter_ms: uniform extra latency in ``[0, jitter_ms]``.
        spike_rate / spike_ms: share of requests that get ``spike_ms`` more.
        error_rate: share answered with a 500 or 503 server error.
        rate_limit_rate: share answered with a 429 and a ``Retry-After`` header.
        retry_after_s: the ``Retry-After`` of those 429s.
        timeout_rate: share that hang for ``timeout_s`` and then get a 504.
        stream_cut_rate: share of streamed answers that stop mid-way, without
            the final chunk or ``[DONE]``.
        malformed_json_rate: share of JSON-mode answers whose content is
            truncated into invalid JSON.
        retrieval_down: retrieval is unavailable: answers carry no chunks
            and a warning (``retrieval_down_mode="degrade"``) or are 503s
            (``"error"``).
        context_window: prompt token limit; a longer prompt is a 400
            ``context_length_exceeded``. ``None`` for no limit.
    """

    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    spike_rate: float = 0.0
    spike_ms: float = 0.0
    error_rate: float = 0.0
    rate_limit_rate: float = 0.0
    retry_after_s: int = 1
    timeout_rate: float = 0.0
    timeout_s: float = 30.0
    stream_cut_rate: float = 0.0
    malformed_json_rate: float = 0.0
    retrieval_down: bool = False
    retrieval_down_mode: Literal["degrade", "error"] = "degrade"
    context_window: int | None = None

    def __post_init__(self) -> None:
        for name in _RATES:
            value = getattr(self, name)
            if not _is_number(value) or not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be a number in [0, 1], got {value!r}")
        for name in (*_TIMES, "retry_after_s"):
            value = getattr(self, name)
            if not _is_number(value) or value < 0:
                raise ValueError(f"{name} must be a non-negative number, got {value!r}")
        if not isinstance(self.retrieval_down, bool):
            raise ValueError(f"retrieval_down must be a boolean, got {self.retrieval_down!r}")
        if self.retrieval_down_mode not in ("degrade", "error"):
            raise ValueError(
                f"retrieval_down_mode must be 'degrade' or 'error', "
                f"got {self.retrieval_down_mode!r}"
            )
        window = self.context_window
        if window is not None and (isinstance(window, bool) or not isinstance(window, int)):
            raise ValueError(f"context_window must be an integer or null, got {window!r}")
        if window is not None and window < 1:
            raise ValueError(f"context_window must be at least 1, got {window!r}")

    @classmethod
    def from_dict(cls, data: Any) -> Faults:
        """Faults from a JSON object; unknown keys and bad values raise ``ValueError``."""
        if not isinstance(data, dict):
            raise ValueError("the faults must be a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fault(s): {', '.join(map(str, unknown))}")
        return cls(**data)

    def as_dict(self) -> dict[str, Any]:
        """The faults as a JSON object."""
        return asdict(self)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


NO_FAULTS = Faults()


@dataclass(frozen=True, slots=True)
class Decision:
    """What happens to one request.

    Attributes:
        delay_s: latency to add before answering (fixed + jitter + spike).
        outcome: ``"ok"`` or the failure to answer with.
        error_status: 500 or 503 for an ``"error"`` outcome.
        stream_cut: a streamed answer stops mid-way.
        malformed_json: a JSON-mode answer is truncated.
    """

    delay_s: float = 0.0
    outcome: Outcome = "ok"
    error_status: int = 500
    stream_cut: bool = False
    malformed_json: bool = False


def decide(faults: Faults, rng: random.Random) -> Decision:
    """Draw what happens to one request under ``faults``.

    The draws are made in a fixed order whatever the rates, so a seeded
    ``rng`` replays the same decisions.
    """
    delay_ms = faults.latency_ms + rng.uniform(0.0, faults.jitter_ms)
    if rng.random() < faults.spike_rate:
        delay_ms += faults.spike_ms
    outcome: Outcome = "ok"
    draw = rng.random()
    error_status = 503 if rng.random() < 0.5 else 500
    # Exclusive outcomes: one uniform draw split into consecutive bands.
    if draw < faults.error_rate:
        outcome = "error"
    elif draw < faults.error_rate + faults.rate_limit_rate:
        outcome = "rate_limit"
    elif draw < faults.error_rate + faults.rate_limit_rate + faults.timeout_rate:
        outcome = "timeout"
    stream_cut = rng.random() < faults.stream_cut_rate
    malformed = rng.random() < faults.malformed_json_rate
    return Decision(delay_ms / 1000.0, outcome, error_status, stream_cut, malformed)


class FaultPlan:
    """Per-request decisions under ``faults``, drawn from ``rng``."""

    def __init__(self, faults: Faults, rng: random.Random) -> None:
        self.faults = faults
        self.rng = rng

    def next(self) -> Decision:
        """The decision for the next request."""
        return decide(self.faults, self.rng)
