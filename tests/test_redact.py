"""Redaction of secrets and personal data before anything reaches disk."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from aisre.capture import BUILTIN_PATTERNS, Redactor, luhn_ok
from aisre.core import (
    ChangeEvent,
    Interaction,
    RedactionConfig,
    RedactionPattern,
    RetrievedChunk,
    Score,
)

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
DEFAULT = Redactor(RedactionConfig())

KEY = "[REDACTED:api_key]"
EMAIL = "[REDACTED:email]"
CARD = "[REDACTED:card_number]"


# -- built-in patterns --------------------------------------------------------------


@pytest.mark.parametrize(
    "secret",
    [
        pytest.param("sk-abcdefghijklmnopqrstuvwx1234", id="openai"),
        pytest.param("sk-proj-Ab3_dE6-gH9jK2mN5pQ8rS1tU4", id="openai-project"),
        pytest.param("sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2", id="anthropic"),
        pytest.param("AKIAIOSFODNN7EXAMPLE", id="aws-access-key"),
        pytest.param("ghp_" + "a1B2c3D4e5" * 3 + "f6G7h8", id="github"),
        pytest.param("xoxb-123456789012-abcdefghij", id="slack-bot"),
        pytest.param("xoxp-12345-67890-abcdef", id="slack-user"),
        pytest.param("AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", id="google"),
    ],
)
def test_provider_api_keys_are_redacted(secret: str) -> None:
    assert DEFAULT.redact(f"use {secret} for the call") == f"use {KEY} for the call"
    assert DEFAULT.redact(secret) == KEY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(AKIAIOSFODNN7EXAMPLE)", f"({KEY})"),
        ("key: 'sk-abcdefghijklmnopqrst'.", f"key: '{KEY}'."),
        ("AKIAIOSFODNN7EXAMPLE,sk-abcdefghijklmnopqrst", f"{KEY},{KEY}"),
        ("ends with a dash sk-abcdefghijklmnopqrst-", f"ends with a dash {KEY}"),
        ("two AKIAIOSFODNN7EXAMPLE\nAKIAI44QH8DHBEXAMPLE", f"two {KEY}\n{KEY}"),
    ],
)
def test_provider_keys_next_to_punctuation(text: str, expected: str) -> None:
    assert DEFAULT.redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "sk-short",  # fewer than 16 characters after the prefix
        "AKIA1234",  # too short for an AWS key
        "ghp_tooshort",
        "ask-abcdefghijklmnopqrstuvwx",  # no word boundary before sk-
        "AIzaTooShort",
        "xoxz-1234567890abc",  # not a Slack token type
        "AKIAIOSFODNN7EXAMPLEXYZ",  # longer than an AWS key id
    ],
)
def test_key_look_alikes_are_kept(text: str) -> None:
    assert DEFAULT.redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("api_key=abcdef123456", KEY),
        ("API-KEY: abcdef123456", KEY),
        ("apikey = 'abcdef123456'", KEY),
        ("access_token: eyJhbGciOiJIUzI1NiJ9", KEY),
        ('secret="hunter2hunter2"', KEY),
        ("PASSWORD = correct-horse-battery", KEY),
        ("passwd:s3cr3t!!", KEY),
        ("token=abcdef and more", f"{KEY} and more"),
        ("login with password=hunter22 now", f"login with {KEY} now"),
    ],
)
def test_key_value_assignments_are_redacted(text: str, expected: str) -> None:
    assert DEFAULT.redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "password=abc",  # fewer than six characters: not worth a redaction
        "the token is valid",  # a key word, no assignment
        "keyboard: qwertyuiop",  # key word only as part of another word
        "mysecret=abcdefgh",  # no word boundary before the key word
        "ratio: 0.75",
    ],
)
def test_harmless_key_words_are_kept(text: str) -> None:
    assert DEFAULT.redact(text) == text


@pytest.mark.parametrize(
    "email",
    ["ana@example.com", "first.last+tag@mail.example.co.uk", "x_y%z@sub-domain.org"],
)
def test_emails_are_redacted(email: str) -> None:
    assert DEFAULT.redact(f"write to {email}.") == f"write to {EMAIL}."


@pytest.mark.parametrize("text", ["user@localhost", "@handle", "a@b.c", "x @ y.com"])
def test_email_look_alikes_are_kept(text: str) -> None:
    assert DEFAULT.redact(text) == text


@pytest.mark.parametrize(
    "card",
    [
        "4111 1111 1111 1111",  # Visa, spaced
        "4111111111111111",
        "5500-0000-0000-0004",  # Mastercard, dashed
        "378282246310005",  # Amex, 15 digits
        "4222222222222",  # 13 digits
        "6011 0009 9013 9424",
    ],
)
def test_card_numbers_that_pass_luhn_are_redacted(card: str) -> None:
    assert luhn_ok("".join(c for c in card if c.isdigit()))
    assert DEFAULT.redact(f"card {card} expires") == f"card {CARD} expires"


@pytest.mark.parametrize(
    "number",
    [
        "4111111111111112",  # a card number with a wrong check digit
        "1234567890123",  # 13 digits, fails Luhn
        "9876 5432 1098 7654",
        "123456789012",  # 12 digits: too short to be a card
        "41111111111111111111",  # 20 digits: too long to be a card
    ],
)
def test_numbers_that_are_not_cards_are_kept(number: str) -> None:
    digits = "".join(c for c in number if c.isdigit())
    if 13 <= len(digits) <= 19:
        assert not luhn_ok(digits)
    assert DEFAULT.redact(f"order {number}") == f"order {number}"


def test_luhn() -> None:
    assert luhn_ok("79927398713")
    assert not luhn_ok("79927398710")
    assert luhn_ok("0")


def test_several_kinds_in_one_text() -> None:
    text = "ana@example.com paid with 4111-1111-1111-1111 using sk-abcdefghijklmnopqrst"
    assert DEFAULT.redact(text) == f"{EMAIL} paid with {CARD} using {KEY}"


def test_empty_text() -> None:
    assert DEFAULT.redact("") == ""


def test_builtin_patterns_can_be_switched_off_one_by_one() -> None:
    text = "ana@example.com 4111111111111111 token=abcdefgh"
    only_email = Redactor(RedactionConfig(builtin=["email"]))
    assert only_email.redact(text) == f"{EMAIL} 4111111111111111 token=abcdefgh"
    only_card = Redactor(RedactionConfig(builtin=["card_number"]))
    assert only_card.redact(text) == f"ana@example.com {CARD} token=abcdefgh"
    nothing_builtin = Redactor(RedactionConfig(builtin=[]))
    assert nothing_builtin.redact(text) == text
    assert set(BUILTIN_PATTERNS) == {"api_key", "email", "card_number"}


# -- custom patterns and switching off ---------------------------------------------


def test_custom_patterns_from_config() -> None:
    config = RedactionConfig(
        patterns=[
            RedactionPattern(name="ticket", regex=r"\bTCK-\d{4,}\b"),
            RedactionPattern(name="employee.id", regex=r"(?i)\bemp[0-9]{6}\b"),
        ]
    )
    redactor = Redactor(config)
    assert (
        redactor.redact("TCK-12345 by Emp004211 for ana@example.com")
        == f"[REDACTED:ticket] by [REDACTED:employee.id] for {EMAIL}"
    )
    assert redactor.redact("TCK-12 is short") == "TCK-12 is short"


def test_custom_patterns_apply_without_builtins() -> None:
    config = RedactionConfig(builtin=[], patterns=[RedactionPattern(name="x", regex="foo")])
    assert Redactor(config).redact("foo ana@example.com") == "[REDACTED:x] ana@example.com"


def test_disabled_redaction_changes_nothing() -> None:
    config = RedactionConfig(
        enabled=False, patterns=[RedactionPattern(name="ticket", regex=r"TCK-\d+")]
    )
    redactor = Redactor(config)
    text = "TCK-1 ana@example.com 4111111111111111 sk-abcdefghijklmnopqrst"
    assert redactor.redact(text) == text
    item = interaction(text)
    redactor.interactions([item])
    assert item.input == f"in: {text}"
    assert item.output == f"out: {text}"
    assert item.retrieval_chunks[0].text == text
    assert item.attributes == {"note": text, "lang": "en"}


# -- records -------------------------------------------------------------------------


def interaction(text: str) -> Interaction:
    return Interaction(
        service="svc",
        timestamp=T0,
        latency_ms=1.0,
        input=f"in: {text}",
        output=f"out: {text}",
        retrieval_chunks=[
            RetrievedChunk(id="c1", text=text, score=0.5),
            RetrievedChunk(id="c2", text="harmless"),
        ],
        attributes={"note": text, "lang": "en"},
    )


def test_interactions_redacts_every_free_text_in_place() -> None:
    items = [interaction("mail ana@example.com"), interaction("card 4111111111111111")]
    DEFAULT.interactions(items)
    first, second = items
    assert first.input == f"in: mail {EMAIL}"
    assert first.output == f"out: mail {EMAIL}"
    assert [c.text for c in first.retrieval_chunks] == [f"mail {EMAIL}", "harmless"]
    assert first.attributes == {"note": f"mail {EMAIL}", "lang": "en"}
    assert second.input == f"in: card {CARD}"
    assert second.retrieval_chunks[0].text == f"card {CARD}"
    assert [c.id for c in first.retrieval_chunks] == ["c1", "c2"]
    assert first.service == "svc"


def test_interactions_finds_a_secret_in_any_item_of_a_batch() -> None:
    plain = [interaction("nothing here") for _ in range(3)]
    hidden = interaction("still nothing")
    hidden.retrieval_chunks[1].text = "config: api_key=abcdef123456"
    hidden.attributes["session"] = "bob@example.org"
    DEFAULT.interactions([*plain, hidden])
    assert hidden.retrieval_chunks[1].text == f"config: {KEY}"
    assert hidden.attributes["session"] == EMAIL
    assert all(item.input == "in: nothing here" for item in plain)


def test_interactions_without_attributes_or_chunks() -> None:
    item = Interaction(service="s", timestamp=T0, latency_ms=1, input="token=abcdefgh")
    DEFAULT.interactions([item])
    assert item.input == KEY
    assert item.attributes == {}
    assert item.retrieval_chunks == []


def test_interactions_leave_a_dict_the_caller_passed_alone() -> None:
    shared = {"note": "mail ana@example.com", "lang": "en"}
    item = Interaction(service="s", timestamp=T0, latency_ms=1, attributes=shared)
    DEFAULT.interactions([item])
    assert item.attributes == {"note": f"mail {EMAIL}", "lang": "en"}
    assert shared == {"note": "mail ana@example.com", "lang": "en"}


def test_scores_and_changes_are_redacted() -> None:
    score = Score(
        interaction_id="i1", scorer="judge", timestamp=T0, explanation="quoted ana@example.com"
    )
    change = ChangeEvent(
        service="svc", kind="config", timestamp=T0, description="rotated to sk-abcdefghijklmnopqrst"
    )
    DEFAULT.scores([score])
    DEFAULT.changes([change])
    assert score.explanation == f"quoted {EMAIL}"
    assert change.description == f"rotated to {KEY}"


# -- properties ----------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        "secret: ",
        "token=",
        "password = ",
        "api_key:",
        "4111 1111 1111 1111",
        "4111111111111111",
        "1234567890123",
        "ana@example.com",
        "sk-abcdefghijklmnopqrst",
        "AKIAIOSFODNN7EXAMPLE",
        "ghp_" + "a1B2c3D4e5" * 3 + "f6G7h8",
        "xoxb-123456789012",
        "[REDACTED:x]",
        "é",
        "_",
        " ",
        "-",
        "'",
        '"',
        "=",
        ":",
        "@",
        ".",
    ]
)
MIXED = st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(MIXED)
@example("my secret: 4111 1111 1111 1111")
@example("password='4111 1111 1111 1111'")
@example("token: -4111 1111 1111 1111")
@example("AKIAIOSFODNN7EXAMPLEsk-abcdefghijklmnopqrst")
def test_redacting_twice_equals_redacting_once(text: str) -> None:
    once = DEFAULT.redact(text)
    assert DEFAULT.redact(once) == once


_KEY_MARKERS = ("key", "token", "secret", "passw", "sk-", "akia", "ghp_", "xox", "aiza")


def _plain(text: str) -> bool:
    lowered = text.lower()
    return not any(m in lowered for m in _KEY_MARKERS)


PLAIN = st.text(
    alphabet=st.characters(blacklist_categories=("Nd", "Cs"), blacklist_characters="@"),
    max_size=200,
).filter(_plain)


@settings(max_examples=300, deadline=None)
@given(PLAIN)
def test_text_without_digits_at_signs_or_key_words_is_unchanged(text: str) -> None:
    assert DEFAULT.redact(text) == text


# -- pre-checks ----------------------------------------------------------------------


def _unchecked(text: str) -> str:
    """Every built-in pattern run on ``text``, in configuration order, with no pre-check."""
    for name in RedactionConfig().builtin:
        regex = re.compile(BUILTIN_PATTERNS[name])
        if name == "card_number":
            text = regex.sub(
                lambda m: CARD if luhn_ok(re.sub(r"\D", "", m.group())) else m.group(), text
            )
        else:
            text = regex.sub(f"[REDACTED:{name}]", text)
    return text


SEPARATED = st.lists(
    st.one_of(
        FRAGMENTS,
        st.sampled_from(
            ["\t", "\n", "  ", " -", "- ", "\u00a0", "\u017f", "\u212a", "KEY", "Token"]
        ),
        st.text(alphabet="0123456789 -:=", max_size=24),
        st.text(max_size=8),
    ),
    max_size=16,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(SEPARATED)
@example("my secret: 4111 1111 1111 1111")
@example("the api key page: see 4111-1111-1111-1111 and 4111  1111 1111 1111")
@example("PASSWORD\t\n =hunter22")
@example("pa\u017f\u017fword: hunter22")  # the regex equates the long s with "s"
@example("api_\u212aey=abcdefgh")  # and the Kelvin sign with "k"
@example("a:b:c:d:e:f:g:h:i:j:k:l:m:n:o:p:q:r:s:t:u:v:w:x:y:z token= abcdefgh")
@example("1 2 3 4 5 6 7 8 9 0 1 2 6")
def test_prechecks_never_skip_a_match(text: str) -> None:
    """The pre-checks only save time: the result is that of running every pattern."""
    assert DEFAULT.redact(text) == _unchecked(text)
    item = interaction(text)
    DEFAULT.interactions([item])
    assert (item.input, item.output) == (_unchecked(f"in: {text}"), _unchecked(f"out: {text}"))
    assert item.attributes["note"] == _unchecked(text)
