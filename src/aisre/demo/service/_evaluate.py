"""Judging answers against the golden set, and measuring a version over all of it.

``is_correct`` and ``is_supported`` are deliberately simple, explainable
checks: numbers and names are the facts a regressed model gets wrong.
"""

from __future__ import annotations

import re

from ._answer import Answer, Answerer
from ._embeddings import Embedder, WordLlamaEmbedder
from ._index import VectorIndex
from ._knowledge import GoldenCase, load_golden
from ._text import content_tokens, names, numbers, split_sentences
from ._versions import PROMPT_VERSIONS

__all__ = ["F1_THRESHOLD", "is_correct", "is_supported", "measure", "token_f1"]

F1_THRESHOLD = 0.35
#: Share of the reference's content words an answer must state.
RECALL_THRESHOLD = 0.6
#: An answer longer than this is not judged correct by recall alone: quoting
#: whole passages must not pass for an answer.
MAX_ANSWER_SENTENCES = 2


def token_recall(answer: str, reference: str) -> float:
    """Share of the reference's content tokens that the answer contains."""
    r = set(content_tokens(reference))
    if not r:
        return 0.0
    return len(r & set(content_tokens(answer))) / len(r)


def token_f1(answer: str, reference: str) -> float:
    """F1 of the content-token multisets of ``answer`` and ``reference``."""
    a, r = content_tokens(answer), content_tokens(reference)
    if not a or not r:
        return 0.0
    common = sum(min(a.count(t), r.count(t)) for t in set(a) & set(r))
    if common == 0:
        return 0.0
    precision, recall = common / len(a), common / len(r)
    return 2 * precision * recall / (precision + recall)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def is_correct(answer: Answer, golden: GoldenCase) -> bool:
    """Whether ``answer`` answers ``golden`` correctly.

    Out-of-scope: correct exactly when declined. Answerable: not a refusal,
    every number of the reference in the answer, and the reference's facts
    stated: token F1 with the reference at least ``F1_THRESHOLD``, or the
    reference's first sentence contained verbatim, or (an extractive answer
    quotes the documentation, which words a fact differently from a short
    reference) at least ``RECALL_THRESHOLD`` of its content words in an answer
    of at most ``MAX_ANSWER_SENTENCES`` sentences.
    """
    if not golden.answerable:
        return answer.refusal
    if answer.refusal:
        return False
    if not numbers(golden.reference_answer) <= numbers(answer.text):
        return False
    key = split_sentences(golden.reference_answer)[0]
    if token_f1(answer.text, golden.reference_answer) >= F1_THRESHOLD:
        return True
    if _norm(key) in _norm(answer.text):
        return True
    short = len(split_sentences(_strip_preamble(answer.text))) <= MAX_ANSWER_SENTENCES
    return short and token_recall(answer.text, golden.reference_answer) >= RECALL_THRESHOLD


def _strip_preamble(text: str) -> str:
    for template in PROMPT_VERSIONS.values():
        if template.preamble and text.startswith(template.preamble):
            return text[len(template.preamble) :]
    return text


def is_supported(answer: Answer) -> bool:
    """Whether every number and capitalised name in the answer is in the retrieved texts.

    Refusals claim nothing and count as supported.
    """
    if answer.refusal:
        return True
    body = _strip_preamble(answer.text)
    context = " ".join(c.text for c in answer.retrieved)
    if not numbers(body) <= numbers(context):
        return False
    lowered = context.lower()
    return all(name.lower() in lowered for name in names(body))


def measure(
    version: str,
    index_version: str = "fresh",
    *,
    prompt: str = "p1",
    embedder: Embedder | None = None,
    temperature: float = 0.0,
) -> dict[str, float]:
    """Run the golden set against one model and index version.

    Returns:
        ``accuracy`` (correct among answerable questions), ``unsupported_rate``
        (unsupported among answers to answerable questions), ``refusal_rate``
        (refused among answerable questions), ``decline_rate`` (declined among
        out-of-scope questions), ``retrieval_recall`` (a supporting passage
        retrieved) and ``n_answerable``.
    """
    answerer = Answerer(
        VectorIndex.build(embedder or _default_embedder(), index_version), version, prompt
    )
    answerable = [g for g in load_golden() if g.answerable]
    out_of_scope = [g for g in load_golden() if not g.answerable]
    results = [(g, answerer.answer(g.question, temperature)) for g in answerable]
    declines = [answerer.answer(g.question, temperature).refusal for g in out_of_scope]
    n = len(answerable)
    return {
        "accuracy": sum(is_correct(a, g) for g, a in results) / n,
        "unsupported_rate": sum(not is_supported(a) for _, a in results) / n,
        "refusal_rate": sum(a.refusal for _, a in results) / n,
        "decline_rate": sum(declines) / max(len(declines), 1),
        "retrieval_recall": sum(
            any(c.id in g.supporting_ids for c in a.retrieved) for g, a in results
        )
        / n,
        "n_answerable": float(n),
    }


_EMBEDDER: list[WordLlamaEmbedder] = []


def _default_embedder() -> WordLlamaEmbedder:
    # One embedder per process, so the passage-embedding cache is shared.
    if not _EMBEDDER:
        _EMBEDDER.append(WordLlamaEmbedder())
    return _EMBEDDER[0]
