"""The grounding scorer: unsupported numbers, names, dates and sentences are flagged and named."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aisre.core import Interaction, RetrievedChunk, ScoringConfig
from aisre.scoring import (
    CachedEmbedder,
    ScorerContext,
    Verdict,
    WordLlamaEmbedder,
    build_scorers,
)
from aisre.scoring._claims import split_claims
from aisre.scoring._evidence import Weights
from aisre.scoring._facts import extract_facts
from aisre.scoring._grounding import GroundingScorer
from aisre.scoring._judge import JudgeVerdict

from .conftest import need_service

HALUEVAL = (
    Path(__file__).resolve().parents[2] / "shared" / "bench" / "data" / "halueval_qa_500.jsonl"
)

SIGNUP = (
    "To create an account, register with an email address, a GitHub account or a Google "
    "account. If you sign up with email, Relay sends a verification link that is valid for "
    "24 hours; unverified accounts cannot create API keys. New workspaces start on the Free "
    "plan unless you start the Business trial."
)
PLANS = (
    "The Team plan costs $49 per month and includes 25 million messages. The Business plan "
    "costs $499 per month and includes 250 million messages. Enterprise pricing is agreed "
    "with sales."
)
RELEASE = (
    "Version 4.4.0 of the nwr CLI was released on November 12, 2026. Scheduled maintenance "
    "happens on Tuesdays between 02:00 and 04:00 UTC, announced 7 days in advance."
)
CHUNKS = (SIGNUP, PLANS, RELEASE)


@pytest.fixture(scope="module")
def scorer() -> GroundingScorer:
    context = ScorerContext(embedder_factory=lambda: CachedEmbedder(WordLlamaEmbedder()))
    return GroundingScorer(context)


def ask(
    scorer: GroundingScorer,
    answer: str,
    chunks: tuple[str, ...] = CHUNKS,
    question: str = "",
    **fields: object,
) -> Verdict | None:
    interaction = Interaction(
        service="svc",
        timestamp=datetime(2026, 11, 30, tzinfo=UTC),
        latency_ms=5.0,
        input=question,
        output=answer,
        retrieval_used=bool(chunks),
        retrieval_chunks=[RetrievedChunk(id=f"c{i}", text=t) for i, t in enumerate(chunks)],
        **fields,  # type: ignore[arg-type]
    )
    return scorer.score(interaction)


def flagged(verdict: Verdict | None, claim: str) -> Verdict:
    """The verdict flags the answer and its explanation quotes the unsupported ``claim``."""
    assert verdict is not None
    assert verdict.passed is False, verdict.explanation
    assert verdict.label in {"unsupported", "partial"}
    assert f"'{claim[:60]}" in verdict.explanation, verdict.explanation
    return verdict


def test_faithful_paraphrase_passes(scorer: GroundingScorer) -> None:
    verdict = ask(
        scorer,
        "Based on the documentation: the verification link Relay sends is valid for 24 hours, "
        "and accounts that are unverified cannot create API keys. The Team plan costs $49 a "
        "month and includes 25 million messages.",
    )
    assert verdict is not None
    assert verdict.passed is True, verdict.explanation
    assert verdict.label == "supported"
    assert verdict.value == 1.0


def test_wrong_number_is_flagged_with_what_the_passage_says(scorer: GroundingScorer) -> None:
    claim = "If you sign up with email, the verification link is valid for 48 hours."
    verdict = flagged(ask(scorer, claim), claim)
    assert "48 appears in no passage" in verdict.explanation
    assert "24 hours" in verdict.explanation
    assert verdict.value == 0.0


def test_swapped_name_is_flagged(scorer: GroundingScorer) -> None:
    # "Business" is in the passages, but not where they give the $49 price.
    claim = "The Business plan costs $49 per month and includes 25 million messages."
    verdict = flagged(ask(scorer, claim), claim)
    assert "Business" in verdict.explanation.split(": ", 2)[-1]
    # A name no passage has at all.
    claim = "To create an account, register with an email address or a GitLab account."
    verdict = flagged(ask(scorer, claim), claim)
    assert "GitLab: this name appears in no passage" in verdict.explanation


def test_wrong_date_and_weekday_are_flagged(scorer: GroundingScorer) -> None:
    claim = "Version 4.4.0 of the nwr CLI was released on October 12, 2026."
    verdict = flagged(ask(scorer, claim), claim)
    assert "October: this date appears in no passage" in verdict.explanation
    claim = "Scheduled maintenance happens on Thursdays between 02:00 and 04:00 UTC."
    verdict = flagged(ask(scorer, claim), claim)
    assert "Thursdays: this date appears in no passage" in verdict.explanation


def test_swapped_number_from_another_sentence_is_flagged(scorer: GroundingScorer) -> None:
    # 499 is in the passages, as the Business price; not as the Team price.
    claim = "The Team plan costs $499 per month."
    verdict = flagged(ask(scorer, claim), claim)
    assert "$499: the passage sentence with Team says $49" in verdict.explanation


def test_invented_sentence_is_flagged_and_named(scorer: GroundingScorer) -> None:
    invented = "Relay also exports messages directly to Snowflake through a native connector."
    verdict = flagged(
        ask(
            scorer,
            f"The Team plan costs $49 per month. {invented} Enterprise pricing is agreed "
            "with sales.",
        ),
        invented,
    )
    assert verdict.label == "partial"
    assert verdict.value == pytest.approx(2 / 3)
    assert "'snowflak'" in verdict.explanation or "Snowflake" in verdict.explanation
    assert "Team plan costs" not in verdict.explanation


def test_flipped_negation_is_flagged(scorer: GroundingScorer) -> None:
    claim = "If you sign up with email, unverified accounts can create API keys right away."
    verdict = flagged(ask(scorer, claim), claim)
    assert "creat" in verdict.explanation


def test_number_formats_match() -> None:
    same = [
        ("a 24-hour link", "valid for 24 hours"),
        ("$1,000 a year", "1000 USD per year"),
        ("25 million messages", "25,000,000 messages"),
        ("two days", "2 days"),
        ("10 percent", "10%"),
        ("5 mins", "5 minutes"),
    ]
    for left, right in same:
        a = [(f.key, f.unit) for f in extract_facts(left).facts if f.kind == "number"]
        b = [(f.key, f.unit) for f in extract_facts(right).facts if f.kind == "number"]
        assert a == b, (left, right, a, b)


def test_number_formats_pass_the_scorer(scorer: GroundingScorer) -> None:
    verdict = ask(scorer, "Relay sends a 24-hour verification link when you sign up with email.")
    assert verdict is not None and verdict.passed is True, verdict
    verdict = ask(scorer, "Team costs 49 USD per month and includes 25,000,000 messages.")
    assert verdict is not None and verdict.passed is True, verdict


def test_no_context_no_output_or_no_claim_gives_no_verdict(scorer: GroundingScorer) -> None:
    assert ask(scorer, "The Team plan costs $49 per month.", chunks=()) is None
    assert ask(scorer, "The Team plan costs $49 per month.", chunks=("   ",)) is None
    assert ask(scorer, "") is None
    assert ask(scorer, "The Team plan costs $49.", status="error") is None
    assert ask(scorer, "I'm sorry, but I can't help with that.") is None
    assert ask(scorer, "I don't have information about that in the documentation.") is None


def test_claims_skip_preambles_pleasantries_and_citations() -> None:
    claims = split_claims(
        "According to the docs, links last 24 hours [1]. Keys rotate every 90 days.[2]\n"
        "- **Team** costs $49.\nHope this helps! Let me know if you need more."
    )
    assert claims == ("links last 24 hours.", "Keys rotate every 90 days.", "Team costs $49.")


def test_registered_and_configurable() -> None:
    context = ScorerContext(embedder_factory=lambda: CachedEmbedder(WordLlamaEmbedder()))
    config = ScoringConfig(
        scorers=["grounding"], options={"grounding": {"threshold": 0.5, "embeddings": False}}
    )
    (made,) = build_scorers(config, context)
    assert isinstance(made, GroundingScorer)
    assert (made.name, made.version) == ("grounding", "1")
    assert made.weights.threshold == 0.5 and made.weights.embedding == 0.0


class FakeJudge:
    def __init__(self, label: str) -> None:
        self.label, self.asked = label, []  # type: list[str]

    def judge(self, prompt: str, variables: Mapping[str, str]) -> JudgeVerdict:
        assert prompt == "grounding"
        self.asked.append(variables["claim"])
        return JudgeVerdict(self.label, 1.0, (self.label,), prompt, "1")


def test_judge_hook_decides_undecided_claims_but_never_fact_mismatches() -> None:
    judge = FakeJudge("unsupported")
    context = ScorerContext(
        embedder_factory=lambda: CachedEmbedder(WordLlamaEmbedder()),
        judge=judge,  # type: ignore[arg-type]
    )
    scorer = GroundingScorer(context, judge_band=1.0)
    verdict = ask(scorer, "The Team plan costs $49 per month. The Team plan costs $59 per month.")
    assert verdict is not None and verdict.passed is False
    assert judge.asked == ["The Team plan costs $49 per month."]  # $59 is wrong without asking
    assert verdict.value == 0.0


def test_halueval_f1_at_least_0_95() -> None:
    need_service("the HaluEval data", HALUEVAL.exists(), f"put the shared data at {HALUEVAL}")
    context = ScorerContext(embedder_factory=lambda: CachedEmbedder(WordLlamaEmbedder()))
    scorer = GroundingScorer(context)
    tp = fp = fn = 0
    with HALUEVAL.open() as rows:
        for row in map(json.loads, rows):
            for answer, hallucinated in (
                (row["right_answer"], False),
                (row["hallucinated_answer"], True),
            ):
                verdict = scorer.check(answer, (row["knowledge"],), row["question"])
                positive = verdict is not None and verdict.passed is False
                tp += positive and hallucinated
                fp += positive and not hallucinated
                fn += (not positive) and hallucinated
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert tp + fn == 500
    assert f1 >= 0.95, f"HaluEval F1 {f1:.4f} (tp {tp}, fp {fp}, fn {fn})"


def test_long_claims_need_less_support_than_short_ones() -> None:
    weights = Weights()
    assert weights.threshold_for(3) == weights.threshold == 0.7
    assert weights.threshold_for(30) == weights.long_threshold == 0.55
    assert weights.threshold > weights.threshold_for(8) > weights.long_threshold
