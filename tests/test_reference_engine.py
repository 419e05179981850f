"""The reference RAG engine with the real WordLlama embedder and the bundled data."""

from __future__ import annotations

import json
import random

import pytest

from aisre.demo.service import (
    ANSWER_SCHEMAS,
    Answerer,
    VectorIndex,
    WordLlamaEmbedder,
    answer_json,
    is_supported,
    load_golden,
    load_passages,
    measure,
)
from aisre.demo.service._text import split_sentences


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> WordLlamaEmbedder:
    return WordLlamaEmbedder(tmp_path_factory.mktemp("wordllama"))


@pytest.fixture(scope="module")
def fresh(embedder: WordLlamaEmbedder) -> VectorIndex:
    return VectorIndex.build(embedder, "fresh")


@pytest.fixture(scope="module")
def results(embedder: WordLlamaEmbedder) -> dict[str, dict[str, float]]:
    return {
        name: measure(model, index, embedder=embedder)
        for name, (model, index) in {
            "good": ("v1", "fresh"),
            "regressed": ("v2-regressed", "fresh"),
            "cautious": ("v1-cautious", "fresh"),
            "corrupted": ("v1", "corrupted"),
        }.items()
    }


def _recall(index: VectorIndex, k: int = 4) -> float:
    cases = [g for g in load_golden() if g.answerable]
    found = sum(
        any(h.passage.id in g.supporting_ids for h in index.search(g.question, k)) for g in cases
    )
    return found / len(cases)


def test_embeddings_are_normalised(embedder: WordLlamaEmbedder) -> None:
    vectors = embedder.embed(["How much is the Team plan?", "rotate an API key"])
    assert vectors.shape == (2, 256)
    assert abs(float((vectors**2).sum(axis=1).max()) - 1.0) < 1e-4


def test_retrieval_finds_a_supporting_passage_for_most_questions(fresh: VectorIndex) -> None:
    assert _recall(fresh) >= 0.85


def test_the_stale_index_lacks_the_recent_passages(embedder: WordLlamaEmbedder) -> None:
    stale = VectorIndex.build(embedder, "stale")
    recent = {p.id for p in load_passages() if p.updated >= "2026-11-01"}
    assert len(recent) == 42
    assert not recent & {p.id for p in stale.passages}
    assert len(stale.passages) == 370 - 42


def test_the_corrupted_index_hurts_retrieval(
    fresh: VectorIndex, embedder: WordLlamaEmbedder
) -> None:
    corrupted = VectorIndex.build(embedder, "corrupted")
    assert _recall(corrupted) < _recall(fresh) / 2


@pytest.mark.xfail(
    strict=True, reason="the extractive answerer reaches about 0.81, short of the 0.90 target"
)
def test_the_good_version_answers_90_percent(results: dict[str, dict[str, float]]) -> None:
    assert results["good"]["accuracy"] >= 0.90


def test_the_good_version_is_grounded_and_beats_the_others(
    results: dict[str, dict[str, float]],
) -> None:
    good = results["good"]
    assert good["unsupported_rate"] == 0.0
    assert good["accuracy"] > results["regressed"]["accuracy"]
    assert good["accuracy"] > results["cautious"]["accuracy"]
    assert good["accuracy"] > results["corrupted"]["accuracy"] + 0.3


def test_the_regressed_version_is_often_unsupported(results: dict[str, dict[str, float]]) -> None:
    assert results["regressed"]["unsupported_rate"] >= 0.30


def test_the_cautious_version_refuses_often(results: dict[str, dict[str, float]]) -> None:
    assert results["cautious"]["refusal_rate"] >= 0.40


def test_the_good_version_declines_out_of_scope_questions(
    results: dict[str, dict[str, float]],
) -> None:
    # About three in four: some out-of-scope questions use only words the
    # documentation uses too ("the uptime of Google Cloud Pub/Sub").
    assert results["good"]["decline_rate"] >= 0.65


def test_temperature_zero_is_deterministic(fresh: VectorIndex) -> None:
    answerer = Answerer(fresh, "v2-regressed", "p2")
    question = "How much does the Team plan cost per month?"
    first = answerer.answer(question)
    assert answerer.answer(question) == first
    assert answerer.answer(question, 0.0, random.Random(7)) == answerer.answer(
        question, 0.0, random.Random(7)
    )


def test_a_temperature_above_zero_varies_across_seeds(fresh: VectorIndex) -> None:
    answerer = Answerer(fresh)
    questions = [g.question for g in load_golden() if g.answerable][:20]
    texts = {
        seed: [answerer.answer(q, 2.0, random.Random(seed)).text for q in questions]
        for seed in range(4)
    }
    assert len({tuple(t) for t in texts.values()}) > 1
    assert texts[1] == [answerer.answer(q, 2.0, random.Random(1)).text for q in questions]


def test_an_answer_records_what_served_it(fresh: VectorIndex) -> None:
    answer = Answerer(fresh, "v1", "p2").answer("How much does the Team plan cost per month?")
    assert answer.text.startswith("Based on the documentation: ")
    assert not answer.refusal and answer.supported and is_supported(answer)
    assert set(answer.used_chunk_ids) <= {c.id for c in answer.retrieved}
    assert answer.prompt_tokens > answer.completion_tokens > 0
    assert (answer.model_version, answer.prompt_version, answer.index_version) == (
        "v1",
        "p2",
        "fresh",
    )
    payload = json.loads(answer_json(answer, "rag_answer_v1"))
    assert set(payload) == set(ANSWER_SCHEMAS["rag_answer_v1"]["required"])
    assert payload["sources"] == list(answer.used_chunk_ids)
    assert 0 <= payload["confidence"] <= 1


def test_the_regressed_flag_matches_the_grounding_check(fresh: VectorIndex) -> None:
    answerer = Answerer(fresh, "v2-regressed")
    answers = [answerer.answer(g.question) for g in load_golden() if g.answerable]
    spoiled = [a for a in answers if not a.supported]
    assert spoiled
    assert sum(not is_supported(a) for a in spoiled) / len(spoiled) >= 0.7


def test_a_foreign_question_is_answered_from_the_english_passages(fresh: VectorIndex) -> None:
    answer = Answerer(fresh).answer("¿Qué significa el código de error RLY-4003?")
    assert not answer.refusal
    assert "RLY-4003" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Is there a GraphQL API for Northwind Relay?",
        "How do I make a good mushroom risotto?",
        "I forgot my Gmail password. How do I reset it?",
    ],
)
def test_questions_about_what_the_documentation_never_names_are_declined(
    fresh: VectorIndex, question: str
) -> None:
    assert Answerer(fresh).answer(question).refusal


def test_a_how_many_question_gets_the_sentence_with_the_number(fresh: VectorIndex) -> None:
    answer = Answerer(fresh).answer("How many attributes can I attach to a message?")
    assert any(ch.isdigit() for ch in answer.text)


def test_an_answer_has_at_most_two_sentences_of_one_passage(fresh: VectorIndex) -> None:
    answerer = Answerer(fresh)
    for g in [g for g in load_golden() if g.answerable][:30]:
        answer = answerer.answer(g.question)
        assert len(answer.used_chunk_ids) <= 1
        if answer.used_chunk_ids:
            (used,) = answer.used_chunk_ids
            passage = next(c.text for c in answer.retrieved if c.id == used)
            sentences = split_sentences(answer.text)
            assert 1 <= len(sentences) <= 2
            assert all(s in passage for s in sentences)


def test_answers_are_the_same_whether_recalled_or_worked_out(embedder: WordLlamaEmbedder) -> None:
    # Answerers of one index share the analyses of recent questions; an
    # index built afresh starts with none, and must answer the same.
    questions = [g.question for g in load_golden()][:40]
    first = VectorIndex.build(embedder, "fresh")
    again = [Answerer(first).answer(q, 0.7, random.Random(3)) for q in questions]
    recalled = [Answerer(first).answer(q, 0.7, random.Random(3)) for q in questions]
    fresh = [
        Answerer(VectorIndex.build(embedder, "fresh")).answer(q, 0.7, random.Random(3))
        for q in questions[:10]
    ]
    assert again == recalled
    assert fresh == again[:10]
