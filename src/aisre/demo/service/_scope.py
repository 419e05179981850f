"""Whether a question is about the documentation at all, or must be declined.

Three signals, combined linearly (weights tuned on the even lines of the
golden set and checked on the odd ones):

* how well the best retrieved sentence matches: the weighted share of the
  question's key terms in it (its passage's title included);
* how similar the best passage is to the question (WordLlama cosine);
* what the question names that the documentation never mentions: the
  idf-weighted share of its key terms absent from the knowledge base's
  vocabulary ("GraphQL", "risotto", "headquarters"), and, in an English
  question, capitalised names absent from every passage ("Gmail", "Ubuntu").
  A question the glossary translated keeps some foreign words the glossary
  lacks, so its unknown share counts half.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from ._question import Question
from ._text import names

__all__ = ["in_scope", "scope_score"]

#: Weights of the passage cosine, the unknown-term share and each unknown name.
COSINE_WEIGHT = 1.0
UNKNOWN_WEIGHT = 0.5
NAME_WEIGHT = 0.2
#: Below this the question is declined.
THRESHOLD = 0.6


def scope_score(
    question: Question,
    overlap: float,
    cosine: float,
    idf: Callable[[str], float],
    vocabulary: Collection[str],
    corpus: str,
) -> float:
    """How much ``question`` looks answerable from the documentation.

    Args:
        question: the analysed question.
        overlap: key-term share of the best retrieved sentence.
        cosine: WordLlama cosine of the best retrieved passage.
        idf: a term's inverse document frequency (the highest for unknown terms).
        vocabulary: the knowledge base's terms.
        corpus: the knowledge base's text, lower-cased (to look names up).
    """
    asked = sorted(question.terms)  # a fixed order: the sums are reproducible
    total = sum(idf(t) for t in asked)
    unknown = sum(idf(t) for t in asked if t not in vocabulary) / total if total else 1.0
    foreign = question.english != question.text
    if foreign:
        unknown /= 2
        missing = 0
    else:
        missing = sum(1 for n in names(question.english) if n.lower() not in corpus)
    return overlap + COSINE_WEIGHT * cosine - UNKNOWN_WEIGHT * unknown - NAME_WEIGHT * missing


def in_scope(
    question: Question,
    overlap: float,
    cosine: float,
    idf: Callable[[str], float],
    vocabulary: Collection[str],
    corpus: str,
) -> bool:
    """Whether to answer ``question`` rather than decline it (see :func:`scope_score`)."""
    return scope_score(question, overlap, cosine, idf, vocabulary, corpus) >= THRESHOLD
