"""What users say about their answers: thumbs, hallucination reports and comments.

Few users give feedback, and unhappy ones more often: the model turns what
happened to a request (:class:`Outcome`) into the chance that its user is
unhappy — errors, slowness, refusals of answerable questions, wrong or
unsupported answers — and draws from that whether the user responds, with a
thumbs up or down, a hallucination report, a comment. So the feedback rate
follows the real quality of the answers, as the SLOs built on it expect.

The draws hash the model's seed with the request's ``seq`` and ``seed``:
the feedback on a request is the same whatever order requests are judged in.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from statistics import NormalDist

from aisre.core import FeedbackKind

from ._request import TrafficRequest

__all__ = ["FeedbackEvent", "FeedbackModel", "Outcome"]

_Draw = Callable[[], float]
_MASK = (1 << 64) - 1
_NORMAL = NormalDist()
# The chance that a responding user is unhappy, per problem with the answer.
_UNHAPPY = {"error": 0.97, "refused": 0.8, "declined": 0.15, "off_topic": 0.5, "wrong": 0.7}
_UNSUPPORTED = 0.55
_BASELINE_UNHAPPY = 0.08  # some users dislike even a good answer
# Median seconds after the answer, and the log-normal spread.
_DELAYS = {"thumbs": (6.0, 0.8), "hallucination_report": (40.0, 0.7), "comment": (60.0, 0.7)}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one request, as the runner observed it.

    Attributes:
        ok: HTTP 200 and a complete answer.
        latency_ms: How long the user waited for the whole answer.
        refused: The answer declines or refuses.
        supported: Whether the answer is supported by the retrieved context (None: unknown).
        correct: For golden questions, whether the answer was judged correct (None otherwise).
    """

    ok: bool
    latency_ms: float
    refused: bool
    supported: bool | None = None
    correct: bool | None = None

    def __post_init__(self) -> None:
        latency = self.latency_ms
        if isinstance(latency, bool) or not isinstance(latency, int | float) or not latency >= 0:
            raise ValueError(f"Outcome.latency_ms must be a number >= 0, got {latency!r}")


@dataclass(frozen=True, slots=True)
class FeedbackEvent:
    """One piece of feedback on an answer.

    Attributes:
        kind: ``thumbs_up``, ``thumbs_down``, ``hallucination_report`` or ``comment``.
        delay_s: Seconds after the answer that the user gives it.
        comment: The text of a comment (empty for the other kinds).
    """

    kind: FeedbackKind
    delay_s: float
    comment: str = ""


@cache
def _comments() -> dict[str, dict[str, list[str]]]:
    text = (files("aisre.demo.traffic") / "comments.json").read_text(encoding="utf-8")
    data: dict[str, dict[str, list[str]]] = json.loads(text)
    data.pop("about")
    return data


class FeedbackModel:
    """Draws users' feedback on their answers.

    Args:
        seed: The seed of every draw.
        response_rate: Share of users who give feedback on a satisfying answer.
        complaint_boost: An unhappy user responds up to ``1 + complaint_boost``
            times as often.
        hallucination_rate: Share of responders who report a hallucination when
            the answer is wrong, unsupported or off-topic (and not a refusal).
        false_report_rate: Share of responders who report one on a good answer.
        comment_rate: Share of unhappy responders who also comment (a third of
            that for happy ones).
        slow_ms: Above this latency users start to mind; at four times it, most do.

    Example:
        >>> model = FeedbackModel(seed=1)
        >>> events = model.feedback(request, Outcome(ok=False, latency_ms=120, refused=False))

        ``events`` is empty for most requests; on a failed one about one user
        in five responds, nearly always with a thumbs-down.
    """

    def __init__(
        self,
        seed: int,
        *,
        response_rate: float = 0.08,
        complaint_boost: float = 2.0,
        hallucination_rate: float = 0.4,
        false_report_rate: float = 0.01,
        comment_rate: float = 0.15,
        slow_ms: float = 3000.0,
    ) -> None:
        rates = {
            "response_rate": response_rate,
            "hallucination_rate": hallucination_rate,
            "false_report_rate": false_report_rate,
            "comment_rate": comment_rate,
        }
        for name, value in rates.items():
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"FeedbackModel.{name} must be in [0, 1], got {value!r}")
        if not complaint_boost >= 0:
            raise ValueError(f"FeedbackModel.complaint_boost must be >= 0, got {complaint_boost!r}")
        if not slow_ms > 0:
            raise ValueError(f"FeedbackModel.slow_ms must be > 0, got {slow_ms!r}")
        self._seed = _mix(seed & _MASK)
        self.response_rate = response_rate
        self.complaint_boost = complaint_boost
        self.hallucination_rate = hallucination_rate
        self.false_report_rate = false_report_rate
        self.comment_rate = comment_rate
        self.slow_ms = slow_ms

    def problems(self, request: TrafficRequest, outcome: Outcome) -> dict[str, float]:
        """What is wrong with the answer, each with the chance that it makes its user unhappy."""
        if not outcome.ok:
            return {"error": _UNHAPPY["error"]}
        found: dict[str, float] = {}
        answerable = request.query_type != "out-of-scope"
        if outcome.refused:
            found["refused"] = _UNHAPPY["refused" if answerable else "declined"]
        elif not answerable:
            found["wrong"] = _UNHAPPY["off_topic"]
        elif outcome.correct is False or outcome.supported is False:
            found["wrong"] = _UNHAPPY["wrong"] if outcome.correct is False else _UNSUPPORTED
        over = outcome.latency_ms / self.slow_ms - 1.0
        if over > 0:
            found["slow"] = min(0.6, 0.15 + 0.15 * over)
        return found

    def feedback(self, request: TrafficRequest, outcome: Outcome) -> list[FeedbackEvent]:
        """The feedback the user of ``request`` gives on ``outcome``: mostly none."""
        problems = self.problems(request, outcome)
        problem = 1.0 - math.prod(1.0 - p for p in problems.values())
        draw = self._draws(request)
        respond = min(1.0, self.response_rate * (1.0 + self.complaint_boost * problem))
        if draw() >= respond:
            return []
        events: list[FeedbackEvent] = []
        reported = draw() < self._report_rate(outcome, problems)
        if reported:
            events.append(
                FeedbackEvent("hallucination_report", self._delay(draw, "hallucination_report"))
            )
        unhappy = reported or draw() < _BASELINE_UNHAPPY + (1 - _BASELINE_UNHAPPY) * problem
        kind: FeedbackKind = "thumbs_down" if unhappy else "thumbs_up"
        events.insert(0, FeedbackEvent(kind, self._delay(draw, "thumbs")))
        if draw() < (self.comment_rate if unhappy else self.comment_rate / 3):
            reason = "good" if not unhappy else "unhelpful"
            if unhappy and problems:
                reason = max(problems, key=problems.__getitem__)
            bank = _comments().get(request.language, _comments()["en"])[reason]
            text = bank[int(draw() * len(bank))]
            events.append(FeedbackEvent("comment", self._delay(draw, "comment"), text))
        return events

    def _report_rate(self, outcome: Outcome, problems: dict[str, float]) -> float:
        if not outcome.ok or outcome.refused:
            return 0.0
        return self.hallucination_rate if "wrong" in problems else self.false_report_rate

    def _delay(self, draw: _Draw, kind: str) -> float:
        median, sigma = _DELAYS[kind]
        z = _NORMAL.inv_cdf(min(max(draw(), 1e-12), 1 - 1e-12))
        return round(median * math.exp(sigma * z), 3)

    def _draws(self, request: TrafficRequest) -> _Draw:
        """Uniform draws in [0, 1) that depend only on the model's seed and the request."""
        key = _mix(self._seed ^ _mix((request.seq << 32) ^ (request.seed & 0xFFFFFFFF)))
        counter = 0

        def draw() -> float:
            nonlocal counter
            counter += 1
            return (_mix(key + counter) >> 11) * 2.0**-53

        return draw


def _mix(x: int) -> int:
    """splitmix64's finaliser: a 64-bit integer hash with good avalanche."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)
