"""The retrieved passages and the question, analysed once for checking claims against them.

Each passage is split into sentences whose content words, facts, word pairs and word
forms are worked out once and cached per passage: passages recur across interactions in
new combinations. The question is analysed only when a claim needs it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

from ._claims import split_sentences
from ._facts import Facts, content_sequence, content_terms, extract_facts
from ._terms import bigrams, normalise, plain_terms, word_forms

__all__ = ["Context", "Question", "Sentence", "analyse_context"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a retrieved passage, analysed."""

    text: str
    chunk: int
    terms: frozenset[str]
    facts: Facts
    pairs: frozenset[tuple[str, str]]
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class Context:
    """The retrieved passages, analysed for claim checking."""

    sentences: tuple[Sentence, ...]
    terms: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    #: Every lower-cased word of the passages, and its stem (names are checked here).
    words: frozenset[str]
    #: Number key -> the units it appears with (None: without one).
    numbers: dict[str, frozenset[str | None]]
    #: The passages lower-cased, for identifiers.
    lower: str


@lru_cache(maxsize=4096)
def _sentence(text: str) -> Sentence:
    return Sentence(
        text,
        0,
        content_terms(text),
        extract_facts(text),
        bigrams(content_sequence(text), True),
        word_forms(normalise(text)),
    )


@lru_cache(maxsize=4096)
def _chunk(text: str) -> tuple[tuple[Sentence, ...], frozenset[str], str]:
    """One passage analysed once: its sentences, its words, its normalised text.

    Retrieved passages recur across interactions in new combinations, so the
    work is cached per passage, not per set of passages.
    """
    normalised = normalise(text)
    return tuple(_sentence(s) for s in split_sentences(text)), word_forms(normalised), normalised


@lru_cache(maxsize=2048)
def analyse_context(chunks: tuple[str, ...]) -> Context:
    """Split the chunk texts into sentences and index their words, numbers and names."""
    analysed = [_chunk(chunk) for chunk in chunks]
    sentences = tuple(
        s if i == 0 else dataclasses.replace(s, chunk=i)
        for i, (parts, _, _) in enumerate(analysed)
        for s in parts
    )
    numbers: dict[str, set[str | None]] = {}
    for sentence in sentences:
        for fact in sentence.facts.facts:
            if fact.kind == "number":
                numbers.setdefault(fact.key, set()).add(fact.unit)
    return Context(
        sentences,
        frozenset().union(*(s.terms for s in sentences)),
        frozenset().union(*(s.pairs for s in sentences)),
        frozenset().union(*(words for _, words, _ in analysed)),
        {k: frozenset(v) for k, v in numbers.items()},
        " ".join(text for _, _, text in analysed).lower(),
    )


class Question:
    """The user's question, analysed only when a claim needs it (most never do)."""

    def __init__(self, text: str = "") -> None:
        self.text = text
        self._terms: frozenset[str] | None = None
        self._words: frozenset[str] | None = None

    @property
    def terms(self) -> frozenset[str]:
        """Its content words (a claim word only the question has gets partial credit)."""
        if self._terms is None:
            self._terms = plain_terms(self.text) if self.text else frozenset()
        return self._terms

    @property
    def words(self) -> frozenset[str]:
        """Its words and stems (a name the answer repeats from the question is not invented)."""
        if self._words is None:
            self._words = word_forms(normalise(self.text)) if self.text else frozenset()
        return self._words
