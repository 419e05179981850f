"""The extractive answerer: retrieve, pick the best sentences, apply the model version.

The answer is built from the one or two retrieved sentences that best match
the question (idf-weighted word overlap plus WordLlama similarity, weighted by
how well their passage was retrieved). Temperature 0 takes the best sentence;
a higher temperature samples among the top candidates with
``softmax(score / temperature)`` drawn from the injected ``random.Random``.
The service declines when nothing retrieved matches well enough.
"""

from __future__ import annotations

import math
import random
import zlib
from dataclasses import dataclass, field

import numpy as np

from ._index import Hit, VectorIndex, cached_embed
from ._knowledge import load_passages
from ._regress import spoil
from ._text import content_tokens, split_sentences
from ._versions import DECLINE, REFUSALS, model_version, prompt_template

__all__ = ["Answer", "Answerer", "RetrievedChunk"]

_TOP_K = 3
_CANDIDATES = 5
# Below these the question is treated as out of scope (tuned on the golden
# set's out-of-scope questions against its answerable ones).
_MIN_OVERLAP = 0.2
_MIN_COSINE = 0.30
_SECOND_SENTENCE = 0.8
# Weights of word overlap, overlap counting the title, sentence similarity
# and passage retrieval score in a candidate sentence's score.
_WEIGHTS = (1.0, 0.5, 2.0, 4.0)


@dataclass(frozen=True, slots=True)
class RetrievedChunk:
    """A retrieved passage as reported with an answer."""

    id: str
    text: str
    score: float


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer with everything a capture layer records about it.

    Attributes:
        text: the answer text, preamble included.
        used_chunk_ids: passages the answer quotes (empty for a refusal).
        retrieved: the retrieved passages, best first.
        finish_reason: ``"stop"``.
        refusal: ground truth: the answer is a refusal or a decline.
        supported: ground truth: False when the regressed behaviour spoiled it.
        prompt_tokens: a whitespace count of the rendered prompt.
        completion_tokens: a whitespace count of ``text``.
        model_version / prompt_version / index_version / temperature: what served it.
    """

    text: str
    used_chunk_ids: tuple[str, ...]
    retrieved: tuple[RetrievedChunk, ...]
    finish_reason: str
    refusal: bool
    supported: bool
    prompt_tokens: int
    completion_tokens: int
    model_version: str
    prompt_version: str
    index_version: str
    temperature: float
    confidence: float = field(default=0.0)


@dataclass(frozen=True, slots=True)
class _Candidate:
    sentence: str
    passage_id: str
    position: int
    score: float
    overlap: float


class Answerer:
    """Answers questions over an index with one model and prompt version.

    Example:
        >>> answerer = Answerer(VectorIndex.build(WordLlamaEmbedder()))
        >>> answerer.answer("How much does the Team plan cost?").text
        'The Team plan costs $49 per month and includes 25 million messages ...'
    """

    def __init__(self, index: VectorIndex, model: str = "v1", prompt: str = "p1") -> None:
        self.index = index
        self.model = model_version(model)
        self.prompt = prompt_template(prompt)

    def _idf(self, term: str) -> float:
        col = self.index._vocab.get(term)
        return float(self.index._idf[col]) if col is not None else 0.0

    def _candidates(self, question: str, hits: list[Hit]) -> list[_Candidate]:
        q_terms = set(content_tokens(question))
        q_weight = sum(self._idf(t) for t in q_terms) or 1.0
        qvec = cached_embed(self.index._embedder, [question])[0]
        top = hits[0].score if hits else 1.0
        out: list[_Candidate] = []
        for hit in hits:
            sentences = split_sentences(hit.passage.text)
            vectors = cached_embed(self.index._embedder, sentences)
            title_terms = set(content_tokens(hit.passage.title))
            for pos, (sentence, vec) in enumerate(zip(sentences, vectors, strict=True)):
                terms = set(content_tokens(sentence))
                overlap = sum(self._idf(t) for t in q_terms & terms) / q_weight
                context = sum(self._idf(t) for t in q_terms & (terms | title_terms)) / q_weight
                w = _WEIGHTS
                score = (
                    w[0] * overlap
                    + w[1] * context
                    + w[2] * float(np.dot(vec, qvec))
                    + w[3] * hit.score / top
                )
                out.append(_Candidate(sentence, hit.passage.id, pos, score, context))
        out.sort(key=lambda c: -c.score)
        return out

    def _pick(
        self, candidates: list[_Candidate], temperature: float, rng: random.Random
    ) -> list[_Candidate]:
        pool = candidates[:_CANDIDATES]
        if temperature <= 0:
            first = pool[0]
        else:
            weights = [math.exp((c.score - pool[0].score) / temperature) for c in pool]
            first = rng.choices(pool, weights=weights, k=1)[0]
        chosen = [first]
        for c in pool:
            if (
                c is not first
                and c.passage_id == first.passage_id
                and c.score >= _SECOND_SENTENCE * first.score
            ):
                chosen.append(c)
                break
        return sorted(chosen, key=lambda c: c.position)

    def answer(
        self, question: str, temperature: float = 0.0, rng: random.Random | None = None
    ) -> Answer:
        """Answer ``question``.

        Args:
            question: the user's question.
            temperature: 0 for the deterministic best answer; higher values
                sample among the top candidate sentences.
            rng: the randomness for sampling and for the model version's
                behaviour; by default a generator seeded from the question, so
                repeated calls give the same answer.
        """
        rng = rng or random.Random(zlib.crc32(question.encode("utf-8")))
        hits = self.index.search(question, _TOP_K)
        candidates = self._candidates(question, hits)
        in_scope = bool(candidates) and (
            candidates[0].overlap >= _MIN_OVERLAP and hits[0].cosine >= _MIN_COSINE
        )
        used: tuple[str, ...] = ()
        refusal, supported = True, True
        if not in_scope:
            body = DECLINE
        elif rng.random() < self.model.refusal_probability:
            body = rng.choice(REFUSALS)
        else:
            chosen = self._pick(candidates, temperature, rng)
            body = " ".join(c.sentence for c in chosen)
            used = tuple(dict.fromkeys(c.passage_id for c in chosen))
            refusal = False
            if rng.random() < self.model.unsupported_probability:
                spoiled = spoil(body, [h.passage for h in hits], load_passages(), rng)
                supported = spoiled == body
                body = spoiled
        text = body if refusal else f"{self.prompt.preamble}{body}"
        prompt = self.prompt.render(question, [h.passage.text for h in hits])
        return Answer(
            text=text,
            used_chunk_ids=used,
            retrieved=tuple(RetrievedChunk(h.passage.id, h.passage.text, h.score) for h in hits),
            finish_reason="stop",
            refusal=refusal,
            supported=supported,
            prompt_tokens=len(prompt.split()),
            completion_tokens=len(text.split()),
            model_version=self.model.name,
            prompt_version=self.prompt.name,
            index_version=self.index.version,
            temperature=temperature,
            confidence=0.0 if refusal else min(1.0, max(0.0, hits[0].cosine)),
        )
