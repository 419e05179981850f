"""What a retriever span leaves for later model spans of its trace, within and across requests."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Retrieval:
    """The documents of one retriever span, kept to join later model spans of its trace."""

    start_ns: int
    latency_ms: float
    chunks: list[Any]
    index_version: str | None


class RetrievalCache:
    """The retrievals of the most recent traces, for joins across export requests.

    An exporter may send a trace's retriever span in one request and its model
    span in the next; the retriever ends first, so it is the one to remember.

    Args:
        max_traces: How many traces to remember; the oldest are forgotten first.
    """

    def __init__(self, max_traces: int = 4096) -> None:
        self.max_traces = max_traces
        self._traces: OrderedDict[str, list[Retrieval]] = OrderedDict()
        self._lock = threading.Lock()  # requests are mapped on a thread pool

    def add(self, trace_id: str, retrieval: Retrieval) -> None:
        """Remember one retrieval of a trace."""
        with self._lock:
            self._traces.setdefault(trace_id, []).append(retrieval)
            self._traces.move_to_end(trace_id)
            while len(self._traces) > self.max_traces:
                self._traces.popitem(last=False)

    def get(self, trace_id: str) -> list[Retrieval]:
        """The retrievals remembered for a trace."""
        with self._lock:
            return list(self._traces.get(trace_id, ()))

    def get_many(self, trace_ids: Iterable[str]) -> dict[str, list[Retrieval]]:
        """The retrievals remembered for any of ``trace_ids``: one lock for a whole request."""
        with self._lock:
            traces = self._traces
            if not traces:
                return {}
            return {t: list(traces[t]) for t in set(trace_ids) if t in traces}
