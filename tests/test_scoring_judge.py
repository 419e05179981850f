"""The LLM judge over a real HTTP endpoint: majority of k, versioned prompts, failures as errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from aisre.core import Interaction, JudgeConfig, ScoringConfig, SimulatedClock
from aisre.scoring import (
    PROMPTS,
    JudgeError,
    OpenAIJudge,
    ScorerContext,
    Verdict,
    judge_from_config,
    run_scorers,
)

from .helpers import serving

#: What the fake judge answers, in turn; "500" answers HTTP 500.
SCRIPT: list[str] = []
SEEN: list[dict[str, Any]] = []


async def completions(request: Request) -> Response:
    body = await request.json()
    SEEN.append(body)
    answer = SCRIPT.pop(0)
    if answer == "500":
        return JSONResponse({"error": {"message": "overloaded"}}, status_code=500)
    return JSONResponse(
        {"choices": [{"index": 0, "message": {"role": "assistant", "content": answer}}]}
    )


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    app = Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])
    with serving(app) as base:
        yield base


MADE: list[OpenAIJudge] = []


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    SCRIPT.clear()
    SEEN.clear()
    yield
    while MADE:
        MADE.pop().close()


def judge(url: str, samples: int = 3) -> OpenAIJudge:
    made = OpenAIJudge(JudgeConfig(url=url, model="judge-1", samples=samples, timeout_s=5))
    MADE.append(made)
    return made


def test_the_majority_of_k_answers_wins(url: str) -> None:
    SCRIPT[:] = ["Unsupported.", "supported", "UNSUPPORTED: the passage says 24 hours"]
    verdict = judge(url).judge("grounding", {"context": "24 hours", "claim": "48 hours"})
    assert verdict.label == "unsupported" and verdict.agreement == pytest.approx(2 / 3)
    assert verdict.votes == ("unsupported", "supported", "unsupported")
    assert (verdict.prompt, verdict.prompt_version) == ("grounding", PROMPTS["grounding"].version)
    assert [b["temperature"] for b in SEEN] == [0, 0, 0]
    assert [b["seed"] for b in SEEN] == [0, 1, 2] and SEEN[0]["model"] == "judge-1"
    assert "48 hours" in SEEN[0]["messages"][1]["content"]


def test_no_verdict_without_a_clear_majority(url: str) -> None:
    SCRIPT[:] = ["supported", "unsupported"]
    with pytest.raises(JudgeError, match="no majority"):
        judge(url, samples=2).judge("grounding", {"context": "c", "claim": "c"})
    SCRIPT[:] = ["I am not sure."]
    with pytest.raises(JudgeError, match="names none of"):
        judge(url, samples=1).judge("grounding", {"context": "c", "claim": "c"})
    SCRIPT[:] = ["500"]
    with pytest.raises(JudgeError, match="answered 500"):
        judge(url, samples=1).judge("grounding", {"context": "c", "claim": "c"})
    with pytest.raises(JudgeError, match="needs the variable 'claim'"):
        judge(url, samples=1).judge("grounding", {"context": "c"})


def test_an_unreachable_judge_is_an_error_score_never_a_verdict() -> None:
    class Judged:
        name: ClassVar[str] = "judged"
        version: ClassVar[str] = "1"

        def __init__(self, context: ScorerContext) -> None:
            self.context = context

        def score(self, interaction: Interaction) -> Verdict | None:
            assert self.context.judge is not None
            verdict = self.context.judge.judge(
                "grounding", {"context": "x", "claim": interaction.output}
            )
            return Verdict(verdict.agreement, verdict.label == "supported", verdict.label)

    config = JudgeConfig(url="http://127.0.0.1:9", samples=1, timeout_s=1)
    unreachable = OpenAIJudge(config)
    MADE.append(unreachable)
    context = ScorerContext(ScoringConfig(judge=config), judge=unreachable)
    at = datetime(2026, 11, 30, tzinfo=UTC)
    item = Interaction(id="i", service="s", timestamp=at, latency_ms=1, output="claim")
    (score,) = run_scorers([Judged(context)], item, SimulatedClock(at))
    assert score.passed is None and score.error is not None and "JudgeError" in score.error


def test_no_judge_unless_configured() -> None:
    assert judge_from_config(JudgeConfig()) is None
