"""Infrastructure SLIs over the event lake, for any time range and grouping.

For each group: request count, availability within a latency threshold, error
rate, latency p50/p95/p99, throughput per minute and output tokens per second.

Definitions (DESIGN.md):

* *valid* interactions exclude client errors (HTTP 4xx other than 429): a
  malformed request is the caller's fault, not the service's;
* availability = valid interactions that succeeded within the latency
  threshold / valid interactions;
* error rate = valid interactions that failed / valid interactions;
* latency percentiles are over valid interactions;
* throughput = requests / minutes of the bucket that fall inside the range;
* output tokens per second = output tokens / seconds of the same span, and
  generation speed = output tokens / seconds spent generating them (latency
  minus time to first token), summed over the requests that report tokens.

Example:
    >>> rows = infra_slis(lake, start, end, group_by=["model_version", "hour"])
    >>> rows[0].availability, rows[0].latency_p95_ms
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from aisre.core import InputError

#: Columns a result can be grouped by, besides ``attribute.<key>``.
GROUP_COLUMNS = (
    "service",
    "environment",
    "operation",
    "model",
    "model_version",
    "prompt_template_version",
    "retrieval_index_version",
    "status",
)
TIME_BUCKETS = {
    "minute": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "day": timedelta(days=1),
}
FILTER_COLUMNS = GROUP_COLUMNS
_ATTRIBUTE = re.compile(r"^attribute\.([A-Za-z0-9_.-]{1,64})$")


class LakeReader(Protocol):
    """What the SLI queries need of the lake."""

    def query(
        self, sql: str, params: dict[str, Any] | Sequence[Any] | None = None
    ) -> list[Any]: ...


@dataclass(frozen=True)
class InfraSLIRow:
    """The infrastructure SLIs of one group over one span of time."""

    group: dict[str, Any]
    window_start: datetime
    window_end: datetime
    requests: int
    valid: int
    good: int
    errors: int
    availability: float | None
    error_rate: float | None
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    latency_p99_ms: float | None
    throughput_per_min: float
    output_tokens: int
    output_tokens_per_s: float
    generation_tokens_per_s: float | None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (timestamps as RFC 3339)."""
        out = dict(self.__dict__)
        out["window_start"] = _rfc3339(self.window_start)
        out["window_end"] = _rfc3339(self.window_end)
        out["group"] = {
            k: _rfc3339(v) if isinstance(v, datetime) else v for k, v in self.group.items()
        }
        return out


def infra_slis(
    lake: LakeReader,
    start: datetime,
    end: datetime,
    *,
    group_by: Sequence[str] = (),
    latency_threshold_ms: float = 2000.0,
    filters: Mapping[str, str] | None = None,
) -> list[InfraSLIRow]:
    """Compute the infrastructure SLIs of interactions with ``start <= timestamp < end``.

    Args:
        lake: The event lake.
        start: Start of the range (timezone-aware).
        end: End of the range, exclusive.
        group_by: Any of ``GROUP_COLUMNS``, ``attribute.<key>``, and at most one
            time bucket (``minute``, ``hour``, ``day``).
        latency_threshold_ms: The availability SLI's latency threshold.
        filters: Equality filters on ``FILTER_COLUMNS``.

    Raises:
        InputError: An unknown grouping or filter, or an empty range.
    """
    start, end = _utc(start), _utc(end)
    if end <= start:
        raise InputError("the time range is empty: end must be after start")
    if latency_threshold_ms <= 0:
        raise InputError("latency_threshold_ms must be positive")
    select, names, bucket = _grouping(group_by)
    where, params = _where(start, end, filters or {})
    params["threshold"] = latency_threshold_ms
    keys = ", ".join(select)
    sql = f"""
        WITH base AS (
            SELECT *,
                NOT coalesce(status_code BETWEEN 400 AND 499 AND status_code <> 429, false)
                    AS is_valid,
                CASE WHEN output_tokens IS NOT NULL AND latency_ms > coalesce(ttft_ms, 0)
                     THEN (latency_ms - coalesce(ttft_ms, 0)) / 1000.0 END AS gen_s
            FROM interactions WHERE {where}
        )
        SELECT {keys}{", " if keys else ""}
            count(*),
            count(*) FILTER (WHERE is_valid),
            count(*) FILTER (WHERE is_valid AND status = 'ok' AND latency_ms <= $threshold),
            count(*) FILTER (WHERE is_valid AND status = 'error'),
            quantile_cont(latency_ms, [0.5, 0.95, 0.99]) FILTER (WHERE is_valid),
            coalesce(sum(output_tokens), 0),
            sum(output_tokens) FILTER (WHERE gen_s IS NOT NULL) / nullif(sum(gen_s), 0)
        FROM base
        {"GROUP BY " + ", ".join(str(i + 1) for i in range(len(select))) if select else ""}
        {"ORDER BY " + ", ".join(str(i + 1) for i in range(len(select))) if select else ""}
    """
    rows = lake.query(sql, params)
    out = []
    for row in rows:
        group = dict(zip(names, row[: len(names)], strict=True))
        requests, valid, good, errors, quantiles, out_tokens, gen = row[len(names) :]
        if requests == 0:
            continue
        w_start, w_end = start, end
        if bucket is not None:
            b_start = group[bucket].replace(tzinfo=UTC)  # the lake keeps naive UTC
            group[bucket] = b_start
            w_start, w_end = max(start, b_start), min(end, b_start + TIME_BUCKETS[bucket])
        seconds = max((w_end - w_start).total_seconds(), 1e-9)
        q = quantiles or [None, None, None]
        out.append(
            InfraSLIRow(
                group=group,
                window_start=w_start,
                window_end=w_end,
                requests=requests,
                valid=valid,
                good=good,
                errors=errors,
                availability=good / valid if valid else None,
                error_rate=errors / valid if valid else None,
                latency_p50_ms=q[0],
                latency_p95_ms=q[1],
                latency_p99_ms=q[2],
                throughput_per_min=requests / (seconds / 60.0),
                output_tokens=int(out_tokens),
                output_tokens_per_s=out_tokens / seconds,
                generation_tokens_per_s=gen,
            )
        )
    return out


def _rfc3339(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise InputError(f"time {value.isoformat()} has no timezone")
    return value.astimezone(UTC)


def _naive(value: datetime) -> datetime:
    # The lake keeps UTC as naive TIMESTAMP (see aisre.store._lake_schema).
    return value.astimezone(UTC).replace(tzinfo=None)


def _grouping(group_by: Sequence[str]) -> tuple[list[str], list[str], str | None]:
    select, names, bucket = [], [], None
    for name in group_by:
        if name in names:
            continue
        if name in GROUP_COLUMNS:
            select.append(name)
        elif name in TIME_BUCKETS:
            if bucket is not None:
                raise InputError(f"group by one time bucket at most, not {bucket} and {name}")
            bucket = name
            select.append(f"date_trunc('{name}', timestamp)")
        elif match := _ATTRIBUTE.match(name):
            select.append(f"attributes['{match.group(1)}']")
        else:
            allowed = ", ".join((*GROUP_COLUMNS, *TIME_BUCKETS, "attribute.<key>"))
            raise InputError(f"cannot group by {name!r}; use any of: {allowed}")
        names.append(name)
    return select, names, bucket


def _where(
    start: datetime, end: datetime, filters: Mapping[str, str]
) -> tuple[str, dict[str, Any]]:
    clauses = [
        "timestamp >= $start",
        "timestamp < $end",
        # The partition columns let DuckDB skip whole days without opening files.
        "date BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)",
    ]
    params: dict[str, Any] = {"start": _naive(start), "end": _naive(end)}
    for i, (column, value) in enumerate(sorted(filters.items())):
        if column not in FILTER_COLUMNS:
            raise InputError(
                f"cannot filter on {column!r}; use any of: {', '.join(FILTER_COLUMNS)}"
            )
        clauses.append(f"{column} = $f{i}")
        params[f"f{i}"] = value
    return " AND ".join(clauses), params
