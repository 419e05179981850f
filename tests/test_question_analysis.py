"""Question analysis, sentence cues, the thesaurus and the stemmer of the reference engine."""

from __future__ import annotations

import pytest

from aisre.demo.service._question import analyse, key_terms
from aisre.demo.service._select import answer_cue
from aisre.demo.service._text import stem, terms
from aisre.demo.service._thesaurus import alternatives


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many partitions can a topic have?", "quantity"),
        ("How long are messages kept on the Team plan?", "quantity"),
        ("When will API v1 be shut down?", "time"),
        ("How do I rotate an API key?", "procedure"),
        ("Why do my consumers keep rebalancing?", "reason"),
        ("What does RLY-1003 mean?", "definition"),
        ("Can I pay by invoice?", "policy"),
        ("Which regions are available?", "other"),
        ("Our job is slow. How can we make it faster?", "procedure"),
    ],
)
def test_the_answer_type_comes_from_the_asking_sentence(question: str, kind: str) -> None:
    assert analyse(question).kind == kind


def test_boilerplate_and_question_phrases_are_not_key_terms() -> None:
    q = analyse("I keep getting RLY-1003. What does it mean?")
    assert "rly-1003" in q.terms
    assert not q.terms & {"keep", "gett", "mean"}
    assert "long" not in analyse("How long are invoices kept?").terms


def test_scene_terms_weigh_less_than_asked_terms() -> None:
    q = analyse("Our endpoint has long maintenance windows. How can I make a webhook retry longer?")
    assert q.weights["maintenanc"] < q.weights["webhook"] == 1.0


def test_superlatives_map_to_limit_words() -> None:
    assert "minimum" in key_terms("the smallest spending cap")
    assert "maximum" in key_terms("the biggest message")


def test_quantity_cues_prefer_the_asked_measure() -> None:
    q = analyse("How long does a webhook endpoint have to respond?")
    assert answer_cue(q, "It must respond within 10 seconds.") > answer_cue(
        q, "It can have 10 custom headers."
    )


def test_an_error_code_question_prefers_the_sentence_with_a_code() -> None:
    q = analyse("Which error code do publishers get when the cap is hit?")
    assert answer_cue(q, "Publishing fails with RLY-3011.") > answer_cue(q, "Publishing fails.")


def test_a_negative_question_prefers_a_negative_sentence() -> None:
    q = analyse("Which Kafka features don't work?")
    assert answer_cue(q, "Transactions are not supported.") > answer_cue(
        q, "Consumer groups are supported."
    )


def test_the_stemmer_joins_inflections() -> None:
    assert stem("messages") == stem("message")
    assert stem("created") == stem("creating") == stem("create")
    assert stem("retried") == stem("retries") == stem("retry")
    assert stem("sent") == stem("send")
    assert stem("rly-1003") == "rly-1003"
    assert terms("The roles") == ["role"]


def test_the_thesaurus_is_symmetric() -> None:
    for term in ("revoke", "colleague", "cap", "outage"):
        for alt in alternatives(stem(term)):
            assert stem(term) in alternatives(alt)
    assert alternatives("zzz") == frozenset()


def test_a_definition_cue_needs_a_sentence_that_opens_by_defining_the_subject() -> None:
    q = analyse("What counts as a SEV1 incident?")
    defining = "SEV1 is a full outage of a region's publish or consume API."
    mentioning = "For SEV1 and SEV2 incidents, the first post appears within 15 minutes."
    merely_is = "Updates follow every 30 minutes for SEV1 until the incident is resolved."
    assert answer_cue(q, defining) > answer_cue(q, mentioning)
    assert answer_cue(q, defining) > answer_cue(q, merely_is)


def test_a_definition_asked_with_it_defines_what_the_scene_names() -> None:
    assert analyse("I keep getting RLY-1003. What does it mean?").subject == "rly-1003"


def test_reflexive_pronouns_and_whether_are_not_key_terms() -> None:
    assert not analyse("Can I purge a queue but keep the queue itself?").terms & {"itself"}
    assert "whether" not in analyse("Where can I check whether there is an outage?").terms
