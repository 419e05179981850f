"""The checkable facts of a sentence: numbers with their units, names, dates, identifiers.

A claim's facts are what must match the retrieved passages exactly: a number
no passage has, a name no passage mentions, or a weekday the passages never
give is what a hallucination most often looks like. Everything is normalised
so that formats do not matter: ``$1,000`` and ``1000``, ``24-hour`` and
``24 hours``, ``ten`` and ``10``, ``25 million`` and ``25,000,000``, ``5 mins``
and ``5 minutes``.

:func:`content_terms` gives a text's stemmed content words from the same
pass; the rest of the lexical side is in :mod:`._terms`, the word lists in
:mod:`._facts_vocab`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ._facts_vocab import (
    COMMON_STARTS,
    MONTH_ABBR,
    MONTHS,
    NEGATIONS,
    NUMBER_WORDS,
    SCALES,
    STOPWORDS,
    UNITS,
    WEEKDAY_ABBR,
    WEEKDAYS,
)
from ._terms import TERM_PATTERN, normalise, stem, term

__all__ = ["Fact", "Facts", "analyse_text", "content_sequence", "content_terms", "extract_facts"]


# Number words that are rarely quantities anyone checks unless a unit follows.
_VAGUE = frozenset(["once", "single", "double", "half"])


def content_sequence(text: str) -> tuple[str, ...]:
    """Stemmed, lower-cased content words of ``text`` in order, without numbers and stopwords."""
    return analyse_text(text)[0]


@lru_cache(maxsize=16384)
def content_terms(text: str) -> frozenset[str]:
    """The set of :func:`content_sequence`."""
    return frozenset(content_sequence(text))


@dataclass(frozen=True, slots=True)
class Fact:
    """One checkable fact of a sentence.

    Attributes:
        kind: ``number``, ``name``, ``date`` or ``id``.
        key: the normalised value that must match (``24``, ``business``, ``friday``).
        unit: for numbers, the normalised unit when one follows (``hour``, ``%``, ``$``).
        text: how the sentence wrote it, for explanations.
        initial: the word starts its sentence (a weaker name).
    """

    kind: str
    key: str
    text: str
    unit: str | None = None
    #: A capitalised word that starts its sentence: maybe a name, maybe not.
    initial: bool = False


@dataclass(frozen=True, slots=True)
class Facts:
    """The facts of one sentence and the words it negates."""

    facts: tuple[Fact, ...]
    #: The stemmed content words a negation governs ("not *covered*", "cannot *change*").
    negated: frozenset[str]


def _key(value: float) -> str:
    return f"{value:.6g}" if value != int(value) else str(int(value))


def _unit_word(word: str) -> str | None:
    word = word.lower()
    if word in UNITS:
        return UNITS[word]
    for plural in ("s", "es"):  # "hours", "inches"
        if word.endswith(plural) and len(word) > len(plural) + 1:
            unit = UNITS.get(word[: -len(plural)])
            if unit is not None:
                return unit
    return None


@lru_cache(maxsize=65536)
def _capitalised(word: str) -> tuple[tuple[Fact, ...], str]:
    """The facts a capitalised word stands for, and when they hold.

    The second item is ``""`` (always), ``"mid"`` (only when the word does not
    start a sentence: "Note", "Free") or ``"day"`` (only before a day
    number: "Mar 3").
    """
    word = word.rstrip("'").removesuffix("'s")
    low = word.lower()
    if low in MONTHS:
        return (Fact("date", low, word),), "mid" if low == "may" else ""
    if low in MONTH_ABBR:
        return (Fact("date", MONTH_ABBR[low], word),), "day"
    day = low.removesuffix("s")  # "on Tuesdays"
    if day in WEEKDAYS or day in WEEKDAY_ABBR:
        return (Fact("date", WEEKDAY_ABBR.get(day, day), word),), ""
    if low in STOPWORDS or low in NUMBER_WORDS or low in UNITS:
        return (), ""
    if not low.replace("-", "").isalpha():
        return (), ""  # an identifier (Ed25519, SOC2, NWR_LOG): checked as one
    facts = tuple(Fact("name", part, word) for part in low.split("-") if part)
    return facts, "mid" if low in COMMON_STARTS else ""


def extract_facts(sentence: str) -> Facts:
    """The numbers, names, dates and identifiers of ``sentence``, and its negations."""
    return analyse_text(sentence)[1]


@lru_cache(maxsize=16384)
def analyse_text(sentence: str) -> tuple[tuple[str, ...], Facts]:
    """:func:`content_sequence` and :func:`extract_facts` of ``sentence`` in one pass."""
    sequence, facts, negated = _scan(normalise(sentence))
    return sequence, Facts(tuple(dict.fromkeys(facts)), negated)


# --- one pass over a sentence's tokens: numbers, names, dates, identifiers, negations ---

# Tokens: runs without spaces or hard punctuation (keeping . - / ' _ $ % inside).
_TOKEN = re.compile(
    r"([\s,;:()\[\]{}\"!?<>=*|`]*)"
    r"([^\s,;:()\[\]{}\"!?<>=*|`]+(?:,\d{3}(?!\d)[^\s,;:()\[\]{}\"!?<>=*|`]*)*)"
)
_NUM_TOKEN = re.compile(
    r"([$€£])?(\d+(?:,\d{3})*(?:\.\d+)?)(?:st|nd|rd|th)?(?:-?([A-Za-z]+)(?:-[A-Za-z]+)*|(%))?"
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLAUSE_WORDS = frozenset(["but", "and", "or", "so", "because", "while", "which", "that"])
_TRAILING = ".'-/"


def _is_negation(low: str) -> bool:
    return low in NEGATIONS or low.endswith("n't")


def _clean(raw: str) -> str:
    return raw.rstrip(_TRAILING).lstrip("'").removesuffix("'s")


def _scan(text: str) -> tuple[tuple[str, ...], list[Fact], frozenset[str]]:
    """The content words, the facts and the words negations govern, of normalised ``text``.

    Most tokens are plain lower-case words, which only matter as content
    words, number words, negations, or words a negation governs: they take
    the fast path.
    """
    found = _TOKEN.findall(text)
    gaps = [g for g, _ in found]
    raws = [r for _, r in found]
    sequence: list[str] = []
    facts: list[Fact] = []
    negated: set[str] = set()
    pending = 0  # words a negation may still govern (0: none pending)
    for i, raw in enumerate(raws):
        if raw.isalpha() and raw.islower():  # the fast path: a plain word
            if pending and (raw in _CLAUSE_WORDS or _clause_break(gaps, raws, i)):
                pending = 0
            stemmed = term(raw)
            if stemmed:
                sequence.append(stemmed)
            if raw in NEGATIONS:
                pending = 4
            elif raw in NUMBER_WORDS:
                _number_word(raw, i, raws, facts)
            elif pending:
                pending -= 1
                if stemmed:
                    negated.add(stemmed)
                    pending = 0
            continue
        token = _clean(raw)
        low = raw.lower()
        sequence.extend(t for part in TERM_PATTERN.findall(low) if (t := term(part)))
        if not token:
            continue
        low = token.lower()
        if pending and (low in _CLAUSE_WORDS or _clause_break(gaps, raws, i)):
            pending = 0
        first = token[0]
        if first.isdigit() or first in "$€£":
            _number_token(token, i, raws, facts)
        elif low in NUMBER_WORDS:
            _number_word(low, i, raws, facts)
        elif first.isupper():
            _capitalised_token(token, _starts_sentence(gaps, raws, i), i, raws, facts)
        elif not token.isalpha():
            _identifier_token(token, facts)
        if _is_negation(low):
            pending = 4
        elif pending:
            pending -= 1
            if low not in STOPWORDS and len(low) > 1 and not low[0].isdigit():
                negated.add(stem(low))
                pending = 0
    return tuple(sequence), facts, frozenset(negated)


def _starts_sentence(gaps: list[str], raws: list[str], i: int) -> bool:
    before = gaps[i].rstrip()
    if before:
        return before[-1] in '.:!?"'
    return i == 0 or raws[i - 1][-1] in '.:!?"'


def _clause_break(gaps: list[str], raws: list[str], i: int) -> bool:
    """Whether a comma, semicolon, colon or bracket separates token ``i`` from the one before."""
    return i == 0 or any(c in ",;:()" for c in gaps[i]) or raws[i - 1][-1] in ".!?"


def _next(raws: list[str], i: int) -> str:
    return _clean(raws[i]).lower() if i < len(raws) else ""


def _number_word(low: str, i: int, raws: list[str], facts: list[Fact]) -> None:
    nxt = _next(raws, i + 1)
    unit = _unit_word(nxt) if nxt else None
    if unit is not None or low not in _VAGUE:
        shown = f"{low} {nxt}" if unit is not None else low
        facts.append(Fact("number", _key(float(NUMBER_WORDS[low])), shown, unit))


def _capitalised_token(
    token: str, sentence_start: bool, i: int, raws: list[str], facts: list[Fact]
) -> None:
    if not token.replace("-", "").replace("'", "").isalpha():
        _identifier_token(token, facts)  # RLY-4290, Ed25519, NWR_LOG, Node.js
        return
    if "-" in token and not all(p[:1].isupper() for p in token.split("-")):
        _identifier_token(token, facts)  # "Davis-directed": the name, and the whole
        token = token.split("-")[0]
    found, when = _capitalised(token)
    if not found:
        return
    if when == "mid" and sentence_start:
        return  # a common word that starts the sentence, not a name
    if when == "day" and not _next(raws, i + 1)[:1].isdigit():
        return  # "Mar" without a day number: not a month
    if sentence_start:
        found = tuple(replace(f, initial=True) for f in found)
    facts.extend(found)


def _number_token(token: str, i: int, raws: list[str], facts: list[Fact]) -> None:
    if _ISO_DATE.fullmatch(token):
        facts.append(Fact("date", token, token))
        return
    match = _NUM_TOKEN.fullmatch(token)
    if match is None:
        if any(c.isalpha() for c in token):
            _identifier_token(token, facts)  # 4.4.0-beta, 10xxx
        else:  # "4.4.0", "02/03", "5-10": each number
            for part in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", token):
                facts.append(Fact("number", _key(float(part.replace(",", ""))), part))
        return
    cur, digits, glued, percent = match.groups()
    value = float(digits.replace(",", ""))
    text_ = token
    unit: str | None = None
    if glued is not None:
        scale = SCALES.get(glued.lower()) if len(glued) <= 2 or glued.isalpha() else None
        unit = _unit_word(glued)
        if unit is None and scale is not None and glued.lower() in SCALES:
            value *= scale
        elif unit is None:  # "13-character": a number and a word, checked as the number
            facts.append(Fact("number", _key(value), digits))
            return
    elif percent:
        unit = "%"
    nxt = _next(raws, i + 1)
    if nxt in SCALES and len(nxt) > 2 and glued is None:  # "25 million"
        value *= SCALES[nxt]
        text_ = f"{token} {nxt}"
        nxt = _next(raws, i + 2)
    if unit is None and nxt:
        unit = _unit_word(nxt)
        if unit is not None:
            text_ = f"{text_} {nxt}"
    if cur:
        unit = UNITS[cur]
    facts.append(Fact("number", _key(value), text_, unit))


def _identifier_token(token: str, facts: list[Fact]) -> None:
    token = token.strip(_TRAILING + "_")
    if not token or token.isalpha() or not any(c.isalpha() for c in token):
        return
    if "." in token and all(len(p) <= 1 for p in token.split(".")):
        return  # "e.g", "U.S"
    if "'" in token and token.replace("'", "").isalpha():
        return
    facts.append(Fact("id", token.lower(), token))
