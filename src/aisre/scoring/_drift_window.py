"""The two windows of a drift report: their default ranges and their rows from the event lake."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from aisre.core import Clock, InputError
from aisre.store import EventLake

__all__ = [
    "DEFAULT_CURRENT",
    "DEFAULT_REFERENCE",
    "MAX_ROWS",
    "Window",
    "WindowRows",
    "read_window",
    "resolve_windows",
]

#: The current window by default: the last hour.
DEFAULT_CURRENT = timedelta(hours=1)
#: The reference window by default: the 24 hours before the current window.
DEFAULT_REFERENCE = timedelta(hours=24)
#: Rows read per window at most; a larger window is sampled (by a hash of the id).
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Window:
    """A half-open time range ``[start, end)``, in UTC."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if value.tzinfo is None:
                raise InputError(f"{name} needs a timezone, e.g. 2026-11-30T10:00:00Z")
            object.__setattr__(self, name, value.astimezone(UTC))
        if self.end <= self.start:
            raise InputError(
                f"the window {self.start.isoformat()} - {self.end.isoformat()} is empty: "
                "end must be after start"
            )


def resolve_windows(
    clock: Clock,
    reference: tuple[datetime | None, datetime | None] = (None, None),
    current: tuple[datetime | None, datetime | None] = (None, None),
) -> tuple[Window, Window]:
    """The reference and current windows, defaults filled in from the clock.

    The current window ends now and lasts an hour unless given; the reference
    window ends where the current one starts and lasts 24 hours unless given.
    A window given by one end only keeps its default length.
    """
    cur_start, cur_end = current
    if cur_end is None:
        cur_end = cur_start + DEFAULT_CURRENT if cur_start is not None else clock.now()
    if cur_start is None:
        cur_start = cur_end - DEFAULT_CURRENT
    ref_start, ref_end = reference
    if ref_end is None:
        ref_end = ref_start + DEFAULT_REFERENCE if ref_start is not None else cur_start
    if ref_start is None:
        ref_start = ref_end - DEFAULT_REFERENCE
    return Window(ref_start, ref_end), Window(cur_start, cur_end)


@dataclass(frozen=True)
class WindowRows:
    """The rows read for one window.

    Attributes:
        window: The time range.
        rows: At most ``max_rows`` flat rows (see :mod:`._drift_features`).
        total: How many interactions the window holds; more than ``len(rows)``
            when the window was sampled.
    """

    window: Window
    rows: list[dict[str, Any]]
    total: int


_SELECT = """
SELECT id, timestamp, left(input, 2000) AS input, length(input) AS input_chars,
       input_tokens, output_tokens, operation, model,
       attributes['language'] AS language, attributes['query_type'] AS query_type,
       count(*) OVER () AS _total
FROM interactions
WHERE service = $service AND timestamp >= $start AND timestamp < $end
  AND date BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
ORDER BY hash(id), id
LIMIT $limit
"""


def read_window(
    lake: EventLake, service: str, window: Window, *, max_rows: int = MAX_ROWS
) -> WindowRows:
    """The interactions of ``service`` in ``window``; a deterministic sample past ``max_rows``."""
    records = lake.query_records(
        _SELECT,
        {
            "service": service,
            "start": window.start.replace(tzinfo=None),
            "end": window.end.replace(tzinfo=None),
            "limit": max_rows,
        },
    )
    total = int(records[0]["_total"]) if records else 0
    for record in records:
        del record["_total"]
    return WindowRows(window=window, rows=records, total=total)
