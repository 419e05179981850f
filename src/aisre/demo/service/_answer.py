"""The extractive answerer: retrieve, pick the best sentences, apply the model version.

1. The question is analysed (:mod:`._question`): made English by the
   glossary, reduced to its key terms, and typed by the answer it wants
   (a number, a date, an instruction, a rule...).
2. The index returns the ``_POOL`` best passages; every sentence of them is
   scored (:mod:`._select`) by key-term overlap, WordLlama similarity, how
   well it fits the answer type, and its passage's retrieval score. The
   passages are re-ranked by their best sentence and the ``_TOP_K`` best are
   the ones retrieved and reported.
3. The answer is the best sentence and the sentence of the same passage
   that best completes it. Temperature 0 takes the best sentence; a higher
   temperature samples the first sentence among the top candidates with
   ``softmax(score / temperature)`` drawn from the injected
   ``random.Random``.
4. The service declines when the question does not look answerable from the
   documentation (:mod:`._scope`).
"""

from __future__ import annotations

import math
import random
import threading
import weakref
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ._embeddings import Embedder
from ._index import Hit, VectorIndex, cached_embed
from ._knowledge import Passage, load_passages
from ._question import Question, analyse
from ._regress import spoil
from ._scope import in_scope
from ._select import Matcher, PassageTerms, Scored, Weights, partner, passage_terms, score_passage
from ._text import split_sentences
from ._versions import DECLINE, REFUSALS, PromptTemplate, model_version, prompt_template

__all__ = ["Answer", "Answerer", "RetrievedChunk"]

_TOP_K = 3
_CANDIDATES = 5
#: Passages scored before the best ``_TOP_K`` are kept.
_POOL = 8
WEIGHTS = Weights()


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
    scored: Scored
    passage_id: str
    score: float  # the sentence's own score plus its passage's

    @property
    def sentence(self) -> str:
        return self.scored.sentence


@lru_cache(maxsize=2048)
def _sentences(text: str) -> tuple[str, ...]:
    return tuple(split_sentences(text))


@lru_cache(maxsize=4096)
def _prompt_tokens(prompt: PromptTemplate, question: str, contexts: tuple[str, ...]) -> int:
    return len(prompt.render(question, list(contexts)).split())


#: Questions whose retrieval and scoring each index remembers (traffic repeats questions).
_MEMO_SIZE = 4096


@dataclass(frozen=True, slots=True)
class _Analysis:
    """Everything about one question on one index that does not depend on randomness."""

    question: Question
    matcher: Matcher
    hits: tuple[Hit, ...]
    candidates: tuple[_Candidate, ...]
    answerable: bool


class _Prepared:
    """What an index's answerers share: term rarities, the corpus, analysed
    passages, and the analyses of recent questions (a bounded LRU)."""

    def __init__(self, index: VectorIndex) -> None:
        self.idf_of: dict[str, float] = dict(zip(index._vocab, index._idf.tolist(), strict=True))
        self.max_idf = float(index._idf.max()) if len(index._idf) else 1.0
        self.corpus = " ".join(f"{p.title} {p.text}" for p in index.passages).lower()
        self.passages: dict[Passage, tuple[PassageTerms, tuple[npt.NDArray[np.float32], ...]]] = {}
        self.memo: OrderedDict[str, _Analysis] = OrderedDict()
        self.lock = threading.Lock()

    def idf(self, term: str) -> float:
        rarity = self.idf_of.get(term)
        return self.max_idf if rarity is None else rarity

    def passage(
        self, embedder: Embedder, passage: Passage
    ) -> tuple[PassageTerms, tuple[npt.NDArray[np.float32], ...]]:
        found = self.passages.get(passage)
        if found is None:
            sentences = _sentences(passage.text)
            found = (
                passage_terms(passage.title, sentences),
                tuple(cached_embed(embedder, sentences)),
            )
            self.passages[passage] = found
        return found

    def recall(self, question: str) -> _Analysis | None:
        with self.lock:
            found = self.memo.get(question)
            if found is not None:
                self.memo.move_to_end(question)
            return found

    def remember(self, question: str, analysis: _Analysis) -> None:
        with self.lock:
            self.memo[question] = analysis
            self.memo.move_to_end(question)
            while len(self.memo) > _MEMO_SIZE:
                self.memo.popitem(last=False)


_PREPARED: weakref.WeakKeyDictionary[VectorIndex, _Prepared] = weakref.WeakKeyDictionary()
_PREPARED_LOCK = threading.Lock()


def _prepared(index: VectorIndex) -> _Prepared:
    with _PREPARED_LOCK:
        found = _PREPARED.get(index)
        if found is None:
            found = _PREPARED[index] = _Prepared(index)
        return found


class Answerer:
    """Answers questions over an index with one model and prompt version.

    Creating one is cheap: what depends only on the index (term rarities,
    analysed passages, recent questions' retrieval) is shared by every
    answerer of that index.

    Example:
        >>> answerer = Answerer(VectorIndex.build(WordLlamaEmbedder()))
        >>> answerer.answer("How much does the Team plan cost?").text
        'The Team plan costs $49 per month and includes 25 million messages ...'
    """

    def __init__(self, index: VectorIndex, model: str = "v1", prompt: str = "p1") -> None:
        self.index = index
        self.model = model_version(model)
        self.prompt = prompt_template(prompt)
        self._shared = _prepared(index)
        self._idf = self._shared.idf

    def _rank(
        self,
        question: Question,
        matcher: Matcher,
        hits: list[Hit],
        qvec: npt.NDArray[np.float32],
    ) -> list[tuple[Hit, list[_Candidate]]]:
        """Score every sentence of ``hits``; passages best first by their best sentence."""
        w = WEIGHTS
        top = hits[0].score if hits else 1.0
        embedder = self.index._embedder
        ranked: list[tuple[float, int, Hit, list[_Candidate]]] = []
        for rank, hit in enumerate(hits):
            analysed, vectors = self._shared.passage(embedder, hit.passage)
            scored = score_passage(
                question, matcher, analysed, [float(np.dot(v, qvec)) for v in vectors], w
            )
            passage = w.retrieval * hit.score / top + w.passage_overlap * matcher(analysed.covered)
            out = sorted(
                (_Candidate(s, hit.passage.id, passage + s.local) for s in scored),
                key=lambda c: -c.score,
            )
            ranked.append((out[0].score if out else passage, -rank, hit, out))
        ranked.sort(key=lambda r: (-r[0], -r[1]))
        return [(hit, out) for _, _, hit, out in ranked]

    def _analyse(self, question: str) -> _Analysis:
        """Retrieve and score for ``question``, or recall it when it was asked lately."""
        found = self._shared.recall(question)
        if found is not None:
            return found
        asked = analyse(question)
        matcher = Matcher(asked, self._idf)
        qvec = self.index._embedder.embed([asked.english])[0]
        ranked = self._rank(asked, matcher, self.index.search(question, _POOL, qvec), qvec)
        ranked = ranked[:_TOP_K]
        hits = tuple(hit for hit, _ in ranked)
        candidates = tuple(sorted((c for _, cs in ranked for c in cs), key=lambda c: -c.score))
        answerable = bool(candidates) and in_scope(
            asked,
            candidates[0].scored.overlap,
            hits[0].cosine,
            self._idf,
            self.index._vocab,
            self._shared.corpus,
        )
        analysis = _Analysis(asked, matcher, hits, candidates, answerable)
        self._shared.remember(question, analysis)
        return analysis

    def _pick(
        self,
        analysis: _Analysis,
        temperature: float,
        rng: random.Random,
    ) -> list[_Candidate]:
        candidates = analysis.candidates
        pool = candidates[:_CANDIDATES]
        if temperature <= 0:
            first = pool[0]
        else:
            weights = [math.exp((c.score - pool[0].score) / temperature) for c in pool]
            first = rng.choices(pool, weights=weights, k=1)[0]
        same = [c for c in candidates if c.passage_id == first.passage_id and c is not first]
        best = partner(
            analysis.question, first.scored, [c.scored for c in same], self._idf, analysis.matcher
        )
        chosen = [first] + [c for c in same if c.scored is best]
        return sorted(chosen, key=lambda c: c.scored.position)

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
        analysis = self._analyse(question)
        hits = analysis.hits
        used: tuple[str, ...] = ()
        refusal, supported = True, True
        if not analysis.answerable:
            body = DECLINE
        elif rng.random() < self.model.refusal_probability:
            body = rng.choice(REFUSALS)
        else:
            chosen = self._pick(analysis, temperature, rng)
            body = " ".join(c.sentence for c in chosen)
            used = tuple(dict.fromkeys(c.passage_id for c in chosen))
            refusal = False
            if rng.random() < self.model.unsupported_probability:
                spoiled = spoil(body, [h.passage for h in hits], load_passages(), rng)
                supported = spoiled == body
                body = spoiled
        text = body if refusal else f"{self.prompt.preamble}{body}"
        return Answer(
            text=text,
            used_chunk_ids=used,
            retrieved=tuple(RetrievedChunk(h.passage.id, h.passage.text, h.score) for h in hits),
            finish_reason="stop",
            refusal=refusal,
            supported=supported,
            prompt_tokens=_prompt_tokens(
                self.prompt, question, tuple(h.passage.text for h in hits)
            ),
            completion_tokens=len(text.split()),
            model_version=self.model.name,
            prompt_version=self.prompt.name,
            index_version=self.index.version,
            temperature=temperature,
            confidence=0.0 if refusal else min(1.0, max(0.0, hits[0].cosine)),
        )
