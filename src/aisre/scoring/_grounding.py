"""The grounding (hallucination) scorer: is every claim of the answer in the retrieved passages?

The answer is split into claims (:mod:`._claims`); each claim is checked
against the retrieved chunks (:mod:`._evidence`): its numbers, names, dates and
identifiers must match what the passages say, and its words and meaning must
be found in them. The verdict:

* ``value`` — the share of the answer's claims that are supported (1.0: all);
* ``passed`` — True when no claim is unsupported (the answer is not a
  hallucination); the hallucination rate is the share of scored
  interactions with ``passed`` False;
* ``label`` — ``supported`` (every claim), ``partial`` (some claims are not),
  ``unsupported`` (no claim is);
* ``explanation`` — each unsupported claim and why: the number no passage
  has and what the passage says instead, the name no passage mentions, the
  words the passages never use.

No verdict (None) when the interaction failed, has no output or no retrieved
context, or its output makes no claim (a refusal).

An LLM judge, when ``context.judge`` is configured and ``judge`` is on, is
asked about the claims that words and embeddings leave undecided (support
within ``judge_band`` of the threshold); it answers with the label
``supported`` or ``unsupported`` to the prompt ``grounding``. Fact
mismatches are never sent to it: a wrong number is wrong.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from aisre.core import Interaction

from ._claims import split_claims
from ._context import Question, Sentence, analyse_context
from ._evidence import (
    ClaimEvidence,
    VectorCache,
    Weights,
    assess_claim,
    best_similarity,
)
from ._facts import content_terms, extract_facts
from ._scorer import ScorerContext, Verdict, scorer

__all__ = ["GroundingScorer"]

#: The judge prompt asked about undecided claims (variables: claim, context, question).
JUDGE_PROMPT = "grounding"
_DEFAULT = Weights()


@scorer("grounding")
class GroundingScorer:
    """Flags answers with claims the retrieved passages do not support.

    Args:
        context: The shared scorer context (embedder, optional judge).
        threshold: Support (words, word pairs and meaning combined) a short claim needs.
        long_threshold: Support a long claim needs (see :class:`~._evidence.Weights`).
        embeddings: Use embedding similarity (off: words, pairs and facts only).
        negation: Flag a claim whose negation differs from its passage's.
        weights: Overrides of :class:`~._evidence.Weights` (``sentence``,
            ``context``, ``pairs``, ``embedding``, ``question``, ``align``).
        judge: Ask ``context.judge`` (when configured) about undecided claims.
        judge_band: How close to the threshold a claim's support must be for
            the judge to be asked.
    """

    name: ClassVar[str] = "grounding"
    version: ClassVar[str] = "1"

    def __init__(
        self,
        context: ScorerContext | None = None,
        *,
        threshold: float = _DEFAULT.threshold,
        long_threshold: float = _DEFAULT.long_threshold,
        embeddings: bool = True,
        negation: bool = True,
        weights: dict[str, float] | None = None,
        judge: bool = True,
        judge_band: float = 0.1,
    ) -> None:
        self.context = context or ScorerContext()
        options: dict[str, Any] = dict(weights or {})
        known = {"sentence", "context", "pairs", "embedding", "question", "align"}
        unknown = set(options) - known - {"short_claim", "long_claim"}
        if unknown:
            raise TypeError(f"unknown grounding weights: {', '.join(sorted(unknown))}")
        for length in ("short_claim", "long_claim"):
            if length in options:
                options[length] = int(options[length])
        options["threshold"] = threshold
        options["long_threshold"] = min(long_threshold, threshold)
        if not embeddings:
            options["embedding"] = 0.0
        w = replace(_DEFAULT, **options)
        total = w.sentence + w.context + w.pairs + w.embedding
        if total <= 0:
            raise TypeError("grounding weights must not all be zero")
        # The four evidence weights are shares of the support: they sum to 1.
        self.weights = replace(
            w,
            sentence=w.sentence / total,
            context=w.context / total,
            pairs=w.pairs / total,
            embedding=w.embedding / total,
        )
        self.embeddings = self.weights.embedding > 0
        self.negation = negation
        self.judge = self.context.judge if judge else None
        self.judge_band = judge_band
        self._vectors = VectorCache()

    def score(self, interaction: Interaction) -> Verdict | None:
        """The grounding verdict, or None when there is nothing to check against or to check."""
        if interaction.status != "ok":
            return None
        chunks = tuple(c.text for c in interaction.retrieval_chunks if c.text.strip())
        if not chunks or not interaction.output.strip():
            return None
        return self.check(interaction.output, chunks, interaction.input)

    def check(self, answer: str, chunks: tuple[str, ...], question: str = "") -> Verdict | None:
        """The verdict on ``answer`` given the chunk texts (and the question, if known)."""
        claims = [c for c in split_claims(answer) if content_terms(c) or extract_facts(c).facts]
        if not claims or not chunks:
            return None
        context = analyse_context(chunks)
        asked = Question(question)
        w = self.weights
        evidence = [assess_claim(c, context, asked, w, self.negation) for c in claims]
        undecided: list[int] = []
        for i, item in enumerate(evidence):
            lexical = w.lexical(item)
            item.support = lexical
            if item.problems:
                item.supported = False
            elif lexical >= (need := w.threshold_for(item.words)):
                item.supported = True  # supported whatever the embedding says
            elif lexical + w.embedding < need:
                item.supported = False  # unsupported whatever the embedding says
            else:
                undecided.append(i)
        if undecided:
            self._embed(evidence, undecided, chunks, context.sentences)
        if self.judge is not None:
            self._ask_judge(evidence, chunks, question)
        return _verdict(evidence, w)

    def _embed(
        self,
        evidence: list[ClaimEvidence],
        undecided: list[int],
        chunks: tuple[str, ...],
        sentences: tuple[Sentence, ...],
    ) -> None:
        """Embed the undecided claims in one batch and decide them with their similarity."""
        embedder = self.context.embedder
        texts = [evidence[i].claim for i in undecided]
        passage = self._vectors.get(chunks)
        if passage is None:  # the embedder's cache holds the sentences of recent passages
            passage = embedder.embed([s.text for s in sentences])
            self._vectors.put(chunks, passage)
        similarity = best_similarity(embedder.embed(texts), passage)
        w = self.weights
        for i, sim in zip(undecided, similarity.tolist(), strict=True):
            item = evidence[i]
            item.similarity = float(sim)
            item.support = w.lexical(item) + w.embedding * max(0.0, float(sim))
            item.supported = item.support >= w.threshold_for(item.words)

    def _ask_judge(self, evidence: list[ClaimEvidence], chunks: tuple[str, ...], q: str) -> None:
        """The hook for an LLM judge: only claims near the threshold, never fact mismatches."""
        assert self.judge is not None
        passages = "\n\n".join(f"[{i + 1}] {c}" for i, c in enumerate(chunks))
        for item in evidence:
            if item.problems or item.support is None:
                continue
            if abs(item.support - self.weights.threshold_for(item.words)) > self.judge_band:
                continue
            verdict = self.judge.judge(
                JUDGE_PROMPT, {"claim": item.claim, "context": passages, "question": q}
            )
            item.supported = verdict.label.strip().lower() == "supported"


def _why(item: ClaimEvidence, weights: Weights) -> str:
    if item.problems:
        return "; ".join(item.problems)
    reasons = []
    if item.missing:
        words = ", ".join(repr(m) for m in item.missing[:4])
        reasons.append(f"{words} appear{'s' if len(item.missing) == 1 else ''} in no passage")
    if item.best is not None:
        reasons.append(f"closest passage sentence: '{_short(item.best.text)}'")
    need = weights.threshold_for(item.words)
    support = (
        f"support {item.support:.2f} < {need:.2f}" if item.support is not None else "no support"
    )
    return f"{support}; " + "; ".join(reasons) if reasons else support


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _verdict(evidence: list[ClaimEvidence], weights: Weights) -> Verdict:
    bad = [e for e in evidence if not e.supported]
    share = 1 - len(bad) / len(evidence)
    if not bad:
        label = "supported"
        explanation = f"all {len(evidence)} claim(s) supported by the retrieved passages"
    else:
        label = "unsupported" if len(bad) == len(evidence) else "partial"
        parts = [f"'{_short(e.claim)}': {_why(e, weights)}" for e in bad]
        explanation = f"{len(bad)} of {len(evidence)} claim(s) unsupported: " + " | ".join(parts)
    return Verdict(share, not bad, label, explanation)
