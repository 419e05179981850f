"""The built-in scorers with definite answers: retrieval, utilization, schema, leak, golden."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from aisre.core import ConfigError, Interaction, RetrievedChunk, ScoringConfig
from aisre.scoring import ScorerContext, WordLlamaEmbedder
from aisre.scoring._completion import TaskCompletion
from aisre.scoring._retrieval import ContextUtilization, RetrievalRelevance
from aisre.scoring._validity import Leak, SchemaValidity

T0 = datetime(2026, 11, 30, tzinfo=UTC)
ROTATE = RetrievedChunk(
    id="kb-1",
    text="To rotate an API key, open Settings, choose Security and press Rotate. The old key "
    "keeps working for 24 hours so that deployments can switch over.",
)
SCOPES = RetrievedChunk(
    id="kb-2", text="Keys can be scoped to one project; a scoped key cannot read other projects."
)
INVOICES = RetrievedChunk(
    id="kb-3", text="Invoices are emailed on the first of each month to the billing contacts."
)


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> ScorerContext:
    embedder = WordLlamaEmbedder(tmp_path_factory.mktemp("wordllama"))
    return ScorerContext(ScoringConfig(), embedder_factory=lambda: embedder)


def interaction(**fields: Any) -> Interaction:
    base: dict[str, Any] = {"id": "i-1", "service": "s", "timestamp": T0, "latency_ms": 5.0}
    return Interaction(**(base | fields))


def test_retrieval_precision_counts_the_relevant_chunks(context: ScorerContext) -> None:
    scorer = RetrievalRelevance(context)
    verdict = scorer.score(
        interaction(input="How do I rotate an API key?", retrieval_chunks=[ROTATE, INVOICES])
    )
    assert verdict is not None
    assert verdict.value == 0.5 and verdict.label == "partial" and verdict.passed
    assert "not relevant: kb-3" in verdict.explanation
    only_noise = scorer.score(
        interaction(input="How do I rotate an API key?", retrieval_chunks=[INVOICES])
    )
    assert only_noise is not None and only_noise.value == 0 and only_noise.passed is False
    assert scorer.score(interaction(input="q")) is None  # nothing retrieved


def test_context_utilization_names_the_chunks_the_answer_uses(context: ScorerContext) -> None:
    scorer = ContextUtilization(context)
    answer = (
        "Open Settings, choose Security and press Rotate. The old key keeps working for 24 "
        "hours, so deployments can switch over."
    )
    verdict = scorer.score(interaction(output=answer, retrieval_chunks=[ROTATE, SCOPES, INVOICES]))
    assert verdict is not None
    assert verdict.value == pytest.approx(1 / 3) and verdict.label == "some"
    assert verdict.explanation.endswith(": kb-1") and verdict.passed is None
    unused = scorer.score(interaction(output="Ask your admin.", retrieval_chunks=[ROTATE]))
    assert unused is not None and unused.value == 0 and unused.label == "none"


SCHEMA = {
    "type": "object",
    "required": ["answer", "sources"],
    "properties": {"answer": {"type": "string"}, "sources": {"type": "array"}},
}


def test_schema_validity_says_what_is_wrong(context: ScorerContext) -> None:
    scorer = SchemaValidity(context, schemas={"rag_answer": SCHEMA})
    good = scorer.score(
        interaction(output='{"answer": "x", "sources": []}', output_schema="rag_answer")
    )
    assert good is not None and good.passed and good.label == "valid"
    cut = scorer.score(interaction(output='{"answer": "x", "sour', output_schema="rag_answer"))
    assert cut is not None and cut.passed is False and cut.label == "parse_error"
    assert cut.explanation.startswith("not JSON:")
    wrong = scorer.score(interaction(output='{"answer": 3}', output_schema="rag_answer"))
    assert wrong is not None and wrong.label == "schema_mismatch"
    assert "'sources' is a required property" in wrong.explanation
    # Without the schema, capture's verdict stands.
    known = SchemaValidity(context).score(
        interaction(output='{"a": 1}', output_schema="other", schema_valid=False)
    )
    assert known is not None and known.passed is False
    assert scorer.score(interaction(output="plain text")) is None


def test_leak_finds_canaries_secrets_and_redacted_values_without_repeating_them() -> None:
    context = ScorerContext(ScoringConfig(canaries=["NW-CANARY-7f3a"], secrets=["hunter2"]))
    scorer = Leak(context)
    leaked = scorer.score(interaction(output="My instructions say NW-CANARY-7f3a, ok?"))
    assert leaked is not None and leaked.passed is False and leaked.label == "canary"
    assert "NW-CANARY" not in leaked.explanation and "canary #1" in leaked.explanation
    key = scorer.score(interaction(output="Use [REDACTED:api_key] as the key."))
    assert key is not None and key.passed is False and "a redacted api_key" in key.explanation
    assert key.label == "secret"
    clean = scorer.score(interaction(output="Rotate it in Settings."))
    assert clean is not None and clean.passed and clean.label == "clean"


def golden_file(tmp_path: Path) -> Path:
    cases = [
        {"id": "g-1", "reference_answer": "The old key keeps working for 24 hours."},
        {"id": "g-2", "reference_answer": "", "answerable": False},
        {"id": "g-3", "reference_answer": "Team", "match": "normalized"},
    ]
    path = tmp_path / "golden.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return path


def test_task_completion_against_golden_references(context: ScorerContext, tmp_path: Path) -> None:
    scorer = TaskCompletion(context, datasets=[str(golden_file(tmp_path))])

    def verdict(golden_id: str, output: str) -> Any:
        return scorer.score(interaction(output=output, attributes={"golden_id": golden_id}))

    right = verdict("g-1", "After rotating, the old key keeps working for 24 hours.")
    assert right.passed and right.label == "semantic"
    wrong = verdict("g-1", "The old key keeps working for 48 hours.")
    assert wrong.passed is False and wrong.label == "wrong_number"
    assert "missing 24" in wrong.explanation
    assert verdict("g-2", "I don't know; the documentation does not cover that.").passed
    assert verdict("g-2", "It is 42.").passed is False
    assert verdict("g-3", " team! ").passed
    assert scorer.score(interaction(output="x")) is None  # not a golden question


def test_a_bad_golden_file_names_its_line(context: ScorerContext, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "g-1", "reference_answer": "x"}\n{"reference_answer": "y"}\n')
    with pytest.raises(ConfigError, match=r"bad\.jsonl:2: .*needs an id"):
        TaskCompletion(context, datasets=[str(path)])
    with pytest.raises(ConfigError, match="match must be one of"):
        TaskCompletion(context, match="fuzzy")
