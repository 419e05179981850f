"""The reference service embeds with aisre's own backend (:mod:`aisre.scoring`)."""

from aisre.scoring import Embedder, WordLlamaEmbedder, default_cache_dir

__all__ = ["Embedder", "WordLlamaEmbedder", "default_cache_dir"]
