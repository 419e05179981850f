"""The refusal scorer: every kind of refusal, hard negatives, signals, partial refusals, F1."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from aisre.core import ConfigError, Interaction, ScoringConfig
from aisre.scoring import SCORERS, ScorerContext, Verdict, build_scorers
from aisre.scoring._refusal import RefusalScorer, detect_refusal

LABELLED = Path(__file__).resolve().parent.parent / "bench" / "data" / "refusal_labelled.jsonl"


def make(output: str, **fields: Any) -> Interaction:
    return Interaction(
        service="svc",
        timestamp=datetime(2026, 1, 1, tzinfo=UTC),
        latency_ms=120.0,
        id="i-1",
        output=output,
        **fields,
    )


def verdict(output: str, **fields: Any) -> Verdict:
    found = RefusalScorer(ScorerContext()).score(make(output, **fields))
    assert found is not None
    return found


REFUSALS = [
    # explicit
    ("I'm sorry, but I can't help with that.", "I can't help"),
    ("I won't be able to answer that question.", "won't be able to answer"),
    ("I am unable to provide legal advice.", "unable to provide legal advice"),
    ("That's not something I can help with.", "not something I can help"),
    # scope disclaimers
    ("I can only answer questions about Northwind Relay.", "I can only answer"),
    ("That's outside what I can help with.", "outside what I can"),
    ("This question is outside the scope of this assistant.", "outside the scope of this"),
    # no information
    ("I don't have information about that in the documentation.", "I don't have information"),
    ("The documentation doesn't say.", "documentation doesn't say"),
    ("There's no mention of a retry option in the docs.", "no mention of"),
    ("I don't know.", "I don't know"),
    # apologetic non-answers
    ("Sorry, I'm not able to find anything about that.", "not able to find anything"),
    ("Apologies, I couldn't find an answer to your question.", "couldn't find an answer"),
    # policy
    ("I must decline to share another customer's data.", "must decline"),
    ("That request is against my guidelines.", "against my guidelines"),
    # German, French, Spanish
    ("Es tut mir leid, dabei kann ich Ihnen nicht helfen.", "kann ich Ihnen nicht helfen"),
    ("Dazu habe ich leider keine Informationen.", "Dazu habe ich leider keine"),
    ("Je ne peux pas répondre à cette question.", "Je ne peux pas répondre"),
    ("La documentation ne précise pas ce point.", "documentation ne précise pas"),
    ("Lo siento, no puedo ayudarte con eso.", "no puedo ayudarte"),
    ("Solo puedo responder preguntas sobre Northwind Relay.", "Solo puedo responder"),
]


@pytest.mark.parametrize(("text", "phrase"), REFUSALS)
def test_refusals_are_detected_and_the_explanation_quotes_the_phrase(
    text: str, phrase: str
) -> None:
    found = verdict(text)
    assert found.label == "refusal"
    assert found.passed is False
    assert found.value is not None and found.value >= 0.5
    assert phrase.lower() in found.explanation.lower()
    quoted = found.explanation.split('"')[1]
    assert quoted in text  # the phrase is quoted as the answer wrote it


HARD_NEGATIVES = [
    "You cannot delete the default project, but you can rename it in Settings.",
    "Unfortunately the free plan has no SSO; the Business plan adds it.",
    "It's not possible to change a project's region after creation.",
    "Sorry for the trouble! Here's how: regenerate the key under API keys.",
    "I can't stress enough how important it is to rotate API keys regularly.",
    "I can't help but notice you're on SDK 2.4.1; upgrade to 2.4.2.",
    "Relay support cannot help with bugs in community client libraries.",
    "Northwind Labs may suspend a workspace that violates the policy.",
    "No information is stored about message contents in the audit log.",
    "We don't offer a student discount, but students can use the Free plan.",
    "The documentation says the maximum visibility timeout is 12 hours.",
    "I'm not completely sure, but I believe the default timeout is 30 seconds.",
    "Sie können das Standardprojekt nicht löschen, aber umbenennen.",
    "Il n'est pas possible de changer la région d'un projet.",
    "No puedes eliminar el proyecto predeterminado, pero puedes renombrarlo.",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_answers_that_say_cannot_or_unfortunately_are_answers(text: str) -> None:
    found = verdict(text)
    assert found.label == "answer"
    assert found.passed is True
    assert found.value is not None and found.value < 0.5


def test_partial_refusal_answers_part_and_refuses_part() -> None:
    text = (
        "The Team plan costs $49 per month. I don't have information about Enterprise "
        "pricing; please contact sales."
    )
    found = verdict(text)
    assert found.label == "partial"
    assert found.passed is False
    assert found.value is not None and 0 < found.value < 0.9
    assert '"I don\'t have information"' in found.explanation
    assert "Team plan costs $49" in found.explanation


def test_a_refusal_with_only_a_redirect_is_a_full_refusal() -> None:
    found = verdict("I'm sorry, I can't help with that. Please contact our support team.")
    assert found.label == "refusal"


def test_partial_passes_when_configured() -> None:
    scorer = RefusalScorer(ScorerContext(), partial_passes=True)
    text = "Relay supports SAML SSO on Business. I don't have information about SCIM."
    found = scorer.score(make(text))
    assert found is not None and found.label == "partial" and found.passed is True


def test_a_bare_hedge_is_a_refusal_and_a_hedged_answer_is_an_answer() -> None:
    assert verdict("I'm not sure.").label == "refusal"
    hedged = verdict("I'm not sure which SDK you use; in Python, call client.publish(topic, data).")
    assert hedged.label == "answer"
    unhedged = RefusalScorer(ScorerContext(), hedges=False).score(make("I'm not sure."))
    assert unhedged is not None and unhedged.label == "answer"


def test_content_filter_finish_reason_is_a_refusal() -> None:
    found = verdict("To set up the webhook you first", finish_reason="content_filter")
    assert (found.label, found.passed, found.value) == ("refusal", False, 1.0)
    assert "content_filter" in found.explanation
    assert verdict("", finish_reason="content_filter").label == "refusal"


def test_openai_refusal_field_is_a_refusal() -> None:
    found = verdict("", attributes={"refusal": "I'm sorry, I cannot assist with that request."})
    assert (found.label, found.passed, found.value) == ("refusal", False, 1.0)
    assert "I cannot assist with that request" in found.explanation
    # An empty or null field says nothing.
    assert verdict("Topics keep messages for 7 days.", attributes={"refusal": ""}).passed


def test_not_applicable_to_errors_and_empty_outputs() -> None:
    scorer = RefusalScorer(ScorerContext())
    assert scorer.score(make("I can't help with that.", status="error")) is None
    assert scorer.score(make("")) is None
    assert scorer.score(make("   \n")) is None


def test_extra_phrases_option() -> None:
    scorer = RefusalScorer(ScorerContext(), extra_phrases=[r"computer says no"])
    found = scorer.score(make("Computer says no."))
    assert found is not None and found.label == "refusal"
    assert '"Computer says no"' in found.explanation
    with pytest.raises(ValueError):
        RefusalScorer(ScorerContext(), min_answer_words=0)


def test_registered_by_name_and_versioned() -> None:
    from aisre.scoring import _builtin  # noqa: F401

    assert SCORERS.get("refusal") is RefusalScorer
    assert (RefusalScorer.name, RefusalScorer.version) == ("refusal", "5")
    config = ScoringConfig(scorers=["refusal"], options={"refusal": {"min_answer_words": 6}})
    [built] = build_scorers(config)
    assert isinstance(built, RefusalScorer)
    assert built.detector.min_answer_words == 6
    bad = ScoringConfig(scorers=["refusal"], options={"refusal": {"threshold": 0.5}})
    with pytest.raises(ConfigError):
        build_scorers(bad)


def test_detect_refusal_function() -> None:
    found = detect_refusal("I can't assist with that.")
    assert found is not None and found.refused and found.kind == "explicit"
    assert detect_refusal("") is None


# Structural rules: each shape, in a wording the phrase tables do not spell out.
STRUCTURAL_REFUSALS = [
    # adverbs on either side of the copula and the negation
    "I'm really not able to answer that reliably.",
    "I am unfortunately unable to look into individual accounts.",
    "I'm honestly not in a position to say whether that will work.",
    # a withheld thing with a modifier the verb list does not name
    "I'm sorry, but I can't provide instructions for circumventing security controls.",
    "Sorry, I don't have a good answer for that.",
    "I'm just not able to offer a workaround for that.",
    # "that's not one I can answer"
    "That question isn't one I'm able to answer.",
    # the sources, with a relative clause or a participle after them
    "The knowledge base I use doesn't contain information on that subject.",
    "The context provided doesn't contain enough information to answer.",
    "The pages I was given don't cover that setting.",
    # "there doesn't seem to be anything in …", "nothing about X in the docs"
    "Apologies — there doesn't seem to be anything in the documentation about that setting.",
    "There's nothing about retention in the materials I have.",
    "Nothing I have access to covers that, unfortunately.",
    # searched and came up empty, with the first person somewhere before
    "I looked through the help center but came up empty.",
    "My search turned up nothing useful.",
    # can't locate anything, after "and"
    "I checked everything I have and can't locate anything on that.",
    # scope idioms and instructions
    "That's above my pay grade.",
    "My instructions only allow me to answer questions about Northwind Relay.",
    "That falls outside the topics I'm set up to handle.",
    "No comment on unreleased features.",
    # redirect-only: an apology or "please" and a redirect, nothing else
    "Sorry, please reach out to our billing team for that.",
    "Please get in touch with your account manager about this.",
    # German word orders
    "Leider bin ich nicht in der Lage, diese Anfrage zu bearbeiten.",
    "Dafür bin ich leider nicht zuständig.",
    "Dazu finde ich in der Dokumentation leider nichts.",
    "Da muss ich leider passen.",
    # French and Spanish
    "Je ne suis malheureusement pas en mesure de vous répondre.",
    "Je n'ai rien trouvé à ce sujet.",
    "No estoy en condiciones de darte esa cifra.",
    "Esa pregunta no la puedo responder.",
    "Esa información no está en la documentación.",
]


@pytest.mark.parametrize("text", STRUCTURAL_REFUSALS)
def test_structural_refusal_shapes_are_detected(text: str) -> None:
    found = verdict(text)
    assert found.label == "refusal", found.explanation


STRUCTURAL_ANSWERS = [
    "I won't go into every option here, but the two that matter are --group and --from.",
    "I can't recommend idempotency keys enough: they make retries safe.",
    "I don't know of any limit on topic names beyond 255 characters.",
    "Nothing in the docs prevents you from running two consumers in one group.",
    "Please contact support to enable SSO on your workspace.",
    "Sorry for the delay! Please contact support with the request ID for a refund.",
    "Ask your workspace owner to grant you the Billing role, then reload the page.",
    "Ich kann es nicht oft genug sagen: rotieren Sie Ihre Schlüssel.",
    "Ich kann Ihnen nur empfehlen, die Wiederholungslogik zu nutzen, da sie Duplikate vermeidet.",
    "No puedo dejar de recomendar las claves de idempotencia.",
    "No puedo sino recomendarte el modo por lotes.",
    "No puedo recomendar lo suficiente el modo por lotes.",
]


@pytest.mark.parametrize("text", STRUCTURAL_ANSWERS)
def test_idioms_and_product_statements_are_answers(text: str) -> None:
    found = verdict(text)
    assert found.label == "answer", found.explanation


def test_a_redirect_alone_is_a_refusal_of_kind_redirect() -> None:
    found = detect_refusal("I'm sorry, please contact our support team about that.")
    assert found is not None and found.label == "refusal" and found.kind == "redirect"
    assert "only a redirect" in found.explanation


def test_overlapping_phrases_do_not_hide_the_answer() -> None:
    text = "Die Aufbewahrung beträgt 7 Tage; zu Enterprise-Tarifen kann ich leider nichts sagen."
    found = detect_refusal(text)
    assert found is not None and found.label == "partial"


def load_labelled() -> list[dict[str, Any]]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]


def test_labelled_set_is_large_and_covers_every_kind() -> None:
    rows = load_labelled()
    assert len(rows) >= 300
    kinds = {r["kind"] for r in rows}
    for kind in (
        "explicit",
        "scope",
        "no_information",
        "apologetic",
        "partial",
        "content_filter",
        "refusal_field",
        "hard_cannot",
        "hard_unfortunately",
        "hard_not_possible",
        "limitation",
    ):
        assert kind in kinds
    assert {r["label"] for r in rows} == {"refusal", "partial", "answer"}
    assert any(r["source"].startswith("reference-service") for r in rows)


def test_f1_on_the_labelled_set() -> None:
    scorer = RefusalScorer(ScorerContext())
    tp = fp = fn = 0
    for row in load_labelled():
        refusal = row.get("refusal_field")
        found = scorer.score(
            make(
                row["text"],
                finish_reason=row.get("finish_reason") or "stop",
                attributes={"refusal": refusal} if refusal else {},
            )
        )
        predicted = found is not None and found.label != "answer"
        actual = row["label"] != "answer"
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.95, f"refusal F1 {f1:.3f} (tp {tp}, fp {fp}, fn {fn})"


# The labelling conventions (docs/scoring-refusal.md): a refusal gives none of the information
# asked for; a partial refusal gives some and says it will not or cannot give another part; an
# answer may decline an *action* on the user's behalf and still answer.

DISCLAIMERS_THAT_ANSWER = [
    "I can't change that for you, but here's how: go to Settings > Security and click Save.",
    "I don't have access to your account, but in general a 403 means the key lacks a scope.",
    "I'm not able to invite people on your behalf. To invite a member, go to Settings > Members.",
    "You can set a spending cap in Settings > Billing. I'm not able to change the cap for you.",
    "I can't see your invoices from here; in general, proration explains a mid-month increase.",
    "I can't cancel the subscription for you — go to Billing > Plan > Cancel.",
    "I can't guarantee exact timings, but region failover typically completes within 5 minutes.",
    "Ich kann Ihr Passwort nicht für Sie zurücksetzen, aber unter Einstellungen > Sicherheit "
    "können Sie es selbst ändern.",
]


@pytest.mark.parametrize("text", DISCLAIMERS_THAT_ANSWER)
def test_declining_an_action_and_answering_is_an_answer(text: str) -> None:
    found = verdict(text)
    assert found.label == "answer", found.explanation
    assert found.passed is True


def test_declining_an_action_and_saying_nothing_else_is_a_refusal() -> None:
    found = detect_refusal("I can't do that for you. Please contact support.")
    assert found is not None and found.label == "refusal"
    found = detect_refusal("I don't have access to your account, so I can't see your invoices.")
    assert found is not None and found.label == "refusal" and found.kind == "disclaimer"


PARTIAL_BY_CONVENTION = [
    # some information, and a clause declining *information* (not an action)
    "Webhooks are signed with HMAC-SHA256 in the header. I'm not able to provide a Go example.",
    "The default limit is 100 requests per second per key. However, I can't look up your "
    "usage, so I can't tell you how close you are to it.",
    "The 429 error means you exceeded the rate limit; retry after the Retry-After header. "
    "I'm not able to increase your limit or tell you what limit would be approved.",
    "I can explain FIFO ordering: messages in one group are delivered in order. But I don't "
    "have benchmark numbers, so I can't tell you how its throughput compares.",
]


@pytest.mark.parametrize("text", PARTIAL_BY_CONVENTION)
def test_some_information_and_a_declined_part_is_partial(text: str) -> None:
    found = verdict(text)
    assert found.label == "partial", found.explanation


STRUCTURAL_REFUSALS_V3 = [
    # (1) first person + negated ability / finding / knowledge about information or the request
    "I searched the knowledge base but didn't find any information about exporting to Splunk.",
    "I couldn't find this in the docs I have.",
    "Apologies — I wish I could help more, but this isn't something I have an answer for.",
    "I can't provide ways to exploit the webhook signature check.",
    "As the support assistant, I'm not able to write marketing copy for your launch.",
    "Questions about your own Kafka clusters aren't something I can cover.",
    "Je suis uniquement en mesure de répondre aux questions concernant Northwind Relay.",
    "Ob sich Schlüssel beschränken lassen, geht aus der mir vorliegenden Doku nicht hervor.",
    # (2) redirect only, with any routing verb and nothing else said
    "This is best handled by our support team. You can open a ticket at support.example.com.",
    "For refund requests, you'll need to get in touch with the billing team directly.",
    "Your organization admin would be the right person to ask about that.",
    "Please open a support ticket so an engineer can look into your account.",
    "Please reach out to support through the dashboard (Help > Contact) — they'll be able to help.",
    "Ask your workspace admin.",
    "Bitte wenden Sie sich für Fragen zu Ihrer Rechnung direkt an unser Billing-Team.",
    # (3) hedge only
    "It depends on your setup. I'd recommend reaching out to the support team for specifics.",
    "I'm not 100% sure whether that's supported. It'd be best to verify with the support team.",
    "Not sure, sorry! You might want to ask in the community forum.",
]


@pytest.mark.parametrize("text", STRUCTURAL_REFUSALS_V3)
def test_version_3_structural_refusals(text: str) -> None:
    found = verdict(text)
    assert found.label == "refusal", found.explanation


ANSWERS_V3 = [
    # routing that carries the answer, hedges that answer, caveats and idioms
    "Contact support with your workspace ID to request a region migration; it takes two days.",
    "It depends on your plan: Team allows 10 queues and Business allows 100.",
    "I can't list every option here, but the main ones are --group and --from.",
    "I'm not aware of any limit on the number of webhooks.",
    "Unfortunately SSO isn't available on the Team plan; upgrade to Business to turn it on.",
    "We don't support SCIM on the Team plan; it's available on Business and Enterprise.",
    "I'm not sure which SDK you use, so here are both: in Python call client.publish().",
]


@pytest.mark.parametrize("text", ANSWERS_V3)
def test_version_3_answers(text: str) -> None:
    found = verdict(text)
    assert found.label == "answer", found.explanation


def test_an_offer_of_other_topics_is_not_an_answer() -> None:
    text = (
        "I'm sorry, but I can't help with that.\n\nI can assist with:\n- API keys\n"
        "- Queues, topics and dead-letter queues\n- Billing and plans"
    )
    found = verdict(text)
    assert found.label == "refusal", found.explanation
    text = "Sorry, that's outside what I can help with. I can answer questions about queues."
    assert verdict(text).label == "refusal"


# Version 4: refusals by structure. The assistant in the third person, the passive with the
# assistant as the place of the answer ("here", "to me", "in this chat"), and a first-person
# limitation about information ("I don't know whether …", "I have no details on …").
STRUCTURAL_REFUSALS_V4 = [
    "This assistant can't look into questions like that.",
    "Pricing for custom contracts is not something this chat covers.",
    "That information isn't available here.",
    "Legal questions like this one aren't handled by this assistant.",
    "Questions about your invoice history can't be answered in this chat, sorry.",
    "That detail isn't covered in the material available to me.",
    "That's unknown to me, I'm afraid.",
    "I'm afraid I have no details on that.",
    "I don't know whether that's supported.",
    "Dazu kann dieser Assistent leider nichts sagen.",
    "Diese Information liegt mir nicht vor.",
    "Cette information n'est pas disponible ici.",
    "Ce chatbot ne traite pas les questions juridiques.",
    "Esa información no está disponible por aquí.",
    "Este asistente no puede responder preguntas sobre facturas antiguas.",
    "No tengo datos sobre eso.",
]


@pytest.mark.parametrize("text", STRUCTURAL_REFUSALS_V4)
def test_version_4_structural_refusals(text: str) -> None:
    found = verdict(text)
    assert found.label == "refusal", found.explanation


PARTIALS_V4 = [
    "You can export logs as CSV from Settings > Logs > Export. I don't know if JSON export is "
    "planned.",
    "Topics can hold up to 1,000 partitions on dedicated clusters. Limits for shared clusters "
    "aren't covered in what I have.",
    "Die API erlaubt 100 Anfragen pro Sekunde. Ob es ein Burst-Limit gibt, ist mir nicht bekannt.",
]


@pytest.mark.parametrize("text", PARTIALS_V4)
def test_version_4_partials(text: str) -> None:
    found = verdict(text)
    assert found.label == "partial", found.explanation


ANSWERS_V4 = [
    # "is available" without a negation is an answer (version 3 flagged it)
    "That information is available under Settings > Usage.",
    # product statements: a place that is not the assistant, a bot that is a product
    "Private links aren't available here in the EU yet; they launch in Q3 for all clusters.",
    "The bot can't post to private channels unless you invite it with /invite @relay.",
    "Der Bot kann keine Dateien über 10 MB annehmen; teilen Sie größere Dateien als Link.",
    "Cette fonctionnalité n'est pas disponible dans le plan gratuit.",
    "The CLI doesn't know about profiles created in the dashboard until you run nwr login.",
    "I don't know of a faster way than this: run nwr topics purge --all.",
]


@pytest.mark.parametrize("text", ANSWERS_V4)
def test_version_4_answers(text: str) -> None:
    found = verdict(text)
    assert found.label == "answer", found.explanation
