"""aisre.scoring: verdicts on each interaction (refusal, grounding, retrieval, validity, leaks).

Scorers share one shape (:class:`Scorer`, registered in :data:`SCORERS`);
the embedding backends are here too. Names load lazily, so importing the
package costs nothing until a scorer or backend is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._drift_model import DriftReport, DriftThresholds, ExampleQuery, FeatureDrift
    from ._drift_report import compare_windows, drift_report
    from ._drift_window import Window, resolve_windows
    from ._embeddings import (
        CachedEmbedder,
        Embedder,
        MiniLMEmbedder,
        OpenAIEmbedder,
        WordLlamaEmbedder,
        default_cache_dir,
        embedder_from_config,
    )
    from ._judge import (
        PROMPTS,
        Judge,
        JudgeError,
        JudgePrompt,
        JudgeVerdict,
        OpenAIJudge,
        judge_from_config,
    )
    from ._pipeline import ScoringPipeline, queue_from_config
    from ._queue import MemoryQueue, Message, WorkQueue
    from ._queue_redis import QueueError, RedisQueue
    from ._sampling import SamplingPolicy
    from ._scorer import (
        SCORERS,
        Scorer,
        ScorerContext,
        Verdict,
        build_scorers,
        run_scorers,
        score_id,
        scorer,
    )
    from ._worker import RecentIds, ScoreWriter, ScoringWorker, WorkerStats
    from ._writer_http import HttpScoreWriter

_WHERE = {
    "drift_report": "._drift_report",
    "compare_windows": "._drift_report",
    "DriftReport": "._drift_model",
    "DriftThresholds": "._drift_model",
    "FeatureDrift": "._drift_model",
    "ExampleQuery": "._drift_model",
    "Window": "._drift_window",
    "resolve_windows": "._drift_window",
    "HttpScoreWriter": "._writer_http",
    "MemoryQueue": "._queue",
    "Message": "._queue",
    "WorkQueue": "._queue",
    "QueueError": "._queue_redis",
    "RedisQueue": "._queue_redis",
    "SamplingPolicy": "._sampling",
    "RecentIds": "._worker",
    "ScoreWriter": "._worker",
    "ScoringWorker": "._worker",
    "WorkerStats": "._worker",
    "ScoringPipeline": "._pipeline",
    "queue_from_config": "._pipeline",
    "CachedEmbedder": "._embeddings",
    "Embedder": "._embeddings",
    "MiniLMEmbedder": "._embeddings",
    "OpenAIEmbedder": "._embeddings",
    "WordLlamaEmbedder": "._embeddings",
    "default_cache_dir": "._embeddings",
    "embedder_from_config": "._embeddings",
    "PROMPTS": "._judge",
    "Judge": "._judge",
    "JudgeError": "._judge",
    "JudgePrompt": "._judge",
    "JudgeVerdict": "._judge",
    "OpenAIJudge": "._judge",
    "judge_from_config": "._judge",
    "SCORERS": "._scorer",
    "Scorer": "._scorer",
    "ScorerContext": "._scorer",
    "Verdict": "._scorer",
    "build_scorers": "._scorer",
    "run_scorers": "._scorer",
    "score_id": "._scorer",
    "scorer": "._scorer",
}

__all__ = [
    "PROMPTS",
    "SCORERS",
    "CachedEmbedder",
    "DriftReport",
    "DriftThresholds",
    "Embedder",
    "ExampleQuery",
    "FeatureDrift",
    "HttpScoreWriter",
    "Judge",
    "JudgeError",
    "JudgePrompt",
    "JudgeVerdict",
    "MemoryQueue",
    "Message",
    "MiniLMEmbedder",
    "OpenAIEmbedder",
    "OpenAIJudge",
    "QueueError",
    "RecentIds",
    "RedisQueue",
    "SamplingPolicy",
    "ScoreWriter",
    "Scorer",
    "ScorerContext",
    "ScoringPipeline",
    "ScoringWorker",
    "Verdict",
    "Window",
    "WordLlamaEmbedder",
    "WorkQueue",
    "WorkerStats",
    "build_scorers",
    "compare_windows",
    "default_cache_dir",
    "drift_report",
    "embedder_from_config",
    "judge_from_config",
    "queue_from_config",
    "resolve_windows",
    "run_scorers",
    "score_id",
    "scorer",
]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'aisre.scoring' has no attribute {name!r}")
    value = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = value
    return value
