"""aisre.demo.service: the reference RAG service, its engine and its OpenAI-compatible API.

Retrieval over the bundled knowledge base with WordLlama embeddings and BM25,
an extractive answerer with versioned model behaviours, prompt templates and
index versions, the checks that measure it against the golden set, the
run-time faults and pace of generation, and the HTTP app.
"""

from ._answer import Answer, Answerer, RetrievedChunk
from ._api import create_service_app
from ._change_events import change_poster
from ._chat import ChatReply, Completion, run_chat
from ._embeddings import Embedder, WordLlamaEmbedder, default_cache_dir
from ._evaluate import F1_THRESHOLD, is_correct, is_supported, measure, token_f1
from ._faults import NO_FAULTS, Decision, Faults, decide
from ._index import INDEX_VERSIONS, STALE_CUTOFF, Hit, VectorIndex
from ._knowledge import GoldenCase, Passage, load_golden, load_passages
from ._pace import INSTANT, PACES, REALISTIC, Pace
from ._state import ALLOWED_VERSIONS, ServiceState, UnknownVersion, Versions
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
    "ALLOWED_VERSIONS",
    "ANSWER_SCHEMAS",
    "DECLINE",
    "F1_THRESHOLD",
    "INDEX_VERSIONS",
    "INSTANT",
    "MODEL_VERSIONS",
    "NO_FAULTS",
    "PACES",
    "PROMPT_VERSIONS",
    "REALISTIC",
    "REFUSALS",
    "STALE_CUTOFF",
    "Answer",
    "Answerer",
    "ChatReply",
    "Completion",
    "Decision",
    "Embedder",
    "Faults",
    "GoldenCase",
    "Hit",
    "ModelVersion",
    "Pace",
    "Passage",
    "PromptTemplate",
    "RetrievedChunk",
    "ServiceState",
    "UnknownVersion",
    "VectorIndex",
    "Versions",
    "WordLlamaEmbedder",
    "answer_json",
    "change_poster",
    "create_service_app",
    "decide",
    "default_cache_dir",
    "is_correct",
    "is_supported",
    "load_golden",
    "load_passages",
    "measure",
    "model_version",
    "prompt_template",
    "run_chat",
    "token_f1",
]
