"""WordLlama sentence embeddings, loaded offline: aisre's default embedding backend.

WordLlama ships its weights inside the wheel but looks for the tokenizer
config under ``<cache_dir>/tokenizers/`` (the bundled copy sits in a folder
its resolver does not check), so the embedder copies it there once and then
loads with downloads disabled: nothing ever touches the network.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

__all__ = ["Embedder", "WordLlamaEmbedder", "default_cache_dir"]

_TOKENIZER_FILE = "l2_supercat_tokenizer_config.json"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Embed ``texts`` into an array of shape ``(len(texts), dim)``."""
        ...


def _import_wordllama() -> Any:
    """Import WordLlama without the root logging configuration it installs on import.

    ``wordllama`` calls ``logging.basicConfig(level=INFO)`` when imported,
    which would make every library's INFO messages appear in the CLI's
    output; the root logger is put back as it was.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    from wordllama import WordLlama

    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return WordLlama


def default_cache_dir() -> Path:
    """The per-user folder WordLlama's files are copied into.

    ``$XDG_CACHE_HOME/aisre/wordllama`` when ``XDG_CACHE_HOME`` is set,
    ``~/.cache/aisre/wordllama`` otherwise.
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aisre" / "wordllama"


class WordLlamaEmbedder:
    """The real embedder: WordLlama ``l2_supercat`` (256 dimensions), offline.

    The model is loaded lazily on the first ``embed`` call, so constructing
    an embedder is free.

    Example:
        >>> emb = WordLlamaEmbedder()
        >>> emb.embed(["How do I rotate an API key?"]).shape
        (1, 256)
    """

    def __init__(self, cache_dir: Path | str | None = None) -> None:
        self._cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def cache_dir(self) -> Path:
        """Where the tokenizer config is copied and WordLlama is loaded from."""
        return self._cache_dir

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                WordLlama = _import_wordllama()

                target = self._cache_dir / "tokenizers" / _TOKENIZER_FILE
                if not target.exists():
                    source = files("wordllama") / "tokenizers" / _TOKENIZER_FILE
                    target.parent.mkdir(parents=True, exist_ok=True)
                    # Copy to a temporary name first so a concurrent loader
                    # never reads a half-written file.
                    tmp = target.with_suffix(f".{os.getpid()}.tmp")
                    with source.open("rb") as src, tmp.open("wb") as dst:
                        shutil.copyfileobj(src, dst)
                    tmp.replace(target)
                self._model = WordLlama.load(cache_dir=self._cache_dir, disable_download=True)
            return self._model

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Embed ``texts``; rows are L2-normalised float32 vectors."""
        model = self._load()
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        vectors = np.asarray(model.embed(list(texts), norm=False), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        # An all-unknown-token text embeds to zero; keep it zero, not NaN.
        return (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)
