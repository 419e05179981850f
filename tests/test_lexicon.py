"""The German/French/Spanish glossary that makes retrieval queries English."""

from __future__ import annotations

import pytest

from aisre.demo.service._knowledge import load_golden, load_passages
from aisre.demo.service._lexicon import LEXICON, translate_query
from aisre.demo.service._text import content_tokens


@pytest.mark.parametrize(
    ("foreign", "english"),
    [
        # German
        ("Wie viel kostet der Team-Plan pro Monat?", "How much costs the Team-Plan pro month?"),
        ("Wie lange werden Nachrichten aufbewahrt", "How long will messages retained"),
        ("Wie rotiere ich einen API-Schlüssel", "How rotate i a API-key"),
        ("rechnung und rückerstattung", "invoice and refund"),
        ("Verbrauchergruppe", "Consumer group"),
        # French
        ("Combien de temps les messages", "How long the messages"),
        ("Quelle est la facture", "Which est la invoice"),
        ("mot de passe oublié", "password oublié"),
        ("la file d'attente", "la queue"),
        ("groupe de consommateurs", "consumer group"),
        ("une file de lettres mortes", "a queue of dead letters"),
        # Spanish
        ("¿Cuánto cuesta el plan al mes?", "¿How much costs el plan al month?"),
        ("¿Cuántos días de retención?", "¿How many days of retention?"),
        ("rotar la clave", "rotate la key"),
        ("reembolso de la factura", "refund of la invoice"),
        ("grupo de consumidores", "consumer group"),
    ],
)
def test_foreign_words_map_to_english(foreign: str, english: str) -> None:
    assert translate_query(foreign) == english


@pytest.mark.parametrize(
    ("accented", "plain"),
    [
        ("clé", "cle"),
        ("Rückerstattung", "Rueckerstattung"),
        ("días", "dias"),
        ("límite", "limite"),
        ("cuánto tiempo", "cuanto tiempo"),
        ("sécurité", "securite"),
    ],
)
def test_accents_optional(accented: str, plain: str) -> None:
    assert translate_query(accented) == translate_query(plain) != accented


def test_case_insensitive_and_accented_capitals() -> None:
    assert translate_query("CLÉ") == translate_query("Clé") == "Key"
    assert translate_query("la CLÉ") == "la key"
    assert translate_query("ÜBER") == "About"


def test_typographic_apostrophe_and_whitespace_in_phrases() -> None:
    assert translate_query("la file d\u2019attente") == "la queue"
    assert translate_query("mot  de\npasse") == "password"


def test_longest_phrase_wins() -> None:
    assert translate_query("combien de temps") == "how long"
    assert translate_query("combien de messages") == "how many messages"
    assert translate_query("combien") == "how much"


@pytest.mark.parametrize(
    "text",
    [
        "RLY-1003",
        "Fehler RLY-1003 bei 429",
        "$49/month",
        "Northwind Relay",
        "eu-central",
        "nwr topic create orders --partitions 12",
        "nwr --limite 5",
        "console.northwindrelay.example",
        "config.datos",
        "2026-11-10",
    ],
)
def test_codes_numbers_and_names_survive(text: str) -> None:
    out = translate_query(text)
    for keep in ("RLY-1003", "429", "$49", "Northwind Relay", "eu-central", "nwr", "12", "5"):
        if keep in text:
            assert keep in out
    if not any(word in text.lower().split() for word in LEXICON):
        assert out == text


def test_unknown_words_kept() -> None:
    assert translate_query("Kafka Zookeeper schema-registry") == "Kafka Zookeeper schema-registry"


ENGLISH_QUESTIONS = [g.question for g in load_golden() if g.language == "en"]


def test_there_are_english_golden_questions() -> None:
    assert len(ENGLISH_QUESTIONS) > 100


@pytest.mark.parametrize("question", ENGLISH_QUESTIONS)
def test_english_golden_questions_unchanged(question: str) -> None:
    out = translate_query(question)
    assert content_tokens(out) == content_tokens(question)
    assert out == question


def test_english_passages_unchanged() -> None:
    # A stronger guard against English homographs in the glossary: the whole
    # knowledge base is English and must pass through untouched.
    for passage in load_passages():
        for text in (passage.title, passage.text):
            assert translate_query(text) == text, passage.id


def test_lexicon_is_well_formed() -> None:
    for foreign, english in LEXICON.items():
        assert foreign == foreign.lower().strip(), foreign
        assert "  " not in foreign
        assert english and english.isascii() and english == english.strip(), foreign
        assert foreign != english, foreign


@pytest.mark.parametrize(
    ("compound", "english"),
    [
        ("Prioritätswarteschlangen", "priority queues"),
        ("Gesundheitsdaten", "health data"),
    ],
)
def test_german_compounds_split_into_known_words(compound: str, english: str) -> None:
    assert translate_query(compound) == english


def test_unknown_long_words_are_not_split() -> None:
    assert translate_query("Zookeeperschema") == "Zookeeperschema"


def test_the_quick_check_skips_only_texts_the_glossary_leaves_alone() -> None:
    from aisre.demo.service import _lexicon

    def full(text: str) -> str:
        return _lexicon._PATTERN.sub(
            _lexicon._replace, _lexicon._WORD.sub(_lexicon._decompound, text)
        )

    texts = [g.question for g in load_golden()] + [p.text for p in load_passages()]
    texts += [k.upper() for k in LEXICON] + [f"x {k}'s." for k in list(LEXICON)[::7]]
    texts += ["KILL İT", "\u017fo what", "straße", "Ärger mit der Rechnung"]
    assert [translate_query.__wrapped__(t) for t in texts] == [full(t) for t in texts]
