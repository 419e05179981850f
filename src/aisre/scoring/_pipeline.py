"""Online scoring: sampled interactions into the work queue, scores out of the workers.

``aisre up`` hands every interaction it made durable (ingest, gateway, OTLP)
to :meth:`ScoringPipeline.submit`: the sampling policy picks the ones to
score, and the queue takes them. Without ``queue.url`` a worker thread in
the same process scores them; with a Redis URL the queue is a stream that
``aisre worker`` processes share, and the server only produces. A full
queue refuses work instead of holding up ingest, and the refusal is counted.

An interaction a user gives feedback on is always scored, even if sampling
left it out: :meth:`ScoringPipeline.want` notes its id, and a resolver
thread looks it up in the lake (where it may land a moment after the
feedback) and queues it, for up to ``WANT_FOR_S``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence

from aisre.core import AisreConfig, Clock, Interaction, QueueConfig, Score

from ._queue import MemoryQueue, WorkQueue
from ._sampling import SamplingPolicy
from ._scorer import ScorerContext, build_scorers
from ._worker import RecentIds, ScoreWriter, ScoringWorker

__all__ = ["WANT_FOR_S", "ScoringPipeline", "queue_from_config"]

log = logging.getLogger("aisre.scoring")

#: How long the pipeline keeps looking for an interaction a user gave feedback on.
WANT_FOR_S = 600.0
#: Interactions looked for at once, at most.
_MAX_WANTED = 100_000
#: Looks interactions up by id (in the lake).
Fetch = Callable[[Sequence[str]], list[Interaction]]


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
        fetch: Looks interactions up by id, for those with feedback (none by default).
        resolve_every_s: How often the ids with feedback are looked up.
        recent: The ids of scores stored lately, shared with whatever else stores scores
            (``aisre up``'s ingest API), so a score is stored once whoever writes it.
    """

    def __init__(
        self,
        config: AisreConfig,
        write: ScoreWriter,
        clock: Clock,
        *,
        context: ScorerContext | None = None,
        queue: WorkQueue | None = None,
        fetch: Fetch | None = None,
        resolve_every_s: float = 2.0,
        recent: RecentIds | None = None,
    ) -> None:
        self.config = config
        self.fetch, self.resolve_every_s = fetch, resolve_every_s
        self._wanted: OrderedDict[str, float] = OrderedDict()
        self.wanted_scored = self.wanted_missing = 0
        self._stop = threading.Event()
        self._resolver: threading.Thread | None = None
        self.policy = SamplingPolicy(config)
        self.queue = queue if queue is not None else queue_from_config(config.queue)
        self.recent = recent if recent is not None else RecentIds()
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

    def want(self, interaction_ids: Sequence[str]) -> None:
        """Score these interactions whatever sampling said (users gave feedback on them)."""
        if self.fetch is None:
            return
        now = time.monotonic()
        with self._lock:
            for key in interaction_ids:
                self._wanted.setdefault(key, now)
            while len(self._wanted) > _MAX_WANTED:
                self._wanted.popitem(last=False)
                self.wanted_missing += 1

    def resolve(self, now: float | None = None) -> int:
        """Look the wanted interactions up and queue those sampling left out; how many."""
        if self.fetch is None:
            return 0
        now = time.monotonic() if now is None else now
        with self._lock:
            keys = list(self._wanted)[:1000]
        if not keys:
            return 0
        found = {i.id: i for i in self.fetch(keys) if i.id}
        unscored = [i for i in found.values() if not self.policy.chosen(i)]
        taken = self.queue.put(unscored) if unscored else 0
        with self._lock:
            for key in keys:
                first = self._wanted.get(key)
                if key in found:
                    self._wanted.pop(key, None)
                elif first is not None and now - first > WANT_FOR_S:
                    self._wanted.pop(key, None)
                    self.wanted_missing += 1
            self.wanted_scored += taken
            self.refused += len(unscored) - taken
        return taken

    def _resolve_loop(self) -> None:
        while not self._stop.wait(self.resolve_every_s):
            try:
                self.resolve()
            except Exception:
                log.exception("cannot look up the interactions users gave feedback on")

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
        """Start the in-process worker, if there is one, and the feedback resolver."""
        if self.worker is not None:
            self.worker.start()
        if self.fetch is not None:
            self._resolver = threading.Thread(
                target=self._resolve_loop, name="aisre-scoring-feedback", daemon=True
            )
            self._resolver.start()

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
        self._stop.set()
        if self._resolver is not None:
            self._resolver.join(10)
        if self.worker is not None:
            self.worker.stop()
        self.queue.close()
