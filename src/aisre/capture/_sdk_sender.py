"""The background sender: a bounded queue and a daemon thread posting batches to aisre.

The caller's side, :meth:`Sender.submit`, only appends to a deque under a lock:
it never blocks on the network and never raises. When the queue is full the
interaction is dropped and counted. The thread posts the oldest
``batch_size`` interactions to ``POST /api/v1/interactions`` and removes them
only once aisre answered 200, so while aisre is down the queue is the backlog,
retried with exponential backoff, bounded by ``max_queue``. A batch aisre
refuses for good (a 4xx other than 408 and 429) is dropped and counted, never
retried.
"""

from __future__ import annotations

import itertools
import logging
import random
import threading
from collections import deque
from dataclasses import dataclass

import httpx
import msgspec

from aisre.core import Interaction

from ._sdk_config import SdkConfig

__all__ = ["SdkStats", "Sender"]

log = logging.getLogger("aisre.sdk")

_RETRY_STATUSES = frozenset({408, 429})  # and every 5xx


@dataclass(frozen=True)
class SdkStats:
    """Counters of one sender, since it started.

    Attributes:
        queued: Interactions waiting to be sent now (the backlog).
        sent: Interactions aisre accepted.
        dropped: Interactions dropped because the queue was full.
        rejected: Interactions in batches aisre refused for good (a 4xx).
        failed_batches: POSTs that failed (connection error, 429, 5xx, 4xx).
        batches: POSTs that succeeded.
    """

    queued: int = 0
    sent: int = 0
    dropped: int = 0
    rejected: int = 0
    failed_batches: int = 0
    batches: int = 0


class Sender:
    """Sends interactions to aisre in batches from a daemon thread.

    Args:
        config: Where to send and how to batch.
        transport: An httpx transport, for tests.
    """

    def __init__(self, config: SdkConfig, *, transport: httpx.BaseTransport | None = None) -> None:
        headers = {"content-type": "application/json"}
        if config.api_key:
            headers["authorization"] = f"Bearer {config.api_key}"
        self._config = config
        self._client = httpx.Client(
            base_url=config.url.rstrip("/"),
            headers=headers,
            timeout=config.timeout_s,
            transport=transport,
        )
        self._encoder = msgspec.json.Encoder()
        self._queue: deque[Interaction] = deque()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._idle = threading.Condition(self._lock)
        self._counts = {name: 0 for name in SdkStats.__dataclass_fields__ if name != "queued"}
        self._draining = False  # a flush waits until the queue is empty
        self._kick = False  # a flush or close wants the thread to act now
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="aisre-sdk-sender", daemon=True)
        self._thread.start()

    def submit(self, item: Interaction) -> bool:
        """Queue one interaction; False when the queue is full and it was dropped."""
        with self._lock:
            if len(self._queue) >= self._config.max_queue or self._stopping:
                self._counts["dropped"] += 1
                return False
            self._queue.append(item)
            if len(self._queue) >= self._config.batch_size:
                self._wake.notify()
        return True

    def stats(self) -> SdkStats:
        """The counters now."""
        with self._lock:
            return SdkStats(queued=len(self._queue), **self._counts)

    def flush(self, timeout: float = 5.0) -> bool:
        """Send what is queued now; True when the queue emptied within ``timeout`` seconds."""
        with self._lock:
            if self._stopping:
                return not self._queue
            self._draining = self._kick = True
            self._wake.notify()
            return self._idle.wait_for(lambda: not self._queue, timeout=timeout)

    def close(self, timeout: float = 5.0) -> bool:
        """Flush for at most ``timeout`` seconds, then stop the thread; True when all was sent."""
        delivered = self.flush(timeout) if self._thread.is_alive() else not self._queue
        with self._lock:
            self._stopping = True
            self._wake.notify()
            self._idle.notify_all()
        # A POST may hang up to timeout_s; the daemon thread is not waited for that long.
        self._thread.join(timeout=1.0)
        self._client.close()
        return delivered

    def _run(self) -> None:
        failures = 0
        while True:
            with self._lock:
                if failures:
                    delay = min(self._config.max_backoff_s, 0.1 * 2 ** (failures - 1))
                    self._wake.wait_for(self._kicked, timeout=delay * random.uniform(0.5, 1.0))
                else:
                    self._wake.wait_for(self._ready, timeout=self._config.flush_interval_s)
                if self._stopping:
                    return
                self._kick = False
                if not self._queue:
                    self._draining = False
                    self._idle.notify_all()
                    continue
                batch = list(itertools.islice(self._queue, self._config.batch_size))
            try:
                settled = self._post(batch)
            except Exception:  # the thread must outlive any bug of its own
                log.exception("aisre SDK sender failed on a batch")
                settled = False
            failures = 0 if settled else failures + 1

    # The two predicates are called with the lock held. While aisre is down
    # only a flush or close cuts the backoff short.
    def _kicked(self) -> bool:
        return self._stopping or self._kick

    def _ready(self) -> bool:
        return (
            self._kicked()
            or (self._draining and bool(self._queue))
            or len(self._queue) >= self._config.batch_size
        )

    def _post(self, batch: list[Interaction]) -> bool:
        """POST one batch; True when it is settled (sent or refused for good)."""
        try:
            body = self._encoder.encode({"interactions": batch})
            response = self._client.post("/api/v1/interactions", content=body)
        except Exception as exc:  # an SDK thread must never die
            log.debug("aisre is unreachable at %s: %s", self._config.url, exc)
            self._count("failed_batches")
            return False
        status = response.status_code
        if status != 200:
            self._count("failed_batches")
            if status >= 500 or status in _RETRY_STATUSES:
                log.debug("aisre answered %s; retrying later", status)
                return False
            log.warning(
                "aisre refused a batch of %d (%s): %s", len(batch), status, response.text[:300]
            )
        with self._lock:
            for _ in batch:
                self._queue.popleft()
            self._counts["sent" if status == 200 else "rejected"] += len(batch)
            self._counts["batches"] += status == 200
            if not self._queue:
                self._draining = False
                self._idle.notify_all()
        return True

    def _count(self, name: str) -> None:
        with self._lock:
            self._counts[name] += 1
