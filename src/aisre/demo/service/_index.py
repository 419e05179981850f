"""The retrieval index: hybrid dense (WordLlama cosine) and keyword (BM25) search.

Three index versions simulate the retrieval faults of the issue:

* ``fresh`` — every passage;
* ``stale`` — passages updated on or after a cutoff date are missing, as if
  the index had not been rebuilt since;
* ``corrupted`` — the index rows are permuted among passages with a fixed
  seed (dense vectors and keyword postings alike), so a search finds the
  right row but returns the wrong passage.

Search is exact: a few hundred passages make a matrix product cheaper than
any approximate structure.
"""

from __future__ import annotations

import random
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._embeddings import Embedder
from ._knowledge import Passage, load_passages
from ._lexicon import translate_query
from ._select import passage_terms
from ._text import split_sentences, terms

__all__ = ["INDEX_VERSIONS", "STALE_CUTOFF", "Hit", "VectorIndex", "cached_embed"]

INDEX_VERSIONS = ("fresh", "stale", "corrupted")
STALE_CUTOFF = "2026-11-01"
_CORRUPTION_SEED = 20261101
# Weight of the normalised BM25 score against the cosine similarity; tuned on
# the golden set's retrieval recall (the dense model alone misses questions
# that hinge on one rare term, such as an error code or a CLI flag).
_BM25_WEIGHT = 0.5
_K1, _B = 1.2, 0.75

_EMBEDDING_CACHE: weakref.WeakKeyDictionary[Embedder, dict[str, npt.NDArray[np.float32]]] = (
    weakref.WeakKeyDictionary()
)


@dataclass(frozen=True, slots=True)
class Hit:
    """One retrieved passage with its hybrid score and its two components."""

    passage: Passage
    score: float
    cosine: float
    keyword: float


def _passage_text(passage: Passage) -> str:
    return f"{passage.title}. {passage.text}"


def cached_embed(embedder: Embedder, texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Embed ``texts`` through a per-process, per-embedder cache keyed by text.

    Every index version and every answer reuses the same passage and sentence
    vectors, so the knowledge base is embedded once per process.
    """
    try:
        cache = _EMBEDDING_CACHE.setdefault(embedder, {})
    except TypeError:  # an embedder that cannot be weakly referenced: no cache
        cache = {}
    missing = list(dict.fromkeys(t for t in texts if t not in cache))
    if missing:
        for text, vector in zip(missing, embedder.embed(missing), strict=True):
            cache[text] = vector
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([cache[t] for t in texts]).astype(np.float32)


def _analyse_sentences(embedder: Embedder, passages: Sequence[Passage]) -> None:
    """Embed and analyse every sentence of ``passages`` now (both are cached), so
    that answering never does it: a batch is cheaper, and the first questions
    are as fast as the others."""
    sentences = [tuple(split_sentences(p.text)) for p in passages]
    cached_embed(embedder, [s for group in sentences for s in group])
    for passage, group in zip(passages, sentences, strict=True):
        passage_terms(passage.title, group)


class VectorIndex:
    """An exact hybrid index over passages.

    Example:
        >>> index = VectorIndex.build(WordLlamaEmbedder(), version="fresh")
        >>> [h.passage.id for h in index.search("How much is the Team plan?", k=2)]
        ['kb-0017', 'kb-0015']
    """

    def __init__(
        self,
        passages: Sequence[Passage],
        vectors: npt.NDArray[np.float32],
        embedder: Embedder,
        version: str = "fresh",
    ) -> None:
        self.passages = tuple(passages)
        self.version = version
        self._embedder = embedder
        self._vectors = vectors
        self._build_bm25([terms(_passage_text(p)) for p in self.passages])

    @classmethod
    def build(
        cls,
        embedder: Embedder,
        version: str = "fresh",
        passages: Sequence[Passage] | None = None,
        stale_cutoff: str = STALE_CUTOFF,
    ) -> VectorIndex:
        """Build an index of one version over ``passages`` (the bundled KB by default)."""
        if version not in INDEX_VERSIONS:
            raise ValueError(f"unknown index version {version!r}; expected one of {INDEX_VERSIONS}")
        chosen = list(load_passages() if passages is None else passages)
        if version == "stale":
            chosen = [p for p in chosen if p.updated < stale_cutoff]
        index = cls(
            chosen, cached_embed(embedder, [_passage_text(p) for p in chosen]), embedder, version
        )
        if version == "corrupted":
            index._corrupt(random.Random(_CORRUPTION_SEED))
        _analyse_sentences(embedder, chosen)
        return index

    def _build_bm25(self, docs: list[list[str]]) -> None:
        vocab: dict[str, int] = {}
        for doc in docs:
            for term in doc:
                vocab.setdefault(term, len(vocab))
        tf = np.zeros((len(docs), len(vocab)), dtype=np.float32)
        for row, doc in enumerate(docs):
            for term, count in Counter(doc).items():
                tf[row, vocab[term]] = count
        lengths = tf.sum(axis=1, keepdims=True)
        df = (tf > 0).sum(axis=0)
        n = len(docs)
        self._idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = _K1 * (1 - _B + _B * lengths / max(float(lengths.mean()), 1.0))
        # Precompute the saturated term weights; a query is then a column sum.
        self._bm25 = (tf * (_K1 + 1) / (tf + norm)).astype(np.float32)
        self._vocab = vocab

    def _corrupt(self, rng: random.Random) -> None:
        order = list(range(len(self.passages)))
        rng.shuffle(order)
        self._vectors = self._vectors[order]
        self._bm25 = self._bm25[order]

    def keyword_scores(self, query: str) -> npt.NDArray[np.float32]:
        """BM25 score of every passage for ``query``."""
        # In a fixed order: a float sum depends on it, and a set's order
        # changes from process to process.
        cols = [self._vocab[t] for t in sorted(set(terms(query))) if t in self._vocab]
        if not cols:
            return np.zeros(len(self.passages), dtype=np.float32)
        weights = self._bm25[:, cols] * self._idf[cols]
        return np.asarray(weights.sum(axis=1), dtype=np.float32)

    def search(
        self, query: str, k: int = 4, vector: npt.NDArray[np.float32] | None = None
    ) -> list[Hit]:
        """The ``k`` best passages for ``query``, best first.

        The query is first run through the German/French/Spanish glossary
        (:func:`translate_query`): the passages, the embedding model and BM25
        are English-only. English queries pass through unchanged.

        Args:
            query: the query.
            k: how many passages to return.
            vector: the embedding of the translated query, when the caller
                already has it.
        """
        if not self.passages:
            return []
        query = translate_query(query)
        qvec = self._embedder.embed([query])[0] if vector is None else vector
        cosine = self._vectors @ qvec
        keyword = self.keyword_scores(query)
        top_kw = float(keyword.max())
        keyword_norm = keyword / top_kw if top_kw > 0 else keyword
        score = cosine + _BM25_WEIGHT * keyword_norm
        best = np.argsort(-score, kind="stable")[:k]
        return [
            Hit(self.passages[i], float(score[i]), float(cosine[i]), float(keyword[i]))
            for i in best
        ]
