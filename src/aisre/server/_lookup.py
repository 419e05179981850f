"""Interactions back from the lake by id, as :class:`~aisre.core.Interaction` records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec
import orjson

from aisre.core import Interaction
from aisre.store import EventLake

__all__ = ["interactions_by_id"]

_PARTITIONS = ("date", "hour")


def _record(row: dict[str, Any]) -> Interaction:
    for key in _PARTITIONS:
        row.pop(key, None)
    if isinstance(row.get("params"), str):
        row["params"] = orjson.loads(row["params"])
    for key in ("timestamp", "received_at"):  # the lake keeps UTC without an offset
        value = row.get(key)
        if isinstance(value, datetime) and value.tzinfo is None:
            row[key] = value.replace(tzinfo=UTC)
    row = {k: v for k, v in row.items() if v is not None}
    return msgspec.convert(row, Interaction)


def interactions_by_id(lake: EventLake, ids: Sequence[str]) -> list[Interaction]:
    """The interactions with these ids that the lake holds (flushed ones)."""
    if not ids:
        return []
    rows = lake.query_records(
        "SELECT * FROM interactions WHERE id IN (SELECT unnest($ids))", {"ids": list(ids)}
    )
    return [_record(row) for row in rows]
