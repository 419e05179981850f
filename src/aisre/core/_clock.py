"""Clocks: every time-dependent component takes one instead of reading the wall clock.

Example:
    >>> from datetime import datetime, timezone
    >>> clock = SimulatedClock(datetime(2026, 1, 1, tzinfo=timezone.utc))
    >>> clock.advance(90)
    >>> clock.now().isoformat()
    '2026-01-01T00:01:30+00:00'
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """The source of time for a component."""

    def now(self) -> datetime:
        """The current time, timezone-aware in UTC."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``: really, or by advancing simulated time."""
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


class SimulatedClock:
    """A clock that moves only when told to; safe to share between threads.

    ``sleep`` advances the clock instead of waiting, so a scenario of six
    simulated hours runs as fast as the work in it allows.
    """

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("SimulatedClock needs a timezone-aware start time")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds`` (never backwards)."""
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        with self._lock:
            self._now += timedelta(seconds=seconds)

    def set(self, when: datetime) -> None:
        """Move the clock to ``when``, which must not be in its past."""
        when = when.astimezone(UTC)
        with self._lock:
            if when < self._now:
                raise ValueError("a clock cannot go backwards")
            self._now = when


class ContextClock:
    """A clock that each task or thread of work may replace with one of its own.

    A simulation answers many requests that overlap in simulated time one after
    another: each gets a clock of its own, which its injected latency advances.
    Components built once with a clock (the gateway, the reference service) are
    given a ``ContextClock``; within :meth:`using`, and in tasks and worker
    threads started from there (context variables follow them), they read the
    request's clock, and elsewhere the base clock.

    Example:
        >>> from datetime import timezone
        >>> base = SimulatedClock(datetime(2026, 1, 1, tzinfo=timezone.utc))
        >>> clock = ContextClock(base)
        >>> own = SimulatedClock(datetime(2026, 1, 1, 0, 5, tzinfo=timezone.utc))
        >>> with clock.using(own):
        ...     clock.sleep(2)
        ...     clock.now().isoformat()
        '2026-01-01T00:05:02+00:00'
        >>> clock.now().isoformat()
        '2026-01-01T00:00:00+00:00'
    """

    def __init__(self, base: Clock) -> None:
        self.base = base
        self._current: ContextVar[Clock | None] = ContextVar("aisre_clock", default=None)

    @property
    def current(self) -> Clock:
        """The clock in force here: the context's own, or the base."""
        return self._current.get() or self.base

    def now(self) -> datetime:
        return self.current.now()

    def sleep(self, seconds: float) -> None:
        self.current.sleep(seconds)

    @contextmanager
    def using(self, clock: Clock) -> Iterator[Clock]:
        """Make ``clock`` this context's clock until the block ends."""
        token = self._current.set(clock)
        try:
            yield clock
        finally:
            self._current.reset(token)


def interval_timer(clock: Clock) -> Callable[[], float]:
    """Seconds for measuring durations on ``clock``.

    The system clock's durations come from ``time.perf_counter`` (monotonic,
    sub-microsecond); any other clock's from its own time, so that what a
    simulation measures is its simulated time.
    """
    if isinstance(clock, SystemClock):
        return time.perf_counter
    return lambda: clock.now().timestamp()
