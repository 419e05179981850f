"""Scoring retrieved sentences against a question.

A sentence of a retrieved passage is scored from these signals:

* ``overlap`` — the weighted share of the question's key terms the sentence
  contains, each term weighted by its idf (and less when it only sets the
  scene, see :mod:`._question`); terms of the passage's title count in
  ``context``;
* ``similarity`` — WordLlama cosine between the sentence and the question;
* ``passage`` — how well its passage matches (retrieval score relative to
  the best, and the best sentence overlap in it);
* ``cue`` — whether the sentence has what the question's answer type needs:
  a number for "how many", a date for "when", an instruction for "how do
  I", a rule for "can I", a cause for "why", a definition for "what is X",
  and the thing asked for ("which error code" -> ``RLY-1003``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ._question import Question, key_sequence, key_terms
from ._thesaurus import alternatives

__all__ = [
    "Features",
    "Matcher",
    "PassageTerms",
    "Scored",
    "Weights",
    "answer_cue",
    "features",
    "overlap",
    "partner",
    "passage_terms",
    "score_passage",
    "score_sentences",
]

_NUMBER = re.compile(r"\d")
_NUMBER_WORD = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|twice|once|half|double"
    r"|unlimited|no limit)\b"
)
_DATE = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november"
    r"|december|20\d\d|\d{4}-\d\d-\d\d|immediately|within)\b"
)
_INSTRUCTION = re.compile(
    r"^(to|run|use|open|go|call|set|create|click|add|enable|disable|select|choose|send|pass"
    r"|install|upgrade|stop|start|delete|revoke|rotate|sign|contact|email|configure|request"
    r"|ask|check|make|invite|generate|enter|in settings|from settings|with|on the|purge"
    r"|raise|remove|cancel|subscribe|export|import|restore|reset|replay|redrive|resume)\b"
    r"|\bnwr [a-z]|settings >|\b(run|call|click|open|use|set|select|choose|enter|with)\b"
)
_RULE = re.compile(
    r"\b(can|cannot|can't|may|must|only|not|never|always|allowed|required|requires"
    r"|no|yes|unless|except|free of charge|included|includes|refund\w*|applies)\b"
)
_CAUSE = re.compile(
    r"\b(because|caused|cause|due to|root cause|so that|as a result|triggered|usually means"
    r"|means|happens when)\b"
)
_WANT_PATTERNS: dict[str, re.Pattern[str]] = {
    "error": re.compile(r"\bRLY-\d{4}\b"),
    "header": re.compile(r"\b[A-Z][A-Za-z]*-[A-Z][A-Za-z-]+\b|\bheader\b"),
    "exception": re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b"),
    "version": re.compile(r"\b\d+\.\d+(?:\.\d+)?\b"),
    "format": re.compile(r"\b\w+_\w*|\bprefix\b|\bform\b|characters?\b"),
    "role": re.compile(
        r"\b(Owner|Admin|Admins|Developer|Developers|Billing|Viewer|Viewers|Auditor)\b"
    ),
    "command": re.compile(r"\bnwr [a-z]"),
    "place": re.compile(r"Settings >|\bpage\b|https?://|\.example\b|\bconsole\b"),
    "duration": re.compile(
        r"\d\s?-?(seconds?|minutes?|hours?|days?|weeks?|months?|years?|ms|s|m|h|d)\b"
        r"|\b(immediately|instantly)\b",
        re.IGNORECASE,
    ),
    "money": re.compile(r"[$\u20ac\u00a3]\s?\d|\b(USD|EUR|GBP|free of charge|no charge)\b"),
    "count": re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b"),
    "frequency": re.compile(
        r"\bevery\b|\bper (second|minute|hour|day|week|month|year)\b|\btimes a\b"
        r"|\b(hourly|daily|weekly|monthly)\b",
        re.IGNORECASE,
    ),
    "size": re.compile(r"\d\s?(KB|MB|GB|TB|KiB|MiB|GiB|bytes?|characters?)\b", re.IGNORECASE),
    "speed": re.compile(r"\bper (second|minute)\b|/s\b", re.IGNORECASE),
    "minimum": re.compile(r"\b(minimum|at least|no less than|as low as)\b", re.IGNORECASE),
    "maximum": re.compile(
        r"\b(maximum|up to|at most|no more than|limit|limited|cannot exceed|max)\b", re.IGNORECASE
    ),
    "default": re.compile(r"\bdefault\b|\bunless\b", re.IGNORECASE),
}
#: How much finding a wanted thing adds to the cue.
_WANT_BONUS = {
    "count": 0.0,
    "duration": 0.5,
    "money": 0.5,
    "frequency": 0.5,
    "size": 0.5,
    "speed": 0.5,
    "minimum": 0.5,
    "maximum": 0.5,
    "default": 0.5,
}

_CUES: dict[str, Callable[[str], float]] = {
    "quantity": lambda s: 1.0 if _NUMBER.search(s) or _NUMBER_WORD.search(s) else 0.0,
    "time": lambda s: 1.0 if _DATE.search(s) else 0.0,
    "procedure": lambda s: 1.0 if _INSTRUCTION.search(s) else 0.0,
    "reason": lambda s: 1.0 if _CAUSE.search(s) else 0.0,
    "policy": lambda s: 1.0 if _RULE.search(s) else 0.0,
    "definition": lambda s: 1.0 if _defined(s) else 0.0,
}


_NEGATION = re.compile(
    r"\b(not|no|never|cannot|can't|don't|doesn't|isn't|aren't|won't|without|unsupported)\b"
    r"|n't\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"\bwill\b", re.IGNORECASE)
_LATER = re.compile(r"\b(or later|or newer|or higher)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Features:
    """What :func:`answer_cue` looks for in a sentence, found once per sentence.

    Attributes:
        kinds: the answer types (``quantity``, ``time``...) whose cue it has.
        wants: the wanted things (``error``, ``duration``...) it names.
        number: it has a digit.
        later: it says "or later" (a minimum version).
        negation: it says "not", "never"...
        future: it says "will".
        opening: the key terms of what it defines: the words before its
            first "is", "are", "means"... when they are few ("SEV1 is ...",
            "Error RLY-3011, returned with HTTP 402, means ..."); none when
            the sentence does not open with a definition.
    """

    kinds: frozenset[str]
    wants: frozenset[str]
    number: bool
    later: bool
    negation: bool
    future: bool
    opening: frozenset[str]


@lru_cache(maxsize=8192)
def features(sentence: str) -> Features:
    """The cues of ``sentence`` (cached: the knowledge base's sentences are fixed)."""
    lowered = sentence.lower()
    return Features(
        frozenset(kind for kind, cue in _CUES.items() if cue(lowered)),
        frozenset(want for want, pattern in _WANT_PATTERNS.items() if pattern.search(sentence)),
        bool(_NUMBER.search(sentence)),
        bool(_LATER.search(sentence)),
        bool(_NEGATION.search(sentence)),
        bool(_FUTURE.search(sentence)),
        _defined(sentence),
    )


_COPULA = re.compile(r"\b(is|are|means|mean|refers to|stands for|counts as)\b")
#: Longest opening, in words, that a definition names before its verb.
_DEFINED_WORDS = 6


def _defined(sentence: str) -> frozenset[str]:
    verb = _COPULA.search(sentence)
    if verb is None or len(sentence[: verb.start()].split()) > _DEFINED_WORDS:
        return frozenset()
    return frozenset(key_sequence(sentence[: verb.start()]))


@lru_cache(maxsize=8192)
def _counts_unit(sentence: str, unit: str) -> bool:
    return re.search(rf"\d\s+{re.escape(unit)}", sentence.lower()) is not None


def answer_cue(question: Question, sentence: str, terms: frozenset[str] = frozenset()) -> float:
    """How well ``sentence`` has what the answer to ``question`` needs (0 to about 3).

    Args:
        question: the analysed question.
        sentence: the candidate sentence.
        terms: the sentence's key terms (for "how many X": X must be counted).
    """
    return _cue(question, sentence, features(sentence), terms)


def _cue(question: Question, sentence: str, found: Features, terms: frozenset[str]) -> float:
    score = (1.0 if question.kind in found.kinds else 0.0) if question.kind in _CUES else 0.0
    for want in question.wants:
        if want in found.wants:
            score += _WANT_BONUS.get(want, 1.0)
    if question.unit and question.unit in terms and found.number:
        score += 0.5
        if _counts_unit(sentence, question.unit):
            score += 0.5
    if "version" in question.wants and "minimum" in question.wants and found.later:
        score += 0.5
    if question.negative and found.negation:
        score += 0.5
    if question.future and found.future:
        score += 0.5
    if question.kind == "definition" and question.subject and question.subject in found.opening:
        score += 1.0
    return score


def overlap(question: Question, found: frozenset[str], idf: Callable[[str], float]) -> float:
    """The weighted share of ``question``'s key terms that are in ``found``.

    A term counts as found when it or one of its synonyms is (at
    :data:`SYNONYM_CREDIT` of its weight for a synonym).
    """
    return Matcher(question, idf)(found)


class Matcher:
    """:func:`overlap` for one question, its term weights worked out once."""

    __slots__ = ("_items", "total")

    def __init__(self, question: Question, idf: Callable[[str], float]) -> None:
        items = []
        for t in sorted(question.terms):  # a fixed order: the sums are reproducible
            weight, rarity = question.weights.get(t, 1.0), idf(t)
            items.append((t, rarity * weight, SYNONYM_CREDIT * rarity * weight, alternatives(t)))
        self._items = tuple(items)
        self.total: float = sum(item[1] for item in items)

    def __call__(self, found: frozenset[str]) -> float:
        """The weighted share of the question's key terms in ``found``."""
        if not self.total:
            return 0.0
        got = 0.0
        for t, full, synonym, others in self._items:
            if t in found:
                got += full
            elif others and not others.isdisjoint(found):
                got += synonym
        return got / self.total


#: Share of a term's weight a synonym of it earns.
SYNONYM_CREDIT = 0.7


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the signals of a sentence's score."""

    overlap: float = 1.0
    context: float = 1.0
    similarity: float = 2.0
    retrieval: float = 4.0
    passage_overlap: float = 1.0
    cue: float = 1.0
    lead: float = 0.2


# A sentence that opens with a pronoun is about its predecessor's subject.
_PRONOUN = re.compile(r"^(It|They|This|These|That|Those|Its|Their|Such)\b")


@dataclass(frozen=True, slots=True)
class Scored:
    """One sentence of a passage with its score.

    Attributes:
        sentence: the sentence text.
        position: its index in the passage.
        local: its own score (the passage's left out).
        overlap: share of the question's key-term weight in it and its title.
        terms: its key terms (a pronoun's antecedent's included).
    """

    sentence: str
    position: int
    local: float
    overlap: float
    terms: frozenset[str]


def score_sentences(
    question: Question,
    title: str,
    sentences: Sequence[str],
    similarities: Sequence[float],
    idf: Callable[[str], float],
    weights: Weights,
) -> list[Scored]:
    """Score the sentences of one passage against ``question``, in passage order."""
    return score_passage(
        question,
        Matcher(question, idf),
        passage_terms(title, tuple(sentences)),
        similarities,
        weights,
    )


@dataclass(frozen=True, slots=True)
class PassageTerms:
    """A passage's sentences analysed once: what scoring needs besides the question.

    Attributes:
        title: the key terms of its title.
        sentences: its sentences.
        terms: each sentence's key terms (a pronoun's antecedent's included).
        context: each sentence's key terms with the title's.
        features: each sentence's cues.
        covered: the key terms of the title and of every sentence.
    """

    title: frozenset[str]
    sentences: tuple[str, ...]
    terms: tuple[frozenset[str], ...]
    context: tuple[frozenset[str], ...]
    features: tuple[Features, ...]
    covered: frozenset[str]


@lru_cache(maxsize=4096)
def passage_terms(title: str, sentences: tuple[str, ...]) -> PassageTerms:
    """The key terms and cues of a passage's ``sentences`` (cached)."""
    title_terms = key_terms(title)
    own_terms: list[frozenset[str]] = []
    previous: frozenset[str] = frozenset()
    for sentence in sentences:
        own = key_terms(sentence)
        if _PRONOUN.match(sentence):
            own |= previous
        previous = own
        own_terms.append(own)
    return PassageTerms(
        title_terms,
        sentences,
        tuple(own_terms),
        tuple(own | title_terms for own in own_terms),
        tuple(features(s) for s in sentences),
        title_terms.union(*own_terms),
    )


def score_passage(
    question: Question,
    matcher: Matcher,
    passage: PassageTerms,
    similarities: Sequence[float],
    weights: Weights,
) -> list[Scored]:
    """Score the sentences of one analysed passage against ``question``, in passage order."""
    out: list[Scored] = []
    for pos, (sentence, own, titled, found, similarity) in enumerate(
        zip(
            passage.sentences,
            passage.terms,
            passage.context,
            passage.features,
            similarities,
            strict=True,
        )
    ):
        context = matcher(titled)
        local = (
            weights.overlap * matcher(own)
            + weights.context * context
            + weights.similarity * similarity
            + weights.cue * _cue(question, sentence, found, own)
            + (weights.lead if pos == 0 else 0.0)
        )
        out.append(Scored(sentence, pos, local, context, own))
    return out


def partner(
    question: Question,
    first: Scored,
    others: list[Scored],
    idf: Callable[[str], float],
    matcher: Matcher | None = None,
) -> Scored | None:
    """The sentence of the same passage that best completes ``first``, if any does.

    It is the one that adds the most: question terms ``first`` lacks, what the
    answer type needs, similarity; the passage's lead sentence (which names
    the subject) is preferred on ties.
    """
    if not others:
        return None
    missing = question.terms - first.terms
    share = matcher or Matcher(question, idf)

    def gain(s: Scored) -> float:
        return (
            s.local
            + PARTNER_NEW_TERMS * share(s.terms & missing)
            + (PARTNER_LEAD if s.position == 0 else 0.0)
            + (PARTNER_NEXT if s.position == first.position + 1 else 0.0)
        )

    return max(others, key=gain)


#: Weight of the question terms a partner sentence adds.
PARTNER_NEW_TERMS = 1.0
#: Bonus of the passage's lead sentence as a partner.
PARTNER_LEAD = 0.5
#: Bonus of the sentence right after the best one as a partner.
PARTNER_NEXT = 0.0
