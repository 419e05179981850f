"""Fail-open recording: capture hands interactions over and never waits for the lake.

The gateway must not make a proxied call slower or fail it because the lake
is slow or down. :class:`Recorder` takes interactions into a bounded
in-memory queue and returns at once; a background thread redacts them and
appends them to the lake in batches (the lake's own write-ahead spool makes
them durable). When an append fails, the batch is kept and retried with
backoff until it lands, so every interaction lands once after the lake
recovers. Only when the queue is full are the oldest interactions dropped,
and each drop is counted.

A caller on a hot path may submit a *build* (a function that returns the
interaction) instead of the interaction: it is called in the recorder's
thread, so parsing and building cost the caller nothing. A build that
raises is logged and counted in ``build_failures``.

Example:
    >>> recorder = Recorder(lake, redactor)
    >>> recorder.start()
    >>> recorder.submit(interaction)   # returns at once
    >>> recorder.close()               # delivers what is queued, within a timeout
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence

from aisre.core import Interaction
from aisre.store import EventLake

from ._redact import Redactor

__all__ = ["Recorder"]

log = logging.getLogger("aisre.capture")

#: Called with each batch once it is durable (for metrics).
OnRecorded = Callable[[Sequence[Interaction]], None]
#: An interaction, or a function that builds it in the recorder's thread.
Submission = Interaction | Callable[[], Interaction]


class Recorder:
    """A bounded queue in front of the lake, drained by a background thread.

    Args:
        lake: Where interactions go.
        redactor: Applied to every batch before it is appended.
        capacity: Interactions held while the lake is slow or down.
        batch_size: Interactions appended at once.
        linger_s: How long to let a batch fill after its first interaction: fewer,
            larger appends, and the background thread wakes less often.
        on_recorded: Called with each batch after it is durable.
        max_backoff_s: Longest wait between retries of a failed append.
    """

    def __init__(
        self,
        lake: EventLake,
        redactor: Redactor,
        *,
        capacity: int = 100_000,
        batch_size: int = 500,
        linger_s: float = 0.0,
        on_recorded: OnRecorded | None = None,
        max_backoff_s: float = 5.0,
    ) -> None:
        self.lake = lake
        self.redactor = redactor
        self.capacity = capacity
        self.batch_size = batch_size
        self.linger_s = linger_s
        self.on_recorded = on_recorded
        self.max_backoff_s = max_backoff_s
        self._queue: deque[Submission] = deque()
        self._cond = threading.Condition()
        self._closing = False
        self._thread: threading.Thread | None = None
        #: Interactions appended to the lake.
        self.recorded = 0
        #: Interactions dropped because the queue was full.
        self.dropped = 0
        #: Appends that failed (and were retried).
        self.failures = 0
        #: Submitted builds that raised (their interactions are lost).
        self.build_failures = 0

    @property
    def pending(self) -> int:
        """Interactions waiting to be appended (the batch being retried included)."""
        with self._cond:
            return len(self._queue) + self._in_flight

    _in_flight = 0

    def submit(self, interaction: Submission) -> None:
        """Queue ``interaction`` (or its build); never blocks and never raises."""
        with self._cond:
            if len(self._queue) >= self.capacity:
                self._queue.popleft()
                self.dropped += 1
            self._queue.append(interaction)
            if len(self._queue) in (1, self.batch_size):  # else the thread is up already
                self._cond.notify()

    def start(self) -> None:
        """Start the background thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="aisre-recorder", daemon=True)
            self._thread.start()

    def close(self, timeout_s: float = 10.0) -> None:
        """Deliver what is queued, waiting at most ``timeout_s``, then stop."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                log.warning("recorder stopped with %d interactions not delivered", self.pending)
            self._thread = None

    def drain(self, timeout_s: float = 10.0) -> bool:
        """Wait until everything queued so far is in the lake; False on timeout."""
        deadline = time.monotonic() + timeout_s
        while self.pending:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    def _take(self) -> list[Submission] | None:
        with self._cond:
            while not self._queue and not self._closing:
                self._cond.wait()
            deadline = time.monotonic() + self.linger_s
            while not self._closing and len(self._queue) < self.batch_size:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            if not self._queue:
                return None
            batch = [self._queue.popleft() for _ in range(min(self.batch_size, len(self._queue)))]
            self._in_flight = len(batch)
            return batch

    def _append(self, batch: list[Interaction]) -> bool:
        """Append ``batch``, retrying with backoff; False if given up at close."""
        backoff = 0.05
        self.redactor.interactions(batch)
        while True:
            try:
                self.lake.append_interactions(batch)
                return True
            except Exception as exc:
                self.failures += 1
                log.warning("cannot append %d interactions yet (%s); retrying", len(batch), exc)
                with self._cond:
                    if self._closing and self._thread is None:
                        return False  # close() gave up waiting
                    self._cond.wait(backoff)
                backoff = min(self.max_backoff_s, backoff * 2)

    def _build(self, taken: list[Submission]) -> list[Interaction]:
        batch = []
        for item in taken:
            if isinstance(item, Interaction):
                batch.append(item)
                continue
            try:
                batch.append(item())
            except Exception:
                self.build_failures += 1
                log.exception("cannot build a recorded interaction")
            # Let the event loop's thread have the GIL between builds.
            time.sleep(0)
        return batch

    def _run(self) -> None:
        while (taken := self._take()) is not None:
            batch = self._build(taken)
            if batch and not self._append(batch):
                return
            with self._cond:
                self.recorded += len(batch)
                self._in_flight = 0
            if batch and self.on_recorded is not None:
                try:
                    self.on_recorded(batch)
                except Exception:
                    log.exception("on_recorded failed")
