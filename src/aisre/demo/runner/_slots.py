"""The GPU's batch slots: a request waits for a free slot before it is served.

Arrivals are processed in time order; each takes the slot that frees first
and holds it until it is answered. With more arrivals than slots, requests
queue, so a burst of traffic or a latency fault that holds slots longer
shows up as queueing delay, as it does on a real inference server.

Example:
    >>> slots = Slots(1)
    >>> slots.start(0.0), slots.finish(2.0)
    (0.0, None)
    >>> slots.start(1.0)  # waits for the first request
    2.0
"""

from __future__ import annotations

import heapq

__all__ = ["Slots"]


class Slots:
    """``count`` slots, each free from some offset (in seconds) on."""

    def __init__(self, count: int) -> None:
        if count < 1:
            raise ValueError("there must be at least one slot")
        self._free = [0.0] * count
        self._taken: float | None = None

    def start(self, arrival: float) -> float:
        """Take the first free slot for a request arriving at ``arrival``; when it starts."""
        if self._taken is not None:
            raise RuntimeError("finish() the previous request before starting another")
        earliest = heapq.heappop(self._free)
        self._taken = max(arrival, earliest)
        return self._taken

    def finish(self, at: float) -> None:
        """Free the slot taken by ``start`` at offset ``at``."""
        if self._taken is None:
            raise RuntimeError("start() a request before finishing it")
        heapq.heappush(self._free, max(at, self._taken))
        self._taken = None
