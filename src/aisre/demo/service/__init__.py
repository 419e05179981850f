"""aisre.demo.service: the engine of the reference RAG service (no HTTP).

Retrieval over the bundled knowledge base with WordLlama embeddings and BM25,
an extractive answerer with versioned model behaviours, prompt templates and
index versions, and the checks that measure it against the golden set.
"""

from ._answer import Answer, Answerer, RetrievedChunk
from ._embeddings import Embedder, WordLlamaEmbedder, default_cache_dir
from ._evaluate import F1_THRESHOLD, is_correct, is_supported, measure, token_f1
from ._index import INDEX_VERSIONS, STALE_CUTOFF, Hit, VectorIndex
from ._knowledge import GoldenCase, Passage, load_golden, load_passages
from ._structured import ANSWER_SCHEMAS, answer_json
from ._versions import (
    DECLINE,
    MODEL_VERSIONS,
    PROMPT_VERSIONS,
    REFUSALS,
    ModelVersion,
    PromptTemplate,
    model_version,
    prompt_template,
)

__all__ = [
    "ANSWER_SCHEMAS",
    "DECLINE",
    "F1_THRESHOLD",
    "INDEX_VERSIONS",
    "MODEL_VERSIONS",
    "PROMPT_VERSIONS",
    "REFUSALS",
    "STALE_CUTOFF",
    "Answer",
    "Answerer",
    "Embedder",
    "GoldenCase",
    "Hit",
    "ModelVersion",
    "Passage",
    "PromptTemplate",
    "RetrievedChunk",
    "VectorIndex",
    "WordLlamaEmbedder",
    "answer_json",
    "default_cache_dir",
    "is_correct",
    "is_supported",
    "load_golden",
    "load_passages",
    "measure",
    "model_version",
    "prompt_template",
    "token_f1",
]
