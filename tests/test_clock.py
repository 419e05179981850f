"""The clocks every time-dependent component takes."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest

from aisre.core import Clock, ContextClock, SimulatedClock, SystemClock, interval_timer

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_simulated_clock_starts_where_told() -> None:
    clock = SimulatedClock(T0)
    assert clock.now() == T0
    assert clock.now().tzinfo is UTC


def test_simulated_clock_normalises_an_offset_start_to_utc() -> None:
    start = datetime(2026, 11, 30, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    clock = SimulatedClock(start)
    assert clock.now() == T0
    assert clock.now().utcoffset() == timedelta(0)
    assert clock.now().hour == 12


def test_simulated_clock_needs_a_timezone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SimulatedClock(datetime(2026, 11, 30, 12, 0))


def test_advance_moves_forward_by_seconds() -> None:
    clock = SimulatedClock(T0)
    clock.advance(90)
    assert clock.now() == T0 + timedelta(seconds=90)
    clock.advance(0.25)
    assert clock.now() == T0 + timedelta(seconds=90.25)
    clock.advance(0)
    assert clock.now() == T0 + timedelta(seconds=90.25)


def test_advance_never_backwards() -> None:
    clock = SimulatedClock(T0)
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)
    assert clock.now() == T0


def test_sleep_advances_instead_of_waiting() -> None:
    clock = SimulatedClock(T0)
    clock.sleep(6 * 3600)  # six simulated hours, returns at once
    assert clock.now() == T0 + timedelta(hours=6)
    with pytest.raises(ValueError, match="backwards"):
        clock.sleep(-0.001)


def test_set_moves_to_a_later_time_and_converts_to_utc() -> None:
    clock = SimulatedClock(T0)
    later = datetime(2026, 12, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    clock.set(later)
    assert clock.now() == later
    assert clock.now().tzinfo is UTC
    assert clock.now().hour == 14
    clock.set(clock.now())  # the same instant is not backwards
    assert clock.now() == later


def test_set_never_backwards() -> None:
    clock = SimulatedClock(T0)
    with pytest.raises(ValueError, match="backwards"):
        clock.set(T0 - timedelta(microseconds=1))
    # The same instant written with another offset is not earlier.
    clock.set(datetime(2026, 11, 30, 7, 0, tzinfo=timezone(timedelta(hours=-5))))
    assert clock.now() == T0


def test_simulated_clock_is_safe_between_threads() -> None:
    clock = SimulatedClock(T0)

    def tick() -> None:
        for _ in range(1000):
            clock.advance(1)

    threads = [threading.Thread(target=tick) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert clock.now() == T0 + timedelta(seconds=8000)


def test_system_clock_returns_aware_utc_now() -> None:
    clock = SystemClock()
    before = datetime.now(UTC)
    now = clock.now()
    after = datetime.now(UTC)
    assert now.tzinfo is not None
    assert now.utcoffset() == timedelta(0)
    assert before <= now <= after


def test_system_clock_sleep_of_nothing_returns() -> None:
    SystemClock().sleep(0)
    SystemClock().sleep(-1)


def test_both_clocks_satisfy_the_protocol() -> None:
    assert isinstance(SystemClock(), Clock)
    assert isinstance(SimulatedClock(T0), Clock)


def test_context_clock_reads_the_context_s_own_clock_and_the_base_elsewhere() -> None:
    base = SimulatedClock(T0)
    clock = ContextClock(base)
    own = SimulatedClock(T0 + timedelta(minutes=5))
    assert isinstance(clock, Clock)
    with clock.using(own):
        clock.sleep(2)
        assert clock.now() == T0 + timedelta(minutes=5, seconds=2)
        assert clock.current is own
    assert clock.now() == T0  # the base did not move
    assert clock.current is base


def test_context_clock_follows_tasks_and_not_other_threads() -> None:
    clock = ContextClock(SimulatedClock(T0))
    own = SimulatedClock(T0 + timedelta(hours=1))
    seen: list[datetime] = []

    async def in_a_task() -> datetime:
        await asyncio.sleep(0)
        return clock.now()

    async def main() -> None:
        with clock.using(own):
            seen.append(await asyncio.create_task(in_a_task()))
            thread = threading.Thread(target=lambda: seen.append(clock.now()))
            thread.start()
            thread.join()

    asyncio.run(main())
    assert seen == [T0 + timedelta(hours=1), T0]


def test_interval_timer_is_monotonic_on_the_system_clock_and_simulated_otherwise() -> None:
    assert interval_timer(SystemClock()) is time.perf_counter
    simulated = SimulatedClock(T0)
    timer = interval_timer(ContextClock(simulated))
    start = timer()
    simulated.advance(1.5)
    assert timer() - start == pytest.approx(1.5)
