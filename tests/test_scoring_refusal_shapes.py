"""Refusal scorer version 5: limitations no phrase lists, hedged parts, questions back,
redirect-only answers, and the learned model behind the rules."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aisre.core import Interaction
from aisre.scoring._refusal import RefusalDetector, RefusalScorer, detect_refusal
from aisre.scoring._refusal_grammar import normalise
from aisre.scoring._refusal_model import MODEL_PATH, RefusalModel, default_model

ROOT = Path(__file__).resolve().parent.parent
RULES = RefusalDetector()  # no model: the rules alone


def rules(text: str) -> tuple[str, str]:
    found = RULES.detect(text)
    assert found is not None
    return found.label, found.kind


LIMITATIONS = [
    "Dedicated cluster pricing isn't something I'm privy to.",
    "The refund status of your order isn't visible to me.",
    "Good question, honestly. Not one I can field, though.",
    "Questions about your firewall rules are beyond what this assistant covers.",
    "Nothing on that has been shared with me, unfortunately.",
    "The details of that aren't available on my end.",
    "I wish I could tell you.",
    "No dice on that one, sorry. SSO troubleshooting lives with the identity team, not me.",
    "Comparing us against competitors' pricing isn't something I do.",
    "That's not something Parcelly's assistant covers.",
    "Regretfully, the request falls outside the remit of this support assistant.",
    "Drivers' employment conditions aren't mine to answer.",
    "I'm simply not briefed on the payroll add-on.",
    "This assistant hasn't been trained on the bank-feed partners.",
]


@pytest.mark.parametrize("text", LIMITATIONS)
def test_a_limitation_in_new_words_is_a_refusal(text: str) -> None:
    label, kind = rules(text)
    assert label == "refusal", kind
    assert kind in ("limitation", "explicit", "no_information", "scope", "disclaimer", "hedge")


IDIOMS_AND_ANSWERS = [
    "I can't help but notice you're on SDK 2.4.1; upgrade to 2.4.2 to fix the memory leak.",
    "I don't know of a faster way than this: run nwr topics purge --all.",
    "I can't list every option here, but the main ones are --group, --from and --dry-run.",
    "I don't think that's possible: a project's region is fixed when it is created.",
    "Sorry, the max message size is 256 KB, not 512 KB as I said before.",
    "I can't tell you how much simpler this gets with the v2 API: one call replaces three.",
    "I won't bore you with the details: set --from earliest to start at the oldest message.",
    "I'm not aware of any limit on the number of webhooks per endpoint.",
    "I cannot raise your limits myself. Enterprise customers can request a custom limit "
    "through their account manager; other plans are fixed at 500 requests per second.",
    "I'm not sure which SDK you use; in Python, call client.publish(topic, data).",
]


@pytest.mark.parametrize("text", IDIOMS_AND_ANSWERS)
def test_idioms_opinions_and_declined_actions_with_an_answer_are_answers(text: str) -> None:
    assert rules(text)[0] == "answer"
    assert detect_refusal(text).label == "answer"  # nor does the model call them refusals


def test_a_hedge_after_an_answer_declines_that_part() -> None:
    assert rules("Messages are kept for 7 days on Team. I'm not sure about Business.") == (
        "partial",
        "hedge",
    )
    # Before the answer, or leading into it, a hedge only qualifies the answer.
    assert rules("Not 100% sure, but I believe the retention on Team is 7 days.")[0] == "answer"


def test_only_asking_back_is_a_refusal_and_a_question_with_an_answer_is_not() -> None:
    assert rules("Hmm, which region do you mean? And is this production or a sandbox?") == (
        "refusal",
        "question",
    )
    assert rules("Have you tried asking the sender?")[0] == "refusal"
    answered = "Did you enable webhooks? They are off by default; turn them on in Settings."
    assert rules(answered)[0] == "answer"


@pytest.mark.parametrize(
    "text",
    [
        "Please contact Northwind support for help with refunds.",
        "I'd recommend reaching out to billing@northwind.example regarding the charge.",
        "Your best bet is the support team. They'll be able to look into that webhook failure.",
        "Give our support line a call and they'll sort it out for you.",
        "Best to ring the local depot about that.",
    ],
)
def test_routing_with_nothing_else_is_a_refusal(text: str) -> None:
    assert rules(text) == ("refusal", "redirect")


@pytest.mark.parametrize(
    "text",
    [
        "Contact support to enable SSO on your workspace.",
        "Call the API with your key in the Authorization header.",
    ],
)
def test_routing_that_says_what_to_do_is_an_answer(text: str) -> None:
    assert rules(text)[0] == "answer"


def _interaction(text: str) -> Interaction:
    return Interaction(
        service="svc", timestamp=datetime(2026, 1, 1, tzinfo=UTC), latency_ms=1.0, output=text
    )


def test_the_model_finds_refusals_the_rules_miss_and_says_so() -> None:
    text = "My lips are sealed on that one."
    assert rules(text)[0] == "answer"
    verdict = RefusalScorer().score(_interaction(text))
    assert verdict is not None
    assert verdict.label == "refusal"
    assert not verdict.passed
    assert "refusal model" in verdict.explanation
    assert "p=" in verdict.explanation
    off = RefusalScorer(model=False).score(_interaction(text))
    assert off is not None
    assert off.label == "answer"


def test_the_model_threshold_is_checked() -> None:
    with pytest.raises(ValueError, match="threshold"):
        RefusalScorer(model_threshold=1.5)


def test_the_model_options_come_from_the_config() -> None:
    from aisre.core import ConfigError, ScoringConfig
    from aisre.scoring import build_scorers

    text = "My lips are sealed on that one."
    (off,) = build_scorers(
        ScoringConfig(scorers=["refusal"], options={"refusal": {"model": False}})
    )
    verdict = off.score(_interaction(text))
    assert verdict is not None
    assert verdict.label == "answer"
    bad = ScoringConfig(scorers=["refusal"], options={"refusal": {"model_threshold": 1.5}})
    with pytest.raises(ConfigError, match=r"scoring\.options\.refusal.*threshold"):
        build_scorers(bad)


def test_a_model_file_of_another_format_is_refused_with_its_path(tmp_path: Path) -> None:
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps({"format": 9}), encoding="utf-8")
    with pytest.raises(ValueError, match=str(bad)):
        RefusalModel.load(bad)


def test_a_model_of_your_own_is_used_and_a_missing_one_is_a_config_error(tmp_path: Path) -> None:
    from aisre.core import ConfigError, ScoringConfig
    from aisre.scoring import build_scorers

    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data["intercept"] = 50.0  # a model that calls everything a refusal
    own = tmp_path / "model.json"
    own.write_text(json.dumps(data), encoding="utf-8")
    options = {"refusal": {"model_path": str(own)}}
    (scorer,) = build_scorers(ScoringConfig(scorers=["refusal"], options=options))
    verdict = scorer.score(_interaction("Queues keep messages for 14 days."))
    assert verdict is not None
    assert verdict.label == "refusal"
    missing = {"refusal": {"model_path": str(tmp_path / "nope.json")}}
    with pytest.raises(ConfigError, match="cannot read model_path"):
        build_scorers(ScoringConfig(scorers=["refusal"], options=missing))


def test_the_shipped_model_says_what_it_was_trained_on() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert sum(data["trained_on"].values()) > 3000
    assert "holdout10" not in data["trained_on"]  # the benchmark's held-out set
    assert len(default_model().weights) == len(data["features"])


def test_the_model_reproduces_scikit_learn() -> None:
    pytest.importorskip("sklearn", reason="scikit-learn comes with the bench extra: make setup")
    sys.path.insert(0, str(ROOT / "tools"))
    from train_refusal_model import train

    vec, fitted, _ = train(("holdout",))
    weights = {
        str(term): (float(idf), float(coef))
        for term, idf, coef in zip(
            vec.get_feature_names_out(), vec.idf_, fitted.coef_[0], strict=True
        )
    }
    ours = RefusalModel(weights, float(fitted.intercept_[0]))
    texts = [
        "I'm sorry, but I can't help with that.",
        "Queues keep messages for 14 days; topics keep them for 7.",
        "That\u2019s not something I\u2019m able to share \u2014 please contact support.",
        "Ich kann Ihnen dazu leider nichts sagen.",
    ]
    theirs = fitted.predict_proba(vec.transform(texts))[:, 1]
    for text, expected in zip(texts, theirs, strict=True):
        assert ours.score(normalise(text)).probability == pytest.approx(expected, abs=1e-9)
