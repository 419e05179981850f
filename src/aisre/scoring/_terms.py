"""The lexical side of grounding: normalised text, stems, content words, word pairs.

:mod:`._evidence` compares a claim's content words and word forms with the passages';
these functions make both sides comparable (case, punctuation, accents and simple
inflections removed).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

from ._facts_vocab import NUMBER_WORDS, STOPWORDS

__all__ = [
    "TERM_PATTERN",
    "bigrams",
    "lower_words",
    "normalise",
    "plain_terms",
    "stem",
    "term",
    "word_forms",
]

_SPACE = re.compile(r"\s+")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = re.compile(r"[\u2018\u2019\u201a\u201b\u2032]")
TERM_PATTERN = re.compile(r"[^\W_]+")
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
def term(token: str) -> str:
    """The stem of a content word; empty for stopwords, numbers and single letters."""
    if len(token) < 2 or token in STOPWORDS or token in NUMBER_WORDS or token[0].isdigit():
        return ""
    return stem(token)


def plain_terms(text: str) -> frozenset[str]:
    """:func:`content_terms` without the fact analysis (for questions: cheaper)."""
    return frozenset(
        t for token in TERM_PATTERN.findall(normalise(text).lower()) if (t := term(token))
    )


def bigrams(sequence: tuple[str, ...], skip: bool = False) -> frozenset[tuple[str, str]]:
    """Pairs of neighbouring content words (with ``skip``, also words one apart)."""
    pairs = set(pairwise(sequence))
    if skip:
        pairs.update(zip(sequence, sequence[2:], strict=False))
    return frozenset(pairs)


def word_forms(text: str) -> frozenset[str]:
    """The lower-cased words of ``text``, without a possessive ``'s``, and their stems."""
    words = {w.removesuffix("'s") for w in lower_words(text)}
    return frozenset(words | {stem(w) for w in words})


def lower_words(text: str) -> list[str]:
    """Lower-cased words (apostrophes kept: ``can't``)."""
    return [w.lower().replace("\u2019", "'") for w in _WORD.findall(text)]
