"""The simulated GPU behind the reference service: requests in flight, queue, utilization, memory.

A :class:`LoadTracker` is told when each request begins and ends, and says
for any time what the GPU serving them looks like: how many requests are in
flight, how many of them wait for one of the ``slots`` of a batch, how busy
the slots were over the last ``window_s`` seconds, and how much frame-buffer
memory the weights and the KV cache of the running requests take.

Times may lie ahead of the clock: a simulation knows when each request will
finish and says so at once. The state at a time counts the requests begun
by then and not yet ended (a request whose end is unknown is in flight).
Finished requests older than the window are folded away, so the tracker
keeps only the requests of one window and those still to come.

Example:
    >>> clock = SimulatedClock(datetime(2026, 1, 1, tzinfo=UTC))
    >>> load = LoadTracker(clock, slots=2)
    >>> t = clock.now()
    >>> for _ in range(3):
    ...     ticket = load.begin(500, at=t)
    ...     _ = load.end(ticket, at=t + timedelta(seconds=2))
    >>> load.snapshot(t + timedelta(seconds=1)).queue_depth
    1
    >>> load.snapshot(t + timedelta(seconds=2)).in_flight
    0
"""

from __future__ import annotations

import heapq
import itertools
import threading
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from operator import attrgetter

from aisre.core import Clock

__all__ = ["LoadSnapshot", "LoadTracker"]

_BEGIN, _END = 0, 1
_COMPACT_AFTER = 4096  # folded-away history entries before the lists are shortened


@dataclass(frozen=True, slots=True)
class LoadSnapshot:
    """The simulated GPU at one time.

    Attributes:
        at: The time described.
        in_flight: Requests begun and not yet ended.
        queue_depth: Of those, the ones waiting for a batch slot.
        gpu_util_pct: Busy share of the slots over the last window, 0 to 100,
            never below the idle baseline.
        fb_used_mib / fb_free_mib: Frame-buffer memory used and free.
        requests_total: Requests begun by ``at``.
        kv_tokens: Tokens in the KV cache: those of the running requests.
    """

    at: datetime
    in_flight: int
    queue_depth: int
    gpu_util_pct: float
    fb_used_mib: int
    fb_free_mib: int
    requests_total: int
    kv_tokens: int


@dataclass(slots=True, eq=False)
class _Request:
    begin: float
    tokens: int  # KV tokens it will hold once it runs
    held: int = 0  # KV tokens counted in the history since it began
    running: bool = False


@dataclass(slots=True, eq=False)
class _Entry:
    """The state of the GPU from ``start`` until the next entry's."""

    start: float
    n: int
    tokens: int
    begun: int


_START = attrgetter("start")


class LoadTracker:
    """Requests on a simulated GPU, in real or simulated time; safe to share between threads.

    Args:
        clock: The time of calls that give no ``at``.
        slots: Requests the GPU batches at once; the rest queue.
        gpu_memory_mib: Frame-buffer size (an A100 80GB by default).
        model_memory_mib: Memory the model weights take, idle or not.
        kv_mib_per_token: KV-cache memory per token (a 13B model in fp16).
        window_s: The span utilization is averaged over.
        idle_util_pct: Utilization of an idle GPU.
    """

    def __init__(
        self,
        clock: Clock,
        *,
        slots: int = 8,
        gpu_memory_mib: int = 81920,
        model_memory_mib: int = 30000,
        kv_mib_per_token: float = 0.8,
        window_s: float = 10.0,
        idle_util_pct: float = 1.0,
    ) -> None:
        if slots < 1 or window_s <= 0 or kv_mib_per_token < 0:
            raise ValueError("slots and window_s must be positive, kv_mib_per_token not negative")
        if not 0 <= model_memory_mib <= gpu_memory_mib or not 0 <= idle_util_pct <= 100:
            raise ValueError("model_memory_mib must fit the GPU; idle_util_pct is 0..100")
        self._clock = clock
        self.slots, self.window_s, self.idle_util_pct = slots, window_s, idle_util_pct
        self.gpu_memory_mib, self.model_memory_mib = gpu_memory_mib, model_memory_mib
        self.kv_mib_per_token = kv_mib_per_token
        self._lock = threading.Lock()
        self._tickets = itertools.count(1)
        self._open: dict[int, _Request] = {}
        self._events: list[tuple[float, int, int, _Request]] = []  # after _now, by time
        self._seq = itertools.count()
        # Times are seconds since the tracker began: finer than epoch timestamps.
        self._origin = clock.now()
        self._now = 0.0  # the latest time looked at
        self._hist = [_Entry(0.0, 0, 0, 0)]  # the state up to _now, a step function
        self._head = 0  # entries before it are folded away
        self._busy = 0.0  # integral of the busy share from _hist[_head] to _hist[-1]

    def begin(self, prompt_tokens: int, *, at: datetime | None = None) -> int:
        """A request begins, holding ``prompt_tokens`` in the KV cache; returns its ticket."""
        if prompt_tokens < 0:
            raise ValueError(f"prompt_tokens must not be negative, got {prompt_tokens}")
        with self._lock:
            request = _Request(self._time(at), prompt_tokens)
            ticket = next(self._tickets)
            self._open[ticket] = request
            if request.begin > self._now:
                heapq.heappush(self._events, (request.begin, next(self._seq), _BEGIN, request))
            else:
                self._start(request, request.begin)
            return ticket

    def end(self, ticket: int, *, completion_tokens: int = 0, at: datetime | None = None) -> float:
        """The request of ``ticket`` ends; returns how long it was in flight, in seconds.

        Completion tokens are held for the request's whole run if it had not
        begun by the latest time looked at (a simulation that knows the
        future); otherwise they are freed as they are generated. An end
        before the begin (a wall clock stepped back) counts as zero length.
        """
        if completion_tokens < 0:
            raise ValueError(f"completion_tokens must not be negative, got {completion_tokens}")
        with self._lock:
            request = self._open.pop(ticket, None)
            if request is None:
                raise KeyError(f"no request in flight has ticket {ticket}")
            when = max(self._time(at), request.begin)
            if not request.running:
                request.tokens += completion_tokens
            if when > self._now:
                heapq.heappush(self._events, (when, next(self._seq), _END, request))
            else:
                self._change(when, -1, -request.held, 0)
            return when - request.begin

    def snapshot(self, at: datetime | None = None) -> LoadSnapshot:
        """The GPU at ``at`` (now by default).

        Exact at or after the latest time looked at; before it, exact back
        to one window earlier, with utilization counted over what is kept.
        """
        with self._lock:
            when = at if at is not None else self._clock.now()
            t = self._time(when)
            self._advance(t)
            hist, i = self._hist, len(self._hist) - 1
            if t < hist[i].start:
                i = max(self._head, bisect_right(hist, t, self._head, key=_START) - 1)
            state = hist[i]
            share = self._busy_integral(t, i) / self.window_s
        n, running = state.n, min(state.n, self.slots)
        kv = state.tokens * running // n if n else 0  # queued requests hold no KV cache yet
        used = min(self.gpu_memory_mib, self.model_memory_mib + round(kv * self.kv_mib_per_token))
        idle = self.idle_util_pct
        return LoadSnapshot(
            at=when,
            in_flight=n,
            queue_depth=n - running,
            gpu_util_pct=idle + (100.0 - idle) * min(1.0, max(0.0, share)),
            fb_used_mib=used,
            fb_free_mib=self.gpu_memory_mib - used,
            requests_total=state.begun,
            kv_tokens=kv,
        )

    @property
    def retained(self) -> int:
        """History entries and requests kept: bounded by one window's load, not by the total."""
        with self._lock:
            return len(self._hist) + len(self._events) + len(self._open)

    def _time(self, at: datetime | None) -> float:
        when = at if at is not None else self._clock.now()
        if when.tzinfo is None:
            raise ValueError("times must be timezone-aware")
        return (when - self._origin).total_seconds()

    def _level(self, entry: _Entry) -> float:
        return min(entry.n, self.slots) / self.slots

    def _start(self, request: _Request, when: float) -> None:
        request.running, request.held = True, request.tokens
        self._change(when, 1, request.tokens, 1)

    def _change(self, when: float, dn: int, dtok: int, dbegun: int) -> None:
        """Apply a change from ``when`` on: appended to the history, or patched into it."""
        hist, last = self._hist, self._hist[-1]
        if when > last.start:  # the usual case
            self._busy += self._level(last) * (when - last.start)
            hist.append(_Entry(when, last.n + dn, last.tokens + dtok, last.begun + dbegun))
            return
        first = bisect_right(hist, when, self._head, key=_START)
        if first > self._head:  # else it is before all that is kept, which all shifts
            prev = hist[first - 1]
            if prev.start == when:
                first -= 1
            else:
                hist.insert(first, _Entry(when, prev.n, prev.tokens, prev.begun))
        for i in range(first, len(hist)):
            entry, before = hist[i], self._level(hist[i])
            entry.n += dn
            entry.tokens += dtok
            entry.begun += dbegun
            if i + 1 < len(hist):
                self._busy += (self._level(entry) - before) * (hist[i + 1].start - entry.start)

    def _advance(self, t: float) -> None:
        events = self._events
        while events and events[0][0] <= t:
            when, _, kind, request = heapq.heappop(events)
            if kind == _BEGIN:
                self._start(request, when)
            else:
                self._change(when, -1, -request.held, 0)
        self._now = max(self._now, t)
        # Also after a late change, which may have added entries before the window.
        self._fold(self._now - self.window_s)

    def _fold(self, before: float) -> None:
        """Fold away the history entries that end by ``before``."""
        hist, head = self._hist, self._head
        while head < len(hist) - 1 and hist[head + 1].start <= before:
            self._busy -= self._level(hist[head]) * (hist[head + 1].start - hist[head].start)
            head += 1
        self._head = head
        if head > _COMPACT_AFTER and 2 * head > len(hist):
            del hist[:head]
            self._head = 0
            # Recounted, to shed the rounding of many += and -=.
            self._busy = sum(self._level(a) * (b.start - a.start) for a, b in pairwise(hist))

    def _busy_integral(self, t: float, i: int) -> float:
        """Busy slot-seconds per slot over ``[t - window_s, t]``, ``t`` being in entry ``i``."""
        hist, head, lo = self._hist, self._head, t - self.window_s
        if i == len(hist) - 1:  # the latest entry: O(1), the window being all kept
            total = self._busy + self._level(hist[i]) * (t - hist[i].start)
            first = hist[head]
            return total - (self._level(first) * (lo - first.start) if lo > first.start else 0.0)
        total, upper = 0.0, t
        for entry in reversed(hist[head : i + 1]):
            total += self._level(entry) * max(0.0, upper - max(entry.start, lo))
            if entry.start <= lo:
                break
            upper = entry.start
        return total
