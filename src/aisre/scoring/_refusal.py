"""The refusal scorer: is the answer a refusal, a partial refusal, or an answer?

Fast, offline and explainable: the decision is made by refusal *phrases*
(see :mod:`._refusal_en` and :mod:`._refusal_intl`: explicit refusals, scope disclaimers, "I
don't have that information", policy refusals, bare hedges, in English,
German, French and Spanish), by ``finish_reason == "content_filter"``, and
by the OpenAI ``refusal`` field (recorded by the gateway as
``attributes["refusal"]``). The explanation quotes the phrase that decided.

The labels follow what a refusal-rate SLI counts, users who did not get what
they asked (see docs/scoring-refusal.md): ``refusal`` gives none of the
information asked for (declines, has no information, is out of scope, only
redirects or only hedges); ``partial`` gives some of it and declines another
part of the *information*; ``answer`` gives it, and may also decline an
*action* on the user's behalf ("I can't change that for you, but here's how:
…"), which is a disclaimer (kind ``disclaimer``), not a refusal.

After the clauses holding refusal phrases, apologies, redirects ("please
contact support") and offers of other help are set aside, what is left must
still hold at least ``min_answer_words`` words that carry meaning for a
refusal to be ``partial`` (half as many for a disclaimer to be an answer).
"You cannot delete the default project, but you can rename it" is an answer:
capability words count only with a first-person subject ("I can't help with
that").

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
from pathlib import Path
from typing import ClassVar

from aisre.core import Interaction

from ._refusal_clauses import (
    ACTION_MARK,
    ACTION_VERBS,
    CLAUSE_END,
    FILLER,
    INFO_COORD,
    INFO_VERBS,
    NEG_VERB,
    REDIRECT_ONLY,
    STOPWORDS,
    WORD,
)
from ._refusal_content import (
    Match,
    answer_words,
    declines_part,
    only_questions,
    only_routing,
    phrase_words,
)
from ._refusal_generic import find_limitations
from ._refusal_grammar import KIND_WEIGHTS, normalise
from ._refusal_model import RefusalModel, default_model
from ._refusal_phrases import compile_phrases, starts_clause
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
#: Longer answers are not tried for the general redirect- or hedge-only rule.
_ROUTE_MAX = 400
#: Kinds that refuse only when nothing else is said.
_WEAK = frozenset({"hedge", "disclaimer"})
#: Meaningful words from which a refusal the model finds counts as partial.
_MODEL_PARTIAL_WORDS = 14
#: "we don't / didn't …": a company stating its rule, unless it lacks the information.
_WE_DONT = re.compile(r"we\s+(?:do|did)(?:n't|\s+not)\s+(?!have\b|know\b|see\b|find\b)")
#: Verbs of a caveat, not of declining: "I can't guarantee", "I can't promise".
_CAVEAT_VERBS = frozenset({"guarantee", "promise", "vouch", "emphasise", "emphasize"})
_HAVE_ACCESS = re.compile(
    r"\b(?:have|has|lack)\s+(?:no\s+|any\s+|the\s+)?(?:direct\s+)?(?:access|visibility|insight|"
    r"permission|ability|way|means)\b"
)
_ML_ACTION = re.compile(
    r"\b(?:zugriff\s+auf\s+ihr|accès\s+à\s+votre|acceso\s+a\s+(?:tu|su)|ändern|zurücksetzen|"
    r"löschen|stornieren|erstatten|modifier|changer|réinitialiser|supprimer|annuler|rembourser|"
    r"modificar|cambiar|restablecer|actualizar|eliminar|cancelar|reembolsar|procesar)"
)


@dataclass(frozen=True, slots=True)
class RefusalDetection:
    """What :func:`detect_refusal` found.

    Attributes:
        label: ``refusal``, ``partial`` or ``answer``.
        value: refusal confidence in [0, 1].
        kind: what decided: a phrase kind (``explicit``, ``scope``, ``no_information``,
            ``policy``, ``hedge``, ``custom``), ``disclaimer`` (declines an action on the
            user's behalf), ``redirect`` (only routing: "please contact support"),
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
        model: RefusalModel | None = None,
    ) -> None:
        if min_answer_words < 1:
            raise ValueError("min_answer_words must be at least 1")
        self.model = model
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

    def _matches(self, low: str, tokens: list[str]) -> list[re.Match[str]]:
        """Every refusal phrase in ``low`` (normalised text, split into ``tokens``), by position."""
        regexes: dict[int, re.Pattern[str]] = {}
        for word in self._gate_words.intersection(tokens):
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
                if _WE_DONT.match(low, start):
                    continue  # "we don't offer price matching": the company's rule, an answer
                found.append(m)
        if len(regexes) > 1:
            # By position, the longest first: the regexes come in a set's order, which
            # changes from process to process, and explanations must not.
            found.sort(key=lambda m: (m.start(), -m.end(), m.lastgroup or ""))
        return found

    def detect(
        self, text: str, finish_reason: str | None = None, refusal_field: str | None = None
    ) -> RefusalDetection | None:
        """Classify ``text``; None when it is empty and nothing else says it was refused.

        The rules decide first; when they find no refusal and a model is set, the model
        may still find one (kind ``model``).
        """
        low = normalise(text)
        found = self._detect_rules(text, low, finish_reason, refusal_field)
        if found is None or found.label != "answer" or self.model is None:
            return found
        if found.kind == "idiom" or (found.kind == "hedge" and not self.hedges):
            return found  # the rules saw an idiom; or bare hedges were asked not to count
        verdict = self.model.refuses(low, overriding=found.kind != "none")
        if verdict is None:
            return found
        cues = ", ".join(f'"{cue}"' for cue in verdict.cues) or "none"
        words = sum(1 for w in WORD.findall(FILLER.sub(" ", low)) if w not in STOPWORDS)
        p = round(verdict.probability, 3)
        if words >= _MODEL_PARTIAL_WORDS:
            return _partial(
                p,
                "model",
                "",
                words,
                f"partial refusal by the refusal model (p={p:.2f}; cues {cues}), "
                f"with {words} answer words",
            )
        return RefusalDetection(
            "refusal",
            p,
            "model",
            "",
            words,
            f"refusal by the refusal model (p={p:.2f}; cues {cues})",
        )

    def _detect_rules(
        self, text: str, low: str, finish_reason: str | None, refusal_field: str | None
    ) -> RefusalDetection | None:
        """The rules' verdict on ``text`` (``low``: it normalised)."""
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
        tokens = low.split()
        matches: Sequence[Match] = self._matches(low, tokens)
        idiom = False
        if not matches:
            matches, idiom = find_limitations(low)
        if not matches:
            # Nothing but an apology and "please contact support (about that)" is a refusal too,
            # and so is any answer whose only content is routing or hedging.
            if (len(low) < _REDIRECT_MAX and REDIRECT_ONLY.fullmatch(low.strip())) or (
                len(low) < _ROUTE_MAX and only_routing(low, tokens)
            ):
                quoted = _quote(text)
                return RefusalDetection(
                    "refusal",
                    KIND_WEIGHTS["redirect"],
                    "redirect",
                    quoted,
                    0,
                    f'only a redirect, no answer: "{quoted}"',
                )
            if len(low) < _ROUTE_MAX and only_questions(low):
                quoted = _quote(text)
                return RefusalDetection(
                    "refusal",
                    KIND_WEIGHTS["question"],
                    "question",
                    quoted,
                    0,
                    f'only asks back, no answer: "{quoted}"',
                )
            if idiom:
                return RefusalDetection(
                    "answer", 0.0, "idiom", "", 0, "no refusal: a negation in an idiom or opinion"
                )
            return RefusalDetection("answer", 0.0, "none", "", 0, "no refusal phrase")
        original = text if len(text) == len(low) else low
        kinds = [_classify(low, m) for m in matches]
        found = list(zip(matches, kinds, strict=True))
        strong = [(m, k) for m, k in found if k not in _WEAK]
        deciding, kind = max(strong or found, key=lambda mk: KIND_WEIGHTS[mk[1]])
        phrase = _quote(original[deciding.start() : deciding.end()])
        # A disclaimer ("I can't change that for you") needs less around it to be an answer.
        need = max(1, self.min_answer_words // 2) if kind == "disclaimer" else self.min_answer_words
        # Short text that is mostly refusal phrases cannot hold an answer: skip the clause analysis.
        outside = len(tokens) - phrase_words(low, matches)
        if outside < need:
            words, sample = 0, ""
        else:
            words, sample = answer_words(low, original, matches)
        weight = KIND_WEIGHTS[kind]
        answered = words >= need
        if kind == "disclaimer":
            if answered:
                return RefusalDetection(
                    "answer",
                    HEDGED_ANSWER_VALUE,
                    kind,
                    phrase,
                    words,
                    f'declines an action ("{phrase}") but answers ({words} answer words)',
                )
            return RefusalDetection(
                "refusal",
                weight,
                kind,
                phrase,
                words,
                f'declines an action and says nothing else: "{phrase}"',
            )
        if kind == "hedge":
            if answered and self.hedges and declines_part(low, deciding):
                return _partial(
                    weight,
                    kind,
                    phrase,
                    words,
                    f'partial refusal: not sure of one part ("{phrase}"), '
                    f"but answers another ({words} answer words)",
                )
            if answered or not self.hedges:
                why = f"but answers ({words} answer words)" if answered else "hedges not counted"
                return RefusalDetection(
                    "answer", HEDGED_ANSWER_VALUE, kind, phrase, words, f'hedge "{phrase}", {why}'
                )
            return RefusalDetection(
                "refusal", weight, kind, phrase, words, f'hedge without an answer: "{phrase}"'
            )
        if answered:
            return _partial(
                weight,
                kind,
                phrase,
                words,
                f'partial refusal: refusal phrase "{phrase}" ({kind}), '
                f'but answers ({words} answer words: "{_quote(sample)}")',
            )
        return RefusalDetection(
            "refusal", weight, kind, phrase, words, f'refusal phrase: "{phrase}" ({kind})'
        )


def _partial(weight: float, kind: str, phrase: str, words: int, why: str) -> RefusalDetection:
    """A partial refusal: its confidence is the phrase's weight times ``PARTIAL_FACTOR``."""
    return RefusalDetection("partial", round(weight * PARTIAL_FACTOR, 3), kind, phrase, words, why)


def _kind(match: Match) -> str:
    group = match.lastgroup or "custom_0"
    return group.rsplit("_", 1)[0]


def _classify(low: str, match: Match) -> str:
    """The match's kind, or ``disclaimer`` when it declines an action, not information.

    "I can't change that for you", "I don't have access to your billing data": the verb
    after the negation acts on the user's account (or the clause says "for you", "your
    account"). A verb of answering ("help", "tell", "provide", "find" …), or one joined to
    it ("… or tell you what limit applies"), keeps the refusal.
    """
    kind = _kind(match)
    if kind == "vague":
        # A limitation with no information word: declining an action, or only a hedge.
        return "disclaimer" if _declines_action(low, match) else "hedge"
    if kind not in ("explicit", "no_information", "limitation"):
        return kind
    return "disclaimer" if _declines_action(low, match) else kind


def _declines_action(low: str, match: Match) -> bool:
    """Whether the clause of ``match`` declines an action rather than information."""
    end = CLAUSE_END.search(low, match.end())
    clause = low[match.start() : end.start() if end else len(low)]
    if INFO_COORD.search(clause):
        return False
    neg = NEG_VERB.search(clause)
    if neg is None:
        return _ML_ACTION.search(clause) is not None
    verb = neg.group(1)
    if verb in _CAVEAT_VERBS:
        return True  # "I can't guarantee exact timings, but …": a caveat on the answer
    if verb in ("have", "has", "lack", "any", "access", "visibility"):
        if _HAVE_ACCESS.search(clause) or verb in ("access", "visibility"):
            return ACTION_MARK.search(clause) is not None
        return False
    if verb in INFO_VERBS:
        return False
    if verb in ACTION_VERBS or verb.rstrip("s").removesuffix("ing") in ACTION_VERBS:
        return True
    return ACTION_MARK.search(clause) is not None


_DEFAULT: RefusalDetector | None = None


def detect_refusal(
    text: str, finish_reason: str | None = None, refusal_field: str | None = None
) -> RefusalDetection | None:
    """Classify one answer with the default settings (see :class:`RefusalDetector`)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RefusalDetector(model=default_model())
    return _DEFAULT.detect(text, finish_reason, refusal_field)


@scorer("refusal")
class RefusalScorer:
    """Scores whether an interaction's output refuses: value = refusal confidence.

    ``passed`` is False for a refusal, and for a partial refusal unless
    ``partial_passes``. Not applicable to interactions with an error status,
    nor to an empty output without a content filter or refusal field.

    Options (``scoring.options.refusal``): ``min_answer_words`` (4),
    ``extra_phrases`` (regular expressions), ``hedges`` (True), ``partial_passes`` (False),
    ``model`` (True: ask the learned model when no rule finds a refusal),
    ``model_threshold`` (0.6) and ``model_path`` (a model of your own, written by
    ``tools/train_refusal_model.py``; default: the shipped one).
    """

    name: ClassVar[str] = "refusal"
    version: ClassVar[str] = "5"

    def __init__(
        self,
        context: ScorerContext | None = None,
        *,
        min_answer_words: int = 4,
        extra_phrases: Sequence[str] = (),
        hedges: bool = True,
        partial_passes: bool = False,
        model: bool = True,
        model_threshold: float = 0.6,
        model_path: str | None = None,
    ) -> None:
        learned = None
        if model:
            if model_path is None:
                base = default_model()
            else:
                try:
                    base = RefusalModel.load(Path(model_path))
                except OSError as exc:
                    raise ValueError(
                        f"cannot read model_path {model_path}: {exc.strerror}"
                    ) from None
            learned = RefusalModel(base.weights, base.intercept, model_threshold, base.override)
        self.detector = RefusalDetector(min_answer_words, list(extra_phrases), hedges, learned)
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
