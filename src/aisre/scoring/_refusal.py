"""The refusal scorer: is the answer a refusal, a partial refusal, or an answer?

Fast, offline and explainable: the decision is made by refusal *phrases*
(see :mod:`._refusal_phrases`: explicit refusals, scope disclaimers, "I
don't have that information", policy refusals, bare hedges, in English,
German, French and Spanish), by ``finish_reason == "content_filter"``, and
by the OpenAI ``refusal`` field (recorded by the gateway as
``attributes["refusal"]``). The explanation quotes the phrase that decided.

An answer that refuses one part and answers another is ``partial``: after
the clauses holding refusal phrases, apologies and redirects ("please contact
support") are set aside, what is left must still hold at least
``min_answer_words`` words that carry meaning. "You cannot delete the default
project, but you can rename it" is an answer: capability words count only
with a first-person subject ("I can't help with that").

Example:
    >>> detect_refusal("I'm sorry, but I can't help with that.").label
    'refusal'
    >>> detect_refusal("Unfortunately the Free plan has no SSO; the Business plan adds it.").label
    'answer'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from aisre.core import Interaction

from ._refusal_phrases import (
    CLAUSE_SPLIT,
    FILLER,
    KIND_WEIGHTS,
    REDIRECT_ONLY,
    STOPWORDS,
    WORD,
    compile_phrases,
    normalise,
    starts_clause,
)
from ._scorer import ScorerContext, Verdict, scorer

__all__ = ["RefusalDetection", "RefusalDetector", "RefusalScorer", "detect_refusal"]

#: The share of its phrase weight a partial refusal keeps as its refusal confidence.
PARTIAL_FACTOR = 0.6
#: Refusal confidence of an answer that hedges ("I'm not sure") and still answers.
HEDGED_ANSWER_VALUE = 0.2
_QUOTE_MAX = 120
_NO_FIELD = frozenset({"", "null", "none", "false"})
#: Longer answers are never only a redirect (and are not tried, which keeps them fast).
_REDIRECT_MAX = 200


@dataclass(frozen=True, slots=True)
class RefusalDetection:
    """What :func:`detect_refusal` found.

    Attributes:
        label: ``refusal``, ``partial`` or ``answer``.
        value: refusal confidence in [0, 1].
        kind: what decided: a phrase kind (``explicit``, ``scope``, ``no_information``,
            ``policy``, ``hedge``, ``custom``), ``redirect`` (only "please contact support"),
            ``content_filter``, ``refusal_field``,
            or ``none``.
        phrase: the deciding phrase as written in the answer ("" when none).
        answer_words: words that carry meaning outside the refusal clauses.
        explanation: a sentence a human can check.
    """

    label: str
    value: float
    kind: str
    phrase: str
    answer_words: int
    explanation: str

    @property
    def refused(self) -> bool:
        """Whether the answer refuses, fully or in part."""
        return self.label != "answer"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_MAX else text[: _QUOTE_MAX - 1] + "…"


class RefusalDetector:
    """Compiled phrases and the decision rule; :func:`detect_refusal` uses a default one.

    Args:
        min_answer_words: meaningful words outside the refusal clauses that make a
            refusal ``partial`` (and a hedge an answer).
        extra_phrases: regular expressions (on lower-case text with straight
            apostrophes) that are refusals too, e.g. a deployment's own wording.
        hedges: count a bare hedge ("I'm not sure.") with nothing else said as a refusal.
    """

    def __init__(
        self,
        min_answer_words: int = 4,
        extra_phrases: Sequence[str] = (),
        hedges: bool = True,
    ) -> None:
        if min_answer_words < 1:
            raise ValueError("min_answer_words must be at least 1")
        for source in extra_phrases:
            re.compile(source)  # a bad pattern fails here, with its own message
        self.min_answer_words = min_answer_words
        self.hedges = hedges
        self._groups, self._custom = compile_phrases(list(extra_phrases))
        self._gates: dict[str, list[re.Pattern[str]]] = {}
        self._clause_start: frozenset[str] = frozenset()
        for group in self._groups:
            self._clause_start |= group.clause_start
            for word in group.gate:
                self._gates.setdefault(word, []).append(group.regex)
        self._gate_words = frozenset(self._gates)

    def _matches(self, low: str) -> list[re.Match[str]]:
        """Every refusal phrase in ``low`` (normalised text), in order of position."""
        regexes: dict[int, re.Pattern[str]] = {}
        for word in self._gate_words.intersection(low.split()):
            for regex in self._gates[word]:
                regexes[id(regex)] = regex
        if self._custom is not None:
            regexes[id(self._custom)] = self._custom
        found = []
        for regex in regexes.values():
            for m in regex.finditer(low):
                start = m.start()
                if start and (low[start - 1].isalnum() or low[start - 1] == "_"):
                    continue  # not at the start of a word
                if m.lastgroup in self._clause_start and not starts_clause(low, start):
                    continue
                found.append(m)
        if len(regexes) > 1:
            found.sort(key=lambda m: m.start())
        return found

    def detect(
        self, text: str, finish_reason: str | None = None, refusal_field: str | None = None
    ) -> RefusalDetection | None:
        """Classify ``text``; None when it is empty and nothing else says it was refused."""
        if finish_reason == "content_filter":
            return RefusalDetection(
                "refusal", 1.0, "content_filter", "", 0, 'finish_reason "content_filter"'
            )
        if refusal_field is not None and refusal_field.strip().lower() not in _NO_FIELD:
            quoted = _quote(refusal_field)
            return RefusalDetection(
                "refusal", 1.0, "refusal_field", quoted, 0, f'refusal field: "{quoted}"'
            )
        if not text or text.isspace():
            return None
        low = normalise(text)
        matches = self._matches(low)
        if not matches:
            # Nothing but an apology and "please contact support (about that)" is a refusal too.
            if len(low) < _REDIRECT_MAX and REDIRECT_ONLY.fullmatch(low.strip()):
                quoted = _quote(text)
                return RefusalDetection(
                    "refusal",
                    KIND_WEIGHTS["redirect"],
                    "redirect",
                    quoted,
                    0,
                    f'only a redirect, no answer: "{quoted}"',
                )
            return RefusalDetection("answer", 0.0, "none", "", 0, "no refusal phrase")
        original = text if len(text) == len(low) else low
        strong = [m for m in matches if not m.lastgroup or not m.lastgroup.startswith("hedge")]
        deciding = max(strong or matches, key=lambda m: KIND_WEIGHTS[_kind(m)])
        kind = _kind(deciding)
        phrase = _quote(original[deciding.start() : deciding.end()])
        # Short text that is mostly refusal phrases cannot hold an answer: skip the clause analysis.
        outside = len(low.split()) - _phrase_words(low, matches)
        if outside < self.min_answer_words:
            words, sample = 0, ""
        else:
            words, sample = _answer_words(low, original, matches)
        weight = KIND_WEIGHTS[kind]
        answered = words >= self.min_answer_words
        if kind == "hedge":
            if answered or not self.hedges:
                why = f"but answers ({words} answer words)" if answered else "hedges not counted"
                return RefusalDetection(
                    "answer", HEDGED_ANSWER_VALUE, kind, phrase, words, f'hedge "{phrase}", {why}'
                )
            return RefusalDetection(
                "refusal", weight, kind, phrase, words, f'hedge without an answer: "{phrase}"'
            )
        if answered:
            return RefusalDetection(
                "partial",
                round(weight * PARTIAL_FACTOR, 3),
                kind,
                phrase,
                words,
                f'partial refusal: refusal phrase "{phrase}" ({kind}), '
                f'but answers ({words} answer words: "{_quote(sample)}")',
            )
        return RefusalDetection(
            "refusal", weight, kind, phrase, words, f'refusal phrase: "{phrase}" ({kind})'
        )


def _kind(match: re.Match[str]) -> str:
    group = match.lastgroup or "custom_0"
    return group.rsplit("_", 1)[0]


def _phrase_words(low: str, matches: list[re.Match[str]]) -> int:
    """Words inside refusal phrases; overlapping phrases (in position order) count once."""
    words, end = 0, -1
    for m in matches:
        start = max(m.start(), end)
        if m.end() > start:
            words += len(low[start : m.end()].split())
            end = m.end()
    return words


def _answer_words(low: str, original: str, matches: list[re.Match[str]]) -> tuple[int, str]:
    """Meaningful words in the clauses without a refusal phrase, and the first such clause."""
    spans = [(m.start(), m.end()) for m in matches]
    count, sample = 0, ""
    start = 0
    bounds = [(b.start(), b.end()) for b in CLAUSE_SPLIT.finditer(low)]
    bounds.append((len(low), len(low)))
    for end, after in bounds:
        if end > start and not any(s < end and e > start for s, e in spans):
            clause = FILLER.sub(" ", low[start:end])
            n = sum(1 for w in WORD.findall(clause) if w not in STOPWORDS)
            if n:
                count += n
                if not sample:
                    sample = original[start:end]
        start = after
    return count, sample


_DEFAULT: RefusalDetector | None = None


def detect_refusal(
    text: str, finish_reason: str | None = None, refusal_field: str | None = None
) -> RefusalDetection | None:
    """Classify one answer with the default settings (see :class:`RefusalDetector`)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RefusalDetector()
    return _DEFAULT.detect(text, finish_reason, refusal_field)


@scorer("refusal")
class RefusalScorer:
    """Scores whether an interaction's output refuses: value = refusal confidence.

    ``passed`` is False for a refusal, and for a partial refusal unless
    ``partial_passes``. Not applicable to interactions with an error status,
    nor to an empty output without a content filter or refusal field.

    Options (``scoring.options.refusal``): ``min_answer_words`` (4),
    ``extra_phrases`` (regular expressions), ``hedges`` (True), ``partial_passes`` (False).
    """

    name: ClassVar[str] = "refusal"
    version: ClassVar[str] = "2"

    def __init__(
        self,
        context: ScorerContext | None = None,
        *,
        min_answer_words: int = 4,
        extra_phrases: Sequence[str] = (),
        hedges: bool = True,
        partial_passes: bool = False,
    ) -> None:
        self.detector = RefusalDetector(min_answer_words, list(extra_phrases), hedges)
        self.partial_passes = partial_passes

    def score(self, interaction: Interaction) -> Verdict | None:
        """The refusal verdict on ``interaction``, or None when it does not apply."""
        if interaction.status == "error":
            return None
        found = self.detector.detect(
            interaction.output, interaction.finish_reason, interaction.attributes.get("refusal")
        )
        if found is None:
            return None
        passed = found.label == "answer" or (found.label == "partial" and self.partial_passes)
        return Verdict(found.value, passed, found.label, found.explanation)
