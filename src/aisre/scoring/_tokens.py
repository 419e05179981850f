"""Words and numbers of a text, for the lexical scorers.

Lower-cased word tokens without stopwords ("content words"), with a light
suffix stemming so that "rotate", "rotates" and "rotated" meet; numbers with
their thousands separators and decimal commas normalised ("1,000" and "1000"
are one number).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["content_words", "numbers", "sentences", "word_set"]

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?|\d+(?:[.,]\d+)*", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:[,\u202f ]\d{3})+(?:\.\d+)?(?![\w])|\d+(?:[.,]\d+)?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(¿¡])|\n+")

_STOPWORD_TEXT = """
a an the and or but if then so of to in on at by for with from into onto over under
as is are was were be been being am do does did done have has had having it its
this that these those there here what which who whom whose when where why how i you
he she we they me him her us them my your his our their mine yours can could may
might must shall should will would not no nor only also just than too very more
most much many some any each every all both either neither one such own same other
about above below up down out off again further once s t don doesn didn isn aren
wasn weren won wouldn shouldn couldn via per
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_SUFFIXES = ("ingly", "edly", "ing", "ed", "es", "ly", "s")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def content_words(text: str) -> list[str]:
    """The text's content words, lower-cased and stemmed, in order."""
    return [
        _stem(word)
        for word in _WORD.findall(text.lower())
        if word not in _STOPWORDS and not word[0].isdigit()
    ]


@lru_cache(maxsize=8192)
def word_set(text: str) -> frozenset[str]:
    """The set of ``text``'s content words, cached: retrieved chunks recur."""
    return frozenset(content_words(text))


def numbers(text: str) -> set[str]:
    """The numbers in ``text``, normalised (``1,000`` → ``1000``, ``2,5`` → ``2.5``)."""
    found = set()
    for raw in _NUMBER.findall(text):
        if re.fullmatch(r"\d{1,3}(?:[,\u202f ]\d{3})+(?:\.\d+)?", raw):
            raw = re.sub(r"[,\u202f ]", "", raw)
        found.add(raw.replace(",", "."))
    return found


def sentences(text: str) -> list[str]:
    """``text`` split into sentences (and lines)."""
    return [part.strip() for part in _SENTENCE.split(text) if part and part.strip()]
