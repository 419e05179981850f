"""The checkable facts of a sentence: numbers with their units, names, dates, identifiers.

A claim's facts are what must match the retrieved passages exactly: a number
no passage has, a name no passage mentions, or a weekday the passages never
give is what a hallucination most often looks like. Everything is normalised
so that formats do not matter: ``$1,000`` and ``1000``, ``24-hour`` and
``24 hours``, ``ten`` and ``10``, ``25 million`` and ``25,000,000``, ``5 mins``
and ``5 minutes``.

The lexical side lives here too: :func:`content_terms` gives the stemmed
content words of a text (case, punctuation and simple inflections removed),
which :mod:`._evidence` compares between a claim and the passages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

__all__ = [
    "Fact",
    "Facts",
    "bigrams",
    "content_sequence",
    "content_terms",
    "extract_facts",
    "normalise",
    "stem",
]

STOPWORDS = frozenset(
    """
    a an the and or but if then else of to in on at by for with from as into onto about
    is are was were be been being am do does did done doing have has had having can
    could will would shall should may might must i me my we our us you your he him his
    she her it its they them their this that these those there here what which who whom
    whose when where why how not no nor so than too very just also only own same such
    both each few more most other some any all up down out over under again further once
    s t get gets got use uses used using please yes let lets via per within while
    whether because since until upon across after before between through during without
    within one ones another every etc e g ie eg i.e e.g like well even still yet though
    although however thus therefore cannot can't don don't doesn doesn't isn isn't aren
    aren't won won't wasn weren shouldn didn hasn haven couldn never none
    """.split()  # noqa: SIM905
)

# Words that start sentences without being names (imperatives, connectives).
_COMMON_STARTS = frozenset(
    """
    yes no note notes first second third then next finally also however generally
    typically usually otherwise instead once when after before while if for to in on at
    by with from each every most all new free only both either neither none some many
    few more less install use run set go click open create add remove delete enable
    disable choose select make see check call send read write keep ask contact sign log
    visit find update upgrade there here this that these those it its they their you
    your we our he she his her
    """.split()  # noqa: SIM905
)

_NEGATIONS = frozenset(
    """
    not no never cannot can't cant don't dont doesn't doesnt isn't isnt aren't arent
    won't wont wasn't wasnt weren't werent shouldn't shouldnt mustn't mustnt hasn't
    hasnt haven't havent didn't didnt couldn't couldnt without none neither nor unable
    """.split()  # noqa: SIM905
)

_NUMBER_WORDS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "once": 1,
    "twice": 2,
    "single": 1,
    "double": 2,
    "half": 0.5,
    "dozen": 12,
}
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
}
_UNITS = {
    "ms": "millisecond",
    "msec": "millisecond",
    "millisecond": "millisecond",
    "s": "second",
    "sec": "second",
    "secs": "second",
    "second": "second",
    "min": "minute",
    "mins": "minute",
    "minute": "minute",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "wk": "week",
    "month": "month",
    "mo": "month",
    "year": "year",
    "yr": "year",
    "decade": "decade",
    "century": "century",
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "pct": "%",
    "kb": "kb",
    "kib": "kb",
    "mb": "mb",
    "mib": "mb",
    "gb": "gb",
    "gib": "gb",
    "tb": "tb",
    "tib": "tb",
    "byte": "byte",
    "kilobyte": "kb",
    "megabyte": "mb",
    "gigabyte": "gb",
    "terabyte": "tb",
    "$": "$",
    "usd": "$",
    "dollar": "$",
    "€": "€",
    "eur": "€",
    "euro": "€",
    "£": "£",
    "gbp": "£",
    "pound": "£",
    "mile": "mile",
    "km": "km",
    "kilometre": "km",
    "kilometer": "km",
    "metre": "m",
    "meter": "m",
    "foot": "foot",
    "feet": "foot",
    "kg": "kg",
    "kilogram": "kg",
    "lb": "lb",
}
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_ABBR = {m[:3]: m for m in _MONTHS} | {"sept": "september"}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_ABBR = {d[:3]: d for d in _WEEKDAYS}

_SPACE = re.compile(r"\s+")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = re.compile(r"[\u2018\u2019\u201a\u201b\u2032]")

# Number words that are rarely quantities anyone checks unless a unit follows.
_VAGUE = frozenset(["once", "single", "double", "half"])
_TERM = re.compile(r"[^\W_]+")
_WORD = re.compile(r"[^\W\d_][\w'\u2019]*|\d+")


def normalise(text: str) -> str:
    """Unify dashes, quotes, spaces and accents (case is kept: names need it)."""
    if not text.isascii():
        text = _QUOTES.sub("'", _DASHES.sub("-", text))
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    if "  " in text or "\n" in text or "\t" in text or "\r" in text:
        text = _SPACE.sub(" ", text)
    return text


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stemmer: plurals, ``-ed``, ``-ing``, ``-ly`` and a final ``e`` meet."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("ed", ""),
        ("ly", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: len(word) - len(suffix)] + repl
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


@lru_cache(maxsize=65536)
def _term(token: str) -> str:
    """The stem of a content word; empty for stopwords, numbers and single letters."""
    if len(token) < 2 or token in STOPWORDS or token in _NUMBER_WORDS or token[0].isdigit():
        return ""
    return stem(token)


def plain_terms(text: str) -> frozenset[str]:
    """:func:`content_terms` without the fact analysis (for questions: cheaper)."""
    return frozenset(t for token in _TERM.findall(normalise(text).lower()) if (t := _term(token)))


def content_sequence(text: str) -> tuple[str, ...]:
    """Stemmed, lower-cased content words of ``text`` in order, without numbers and stopwords."""
    return analyse_text(text)[0]


@lru_cache(maxsize=16384)
def content_terms(text: str) -> frozenset[str]:
    """The set of :func:`content_sequence`."""
    return frozenset(content_sequence(text))


def bigrams(sequence: tuple[str, ...], skip: bool = False) -> frozenset[tuple[str, str]]:
    """Pairs of neighbouring content words (with ``skip``, also words one apart)."""
    pairs = set(pairwise(sequence))
    if skip:
        pairs.update(zip(sequence, sequence[2:], strict=False))
    return frozenset(pairs)


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
    if word in _UNITS:
        return _UNITS[word]
    for plural in ("s", "es"):  # "hours", "inches"
        if word.endswith(plural) and len(word) > len(plural) + 1:
            unit = _UNITS.get(word[: -len(plural)])
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
    if low in _MONTHS:
        return (Fact("date", low, word),), "mid" if low == "may" else ""
    if low in _MONTH_ABBR:
        return (Fact("date", _MONTH_ABBR[low], word),), "day"
    day = low.removesuffix("s")  # "on Tuesdays"
    if day in _WEEKDAYS or day in _WEEKDAY_ABBR:
        return (Fact("date", _WEEKDAY_ABBR.get(day, day), word),), ""
    if low in STOPWORDS or low in _NUMBER_WORDS or low in _UNITS:
        return (), ""
    if not low.replace("-", "").isalpha():
        return (), ""  # an identifier (Ed25519, SOC2, NWR_LOG): checked as one
    facts = tuple(Fact("name", part, word) for part in low.split("-") if part)
    return facts, "mid" if low in _COMMON_STARTS else ""


def extract_facts(sentence: str) -> Facts:
    """The numbers, names, dates and identifiers of ``sentence``, and its negations."""
    return analyse_text(sentence)[1]


@lru_cache(maxsize=16384)
def analyse_text(sentence: str) -> tuple[tuple[str, ...], Facts]:
    """:func:`content_sequence` and :func:`extract_facts` of ``sentence`` in one pass."""
    sequence, facts, negated = _scan(normalise(sentence))
    return sequence, Facts(tuple(dict.fromkeys(facts)), negated)


def word_forms(text: str) -> frozenset[str]:
    """The lower-cased words of ``text``, without a possessive ``'s``, and their stems."""
    words = {w.removesuffix("'s") for w in lower_words(text)}
    return frozenset(words | {stem(w) for w in words})


def lower_words(text: str) -> list[str]:
    """Lower-cased words (apostrophes kept: ``can't``)."""
    return [w.lower().replace("\u2019", "'") for w in _WORD.findall(text)]


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
    return low in _NEGATIONS or low.endswith("n't")


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
            term = _term(raw)
            if term:
                sequence.append(term)
            if raw in _NEGATIONS:
                pending = 4
            elif raw in _NUMBER_WORDS:
                _number_word(raw, i, raws, facts)
            elif pending:
                pending -= 1
                if term:
                    negated.add(term)
                    pending = 0
            continue
        token = _clean(raw)
        low = raw.lower()
        sequence.extend(t for part in _TERM.findall(low) if (t := _term(part)))
        if not token:
            continue
        low = token.lower()
        if pending and (low in _CLAUSE_WORDS or _clause_break(gaps, raws, i)):
            pending = 0
        first = token[0]
        if first.isdigit() or first in "$€£":
            _number_token(token, i, raws, facts)
        elif low in _NUMBER_WORDS:
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
        facts.append(Fact("number", _key(float(_NUMBER_WORDS[low])), shown, unit))


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
        scale = _SCALES.get(glued.lower()) if len(glued) <= 2 or glued.isalpha() else None
        unit = _unit_word(glued)
        if unit is None and scale is not None and glued.lower() in _SCALES:
            value *= scale
        elif unit is None:  # "13-character": a number and a word, checked as the number
            facts.append(Fact("number", _key(value), digits))
            return
    elif percent:
        unit = "%"
    nxt = _next(raws, i + 1)
    if nxt in _SCALES and len(nxt) > 2 and glued is None:  # "25 million"
        value *= _SCALES[nxt]
        text_ = f"{token} {nxt}"
        nxt = _next(raws, i + 2)
    if unit is None and nxt:
        unit = _unit_word(nxt)
        if unit is not None:
            text_ = f"{text_} {nxt}"
    if cur:
        unit = _UNITS[cur]
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
