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
