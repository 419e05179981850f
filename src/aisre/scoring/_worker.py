"""A scoring worker: take a batch, score it, make the scores durable, acknowledge.

The order is what makes delivery at-least-once: a batch is acknowledged only
after its scores are written, so a worker that dies mid-batch leaves its
messages to be taken over and scored again. Scores have deterministic ids
and the writer drops ids it has already stored (:class:`RecentIds`), so
each interaction still ends with one score per scorer.

The worker counts what it does (:class:`WorkerStats`): interactions and
scores, scorer errors, failed writes, and the lag from enqueue to score.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from aisre.core import Clock, Score

from ._queue import WorkQueue
from ._scorer import Scorer, run_scorers

__all__ = ["RecentIds", "ScoreWriter", "ScoringWorker", "WorkerStats"]

log = logging.getLogger("aisre.scoring")


class ScoreWriter(Protocol):
    """Makes scores durable (the lake, or aisre's ingest API); raises if it cannot."""

    def __call__(self, scores: Sequence[Score], /) -> object: ...


class RecentIds:
    """The ids of the last ``size`` records written: a repeated one is dropped, not stored twice."""

    def __init__(self, size: int = 1_000_000) -> None:
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self.repeated = 0

    def fresh(self, scores: Sequence[Score]) -> list[Score]:
        """The scores whose ids have not been seen; remembers them."""
        kept = []
        with self._lock:
            for score in scores:
                key = score.id
                if key is not None and key in self._ids:
                    self.repeated += 1
                    continue
                if key is not None:
                    self._ids[key] = None
                kept.append(score)
            while len(self._ids) > self.size:
                self._ids.popitem(last=False)
        return kept


@dataclass
class WorkerStats:
    """What a worker did, for ``/metrics``."""

    interactions: int = 0
    scores: int = 0
    scorer_errors: int = 0
    write_failures: int = 0
    redelivered: int = 0
    batches: int = 0
    #: Seconds from enqueue to durable score, of the last interactions scored.
    lags: deque[float] = field(default_factory=lambda: deque(maxlen=10_000))
    by_scorer: dict[str, int] = field(default_factory=dict)


class ScoringWorker:
    """Scores what a queue hands out, batch by batch.

    Args:
        queue: Where the work comes from.
        scorers: What judges each interaction.
        write: Makes a batch's scores durable.
        clock: Stamps the scores.
        consumer: This worker's name in the queue's consumer group.
        batch_size: Messages taken at once.
        now: Wall-clock seconds, for the lag (``time.time``).
    """

    def __init__(
        self,
        queue: WorkQueue,
        scorers: Sequence[Scorer],
        write: ScoreWriter,
        clock: Clock,
        *,
        consumer: str = "inprocess",
        batch_size: int = 64,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.queue, self.scorers, self.write, self.clock = queue, list(scorers), write, clock
        self.consumer, self.batch_size, self.now = consumer, batch_size, now
        self.stats = WorkerStats()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self, block_s: float = 1.0) -> int:
        """Take, score, write and acknowledge one batch; how many interactions it held."""
        messages = self.queue.take(self.consumer, self.batch_size, block_s)
        if not messages:
            return 0
        scores: list[Score] = []
        for message in messages:
            scores += run_scorers(self.scorers, message.interaction, self.clock)
        try:
            self.write(scores)
        except Exception:
            # Not acknowledged: the batch is taken over and scored again later.
            self.stats.write_failures += 1
            log.exception("cannot write %d scores; the batch will be retried", len(scores))
            return 0
        self.queue.ack([m.id for m in messages])
        done = self.now()
        stats = self.stats
        stats.batches += 1
        stats.interactions += len(messages)
        stats.scores += len(scores)
        stats.redelivered += sum(m.deliveries > 1 for m in messages)
        stats.lags.extend(done - m.enqueued_at for m in messages)
        for score in scores:
            if score.error is not None:
                stats.scorer_errors += 1
            stats.by_scorer[score.scorer] = stats.by_scorer.get(score.scorer, 0) + 1
        return len(messages)

    def run(self, stop: threading.Event | None = None) -> None:
        """Work until ``stop`` (or :meth:`stop`) is set."""
        stop = stop or self._stop
        backoff = 0.0
        while not stop.is_set():
            try:
                self.run_once()
                backoff = 0.0
            except Exception:
                backoff = min(5.0, backoff * 2 or 0.1)
                log.exception("the scoring worker failed; retrying in %.1f s", backoff)
                stop.wait(backoff)

    def start(self) -> None:
        """Work in a daemon thread."""
        self._thread = threading.Thread(target=self.run, name="aisre-scoring", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop the thread after its current batch."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
