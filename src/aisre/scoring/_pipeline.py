"""Online scoring: sampled interactions into the work queue, scores out of the workers.

``aisre up`` hands every interaction it made durable (ingest, gateway, OTLP)
to :meth:`ScoringPipeline.submit`: the sampling policy picks the ones to
score, and the queue takes them. Without ``queue.url`` a worker thread in
the same process scores them; with a Redis URL the queue is a stream that
``aisre worker`` processes share, and the server only produces. A full
queue refuses work instead of holding up ingest, and the refusal is counted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from aisre.core import AisreConfig, Clock, Interaction, QueueConfig, Score

from ._queue import MemoryQueue, WorkQueue
from ._sampling import SamplingPolicy
from ._scorer import ScorerContext, build_scorers
from ._worker import RecentIds, ScoreWriter, ScoringWorker

__all__ = ["ScoringPipeline", "queue_from_config"]

log = logging.getLogger("aisre.scoring")


def queue_from_config(config: QueueConfig) -> WorkQueue:
    """Redis Streams when ``queue.url`` is set, else a queue in this process."""
    if config.url:
        from ._queue_redis import RedisQueue

        return RedisQueue(config)
    return MemoryQueue(config.max_pending, config.claim_idle_s)


class ScoringPipeline:
    """Sampling, the queue, and (without Redis) the in-process worker.

    Args:
        config: The whole configuration (``scoring``, ``queue``, ``services``).
        write: Makes scores durable (the lake's ``append_scores`` in ``aisre up``).
        clock: Stamps the scores.
        context: The scorers' shared backends (made from the configuration by default).
        queue: The work queue (from ``queue`` by default).
    """

    def __init__(
        self,
        config: AisreConfig,
        write: ScoreWriter,
        clock: Clock,
        *,
        context: ScorerContext | None = None,
        queue: WorkQueue | None = None,
    ) -> None:
        self.config = config
        self.policy = SamplingPolicy(config)
        self.queue = queue if queue is not None else queue_from_config(config.queue)
        self.recent = RecentIds()
        self.submitted = self.sampled_out = self.refused = 0
        self._lock = threading.Lock()
        self.worker: ScoringWorker | None = None
        if config.queue.url is None:
            scorers = build_scorers(config.scoring, context)

            def write_fresh(scores: Sequence[Score]) -> None:
                write(self.recent.fresh(scores))

            self.worker = ScoringWorker(
                self.queue,
                scorers,
                write_fresh,
                clock,
                consumer="inprocess",
                batch_size=config.queue.batch_size,
            )

    def submit(self, interactions: Sequence[Interaction]) -> None:
        """Queue the sampled ones of ``interactions``; never raises (capture must go on)."""
        try:
            chosen = [i for i in interactions if self.policy.chosen(i)]
            taken = self.queue.put(chosen) if chosen else 0
        except Exception:
            log.exception("cannot queue %d interactions for scoring", len(interactions))
            taken, chosen = 0, list(interactions)
        with self._lock:
            self.submitted += taken
            self.sampled_out += len(interactions) - len(chosen)
            self.refused += len(chosen) - taken

    def start(self) -> None:
        """Start the in-process worker, if there is one."""
        if self.worker is not None:
            self.worker.start()

    def drain(self, timeout_s: float = 30.0) -> bool:
        """Wait until the queue is empty (in-process only); False on timeout."""
        deadline = threading.Event()
        waited = 0.0
        while self.queue.depth() > 0:
            if waited >= timeout_s:
                return False
            deadline.wait(0.02)
            waited += 0.02
        return True

    def close(self) -> None:
        """Stop the worker and release the queue."""
        if self.worker is not None:
            self.worker.stop()
        self.queue.close()
