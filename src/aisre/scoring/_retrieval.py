"""Retrieval precision and context utilization: were the chunks relevant, and used?

* ``retrieval_relevance`` — each retrieved chunk is relevant when its
  embedding is close to the question's (cosine ≥ ``threshold``) or it holds
  at least ``threshold`` of the question's content words. The value is the
  share of relevant chunks: the interaction's **retrieval precision**.
* ``context_utilization`` — a chunk is used when some sentence of the answer
  takes at least ``threshold`` of its content words from it. The value is the
  share of chunks used (a mean SLI: ``passed`` is left empty).

Both are cheap: the chunks' vectors come from the embedder's cache, and the
question is embedded once.
"""

from __future__ import annotations

from typing import ClassVar

from aisre.core import Interaction

from ._scorer import ScorerContext, Verdict, scorer
from ._tokens import content_words, sentences, word_set

__all__ = ["ContextUtilization", "RetrievalRelevance"]


def _listed(pairs: list[tuple[str, float]], limit: int = 5) -> str:
    shown = ", ".join(f"{cid} ({value:.2f})" for cid, value in pairs[:limit])
    return shown + (f" and {len(pairs) - limit} more" if len(pairs) > limit else "")


@scorer("retrieval_relevance")
class RetrievalRelevance:
    """The share of retrieved chunks relevant to the question.

    Args:
        threshold: Cosine (or share of the question's words) from which a chunk is relevant.
        min_precision: The share of relevant chunks from which the retrieval passes.
    """

    name: ClassVar[str] = "retrieval_relevance"
    version: ClassVar[str] = "1"

    def __init__(
        self, context: ScorerContext, threshold: float = 0.35, min_precision: float = 0.5
    ) -> None:
        self.context, self.threshold, self.min_precision = context, threshold, min_precision

    def score(self, interaction: Interaction) -> Verdict | None:
        chunks = interaction.retrieval_chunks
        question = interaction.input.strip()
        if not chunks or not question:
            return None
        vectors = self.context.embedder.embed([question, *(chunk.text for chunk in chunks)])
        cosines = vectors[1:] @ vectors[0]
        asked = set(content_words(question))
        relevant: list[tuple[str, float]] = []
        irrelevant: list[tuple[str, float]] = []
        for chunk, cosine in zip(chunks, cosines, strict=True):
            shared = len(asked & word_set(chunk.text)) / len(asked) if asked else 0.0
            relevance = max(float(cosine), shared)
            (relevant if relevance >= self.threshold else irrelevant).append((chunk.id, relevance))
        precision = len(relevant) / len(chunks)
        label = "relevant" if not irrelevant else ("irrelevant" if not relevant else "partial")
        explanation = f"{len(relevant)} of {len(chunks)} chunks relevant to the question"
        if irrelevant:
            explanation += f"; not relevant: {_listed(irrelevant)}"
        return Verdict(round(precision, 6), precision >= self.min_precision, label, explanation)


@scorer("context_utilization")
class ContextUtilization:
    """The share of retrieved chunks the answer draws on.

    Args:
        threshold: Share of an answer sentence's content words a chunk must hold
            for the sentence to count as taken from it.
    """

    name: ClassVar[str] = "context_utilization"
    version: ClassVar[str] = "1"

    def __init__(self, context: ScorerContext, threshold: float = 0.5) -> None:
        self.threshold = threshold

    def score(self, interaction: Interaction) -> Verdict | None:
        chunks = interaction.retrieval_chunks
        if not chunks or not interaction.output.strip() or interaction.status != "ok":
            return None
        said = [
            set(words) for s in sentences(interaction.output) if len(words := content_words(s)) >= 3
        ]
        used = []
        for chunk in chunks:
            held = word_set(chunk.text)
            best = max((len(words & held) / len(words) for words in said), default=0.0)
            if best >= self.threshold:
                used.append(chunk.id)
        share = len(used) / len(chunks)
        label = "none" if not used else ("all" if len(used) == len(chunks) else "some")
        explanation = f"the answer uses {len(used)} of {len(chunks)} chunks" + (
            f": {', '.join(used)}" if used else ""
        )
        return Verdict(round(share, 6), None, label, explanation)
