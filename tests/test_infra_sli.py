"""Infrastructure SLIs over a real event lake, checked against a reference computed in Python.

The reference below is written from the definitions in DESIGN.md and the
docstring of ``aisre.slo._infra_sli``, not from its SQL: valid = not a client
error (4xx other than 429), good = valid and ok within the latency threshold,
percentiles by linear interpolation between closest ranks (DuckDB's
``quantile_cont``, numpy's default, ``statistics.quantiles(method="inclusive")``).
"""

from __future__ import annotations

import math
import random
import statistics
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aisre.core import InputError, Interaction, LakeConfig, SimulatedClock
from aisre.slo import InfraSLIRow, infra_slis
from aisre.store import EventLake

T0 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
US = timedelta(microseconds=1)
THRESHOLD = 2000.0


# -- the reference ---------------------------------------------------------------------


def quantile(values: Iterable[float], q: float) -> float | None:
    """The q-quantile by linear interpolation between the closest ranks (h = (n - 1) q)."""
    xs = sorted(values)
    if not xs:
        return None
    h = (len(xs) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (h - lo)


def is_valid(item: Interaction) -> bool:
    code = item.status_code
    return not (code is not None and 400 <= code <= 499 and code != 429)


@dataclass(frozen=True)
class Expected:
    requests: int
    valid: int
    good: int
    errors: int
    availability: float | None
    error_rate: float | None
    p50: float | None
    p95: float | None
    p99: float | None
    output_tokens: int
    throughput_per_min: float
    output_tokens_per_s: float
    generation_tokens_per_s: float | None


def expected(
    items: Sequence[Interaction], seconds: float, threshold: float = THRESHOLD
) -> Expected:
    """The SLIs of ``items`` observed over a span of ``seconds``."""
    valid = [i for i in items if is_valid(i)]
    good = [i for i in valid if i.status == "ok" and i.latency_ms <= threshold]
    errors = [i for i in valid if i.status == "error"]
    latencies = [i.latency_ms for i in valid]  # a client's bad request says nothing of speed
    tokens = sum(i.output_tokens or 0 for i in items)
    generating = [
        i for i in items if i.output_tokens is not None and i.latency_ms > (i.ttft_ms or 0.0)
    ]
    gen_seconds = sum((i.latency_ms - (i.ttft_ms or 0.0)) / 1000.0 for i in generating)
    gen_tokens = sum(i.output_tokens or 0 for i in generating)
    return Expected(
        requests=len(items),
        valid=len(valid),
        good=len(good),
        errors=len(errors),
        availability=len(good) / len(valid) if valid else None,
        error_rate=len(errors) / len(valid) if valid else None,
        p50=quantile(latencies, 0.5),
        p95=quantile(latencies, 0.95),
        p99=quantile(latencies, 0.99),
        output_tokens=tokens,
        throughput_per_min=len(items) * 60.0 / seconds,
        output_tokens_per_s=tokens / seconds,
        generation_tokens_per_s=gen_tokens / gen_seconds if gen_seconds else None,
    )


def close(value: float | None) -> Any:
    return None if value is None else pytest.approx(value, rel=1e-12, abs=1e-9)


def assert_row(row: InfraSLIRow, want: Expected) -> None:
    assert (row.requests, row.valid, row.good, row.errors) == (
        want.requests,
        want.valid,
        want.good,
        want.errors,
    )
    assert row.output_tokens == want.output_tokens
    assert row.availability == close(want.availability)
    assert row.error_rate == close(want.error_rate)
    assert row.latency_p50_ms == close(want.p50)
    assert row.latency_p95_ms == close(want.p95)
    assert row.latency_p99_ms == close(want.p99)
    assert row.throughput_per_min == close(want.throughput_per_min)
    assert row.output_tokens_per_s == close(want.output_tokens_per_s)
    assert row.generation_tokens_per_s == close(want.generation_tokens_per_s)


def in_range(items: Iterable[Interaction], start: datetime, end: datetime) -> list[Interaction]:
    return [i for i in items if start <= i.timestamp < end]


def by(
    items: Iterable[Interaction], key: Callable[[Interaction], Any]
) -> dict[Any, list[Interaction]]:
    out: dict[Any, list[Interaction]] = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return out


def by_group(rows: Sequence[InfraSLIRow], *names: str) -> dict[Any, InfraSLIRow]:
    keyed = {tuple(row.group[n] for n in names): row for row in rows}
    assert len(keyed) == len(rows), "two rows for one group"
    for row in rows:
        assert list(row.group) == list(names)
    return {k[0] if len(k) == 1 else k: v for k, v in keyed.items()}


# -- data --------------------------------------------------------------------------------


def make(
    ts: datetime,
    latency: float,
    *,
    status: str = "ok",
    code: int | None = None,
    version: str | None = "v1",
    tokens: int | None = None,
    ttft: float | None = None,
    attrs: Mapping[str, str] | None = None,
    service: str = "svc",
) -> Interaction:
    return Interaction(
        service=service,
        timestamp=ts,
        latency_ms=latency,
        status=status,  # type: ignore[arg-type]
        status_code=code,
        model_version=version,
        output_tokens=tokens,
        ttft_ms=ttft,
        attributes=dict(attrs or {}),
    )


def mixed(n: int = 300, seed: int = 1) -> list[Interaction]:
    """Interactions from 10:00 to 13:00 UTC with every kind of status and missing values."""
    rng = random.Random(seed)
    items = []
    for _ in range(n):
        code = rng.choice([None, 200, 200, 200, 200, 400, 404, 422, 429, 500, 503])
        status = "error" if code is not None and code >= 400 else rng.choice(["ok"] * 8 + ["error"])
        latency = round(rng.lognormvariate(math.log(900), 0.7), 3)
        tokens = None if rng.random() < 0.1 else rng.randrange(0, 400)
        ttft = None if rng.random() < 0.2 else round(latency * rng.uniform(0.1, 0.5), 3)
        attrs = {} if rng.random() < 0.15 else {"query_type": rng.choice(["faq", "howto", "x"])}
        items.append(
            make(
                T0 + timedelta(seconds=rng.uniform(0, 3 * 3600)),
                latency,
                status=status,
                code=code,
                version=rng.choice(["v1", "v1", "v2"]),
                tokens=tokens,
                ttft=ttft,
                attrs=attrs,
                service=rng.choice(["svc", "svc", "other"]),
            )
        )
    return items


def open_lake(root: Path, clock: SimulatedClock) -> EventLake:
    return EventLake(LakeConfig(url=str(root / "lake"), spool_dir=str(root / "spool")), clock)


def load(lake: EventLake, items: Sequence[Interaction]) -> None:
    lake.append_interactions(items)
    assert lake.flush() == len(items)


@pytest.fixture
def lake(tmp_path: Path, clock: SimulatedClock) -> Iterator[EventLake]:
    opened = open_lake(tmp_path, clock)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def mixed_lake(lake: EventLake) -> tuple[EventLake, list[Interaction]]:
    items = mixed()
    load(lake, items)
    return lake, items


# -- the reference itself --------------------------------------------------------------


def test_reference_quantile_by_hand_and_against_statistics() -> None:
    assert quantile([float(x) for x in range(100, 1001, 100)], 0.5) == pytest.approx(550.0)
    assert quantile([float(x) for x in range(100, 1001, 100)], 0.95) == pytest.approx(955.0)
    assert quantile([float(x) for x in range(100, 1001, 100)], 0.99) == pytest.approx(991.0)
    assert quantile([7.0], 0.99) == 7.0
    assert quantile([], 0.5) is None
    rng = random.Random(3)
    for n in (2, 3, 17, 101):
        data = [rng.uniform(0, 5000) for _ in range(n)]
        cuts = statistics.quantiles(data, n=100, method="inclusive")
        assert quantile(data, 0.5) == pytest.approx(cuts[49], rel=1e-12)
        assert quantile(data, 0.95) == pytest.approx(cuts[94], rel=1e-12)
        assert quantile(data, 0.99) == pytest.approx(cuts[98], rel=1e-12)


# -- whole range -------------------------------------------------------------------------


def test_whole_range_matches_reference(mixed_lake: tuple[EventLake, list[Interaction]]) -> None:
    lake, items = mixed_lake
    start, end = T0, T0 + timedelta(hours=3)
    (row,) = infra_slis(lake, start, end)
    assert row.group == {}
    assert (row.window_start, row.window_end) == (start, end)
    assert_row(row, expected(items, 3 * 3600))


def test_known_values_by_hand(lake: EventLake) -> None:
    # Ten requests 100..1000 ms, one per minute from 10:00, 10 output tokens each.
    load(lake, [make(T0 + timedelta(minutes=i), 100.0 * (i + 1), tokens=10) for i in range(10)])
    (row,) = infra_slis(lake, T0, T0 + timedelta(minutes=10), latency_threshold_ms=500)
    assert (row.requests, row.valid, row.good, row.errors) == (10, 10, 5, 0)
    assert row.availability == pytest.approx(0.5)
    assert row.error_rate == 0
    assert row.latency_p50_ms == pytest.approx(550.0)
    assert row.latency_p95_ms == pytest.approx(955.0)
    assert row.latency_p99_ms == pytest.approx(991.0)
    assert row.throughput_per_min == pytest.approx(1.0)
    assert row.output_tokens == 100
    assert row.output_tokens_per_s == pytest.approx(100 / 600)


def test_validity_goodness_and_errors(lake: EventLake) -> None:
    ts = T0 + timedelta(minutes=1)
    items = [
        make(ts, 100, code=200),  # good
        make(ts, THRESHOLD, code=200),  # good: exactly at the threshold is within it
        make(ts, THRESHOLD + 0.001, code=200),  # valid, slow: not good, not an error
        make(ts, 100),  # no status code: valid, good
        make(ts, 100, status="error"),  # no status code, failed: valid error
        make(ts, 100, status="error", code=400),  # client errors: not valid
        make(ts, 100, status="error", code=404),
        make(ts, 100, status="error", code=499),
        make(ts, 100, status="error", code=429),  # rate limited: the service's fault, valid
        make(ts, 100, status="error", code=500),  # valid error
        make(ts, 100, status="error", code=503),  # valid error
    ]
    load(lake, items)
    (row,) = infra_slis(lake, T0, T0 + timedelta(hours=1))
    assert (row.requests, row.valid, row.good, row.errors) == (11, 8, 3, 4)
    assert row.availability == pytest.approx(3 / 8)
    assert row.error_rate == pytest.approx(4 / 8)
    assert_row(row, expected(items, 3600))


def test_latency_threshold_decides_good(mixed_lake: tuple[EventLake, list[Interaction]]) -> None:
    lake, items = mixed_lake
    end = T0 + timedelta(hours=3)
    for threshold in (300.0, 900.0, 5000.0):
        (row,) = infra_slis(lake, T0, end, latency_threshold_ms=threshold)
        assert_row(row, expected(items, 3 * 3600, threshold))


def test_only_client_errors_gives_no_availability(lake: EventLake) -> None:
    load(lake, [make(T0, 50, status="error", code=404), make(T0, 60, status="error", code=400)])
    (row,) = infra_slis(lake, T0, T0 + timedelta(minutes=1))
    assert (row.requests, row.valid, row.good, row.errors) == (2, 0, 0, 0)
    assert row.availability is None
    assert row.error_rate is None
    assert row.latency_p50_ms is None  # percentiles are over valid interactions only


def test_no_data_in_range_gives_no_rows(mixed_lake: tuple[EventLake, list[Interaction]]) -> None:
    lake, _ = mixed_lake
    later = T0 + timedelta(days=3)
    assert infra_slis(lake, later, later + timedelta(hours=1)) == []
    assert infra_slis(lake, later, later + timedelta(hours=1), group_by=["hour"]) == []


def test_empty_lake_gives_no_rows(lake: EventLake) -> None:
    assert infra_slis(lake, T0, T0 + timedelta(hours=1), group_by=["model_version"]) == []


# -- time range edges ------------------------------------------------------------------


def test_start_is_inclusive_and_end_exclusive(lake: EventLake) -> None:
    start, end = T0 + timedelta(minutes=5), T0 + timedelta(minutes=10)
    load(
        lake,
        [
            make(start - US, 1.0),
            make(start, 2.0),
            make(end - US, 3.0),
            make(end, 4.0),
        ],
    )
    (row,) = infra_slis(lake, start, end)
    assert row.requests == 2
    assert row.latency_p50_ms == pytest.approx(2.5)
    (row,) = infra_slis(lake, start - US, end + US)
    assert row.requests == 4


def test_other_days_are_not_counted(lake: EventLake) -> None:
    items = [
        make(T0 - timedelta(days=1), 10.0),
        make(T0 - timedelta(hours=10, microseconds=1), 20.0),  # 2026-11-29 23:59:59.999999
        make(T0, 30.0),
        make(T0 + timedelta(hours=13, minutes=59), 40.0),  # 2026-11-30 23:59
        make(T0 + timedelta(hours=14), 50.0),  # 2026-12-01 00:00
        make(T0 + timedelta(days=2), 60.0),
    ]
    load(lake, items)
    start, end = T0 - timedelta(hours=10), T0 + timedelta(hours=14)  # the whole of 2026-11-30
    (row,) = infra_slis(lake, start, end)
    assert row.requests == 2
    assert_row(row, expected(in_range(items, start, end), 24 * 3600))


def test_timezones_of_data_and_range_are_honoured(lake: EventLake) -> None:
    plus2 = timezone(timedelta(hours=2))
    minus5 = timezone(timedelta(hours=-5))
    items = [
        make(datetime(2026, 11, 30, 12, 0, tzinfo=plus2), 100.0),  # 10:00 UTC
        make(datetime(2026, 11, 30, 12, 59, tzinfo=plus2), 200.0),  # 10:59 UTC
        make(datetime(2026, 11, 30, 6, 0, tzinfo=minus5), 300.0),  # 11:00 UTC
        make(datetime(2026, 11, 30, 9, 59, tzinfo=UTC), 400.0),
    ]
    load(lake, items)
    # 10:00 to 11:00 UTC, given in +02:00 and -05:00.
    start = datetime(2026, 11, 30, 12, 0, tzinfo=plus2)
    end = datetime(2026, 11, 30, 6, 0, tzinfo=minus5)
    (row,) = infra_slis(lake, start, end, group_by=["hour"])
    assert row.requests == 2
    assert row.group == {"hour": T0}
    assert row.group["hour"].utcoffset() == timedelta(0)
    assert (row.window_start, row.window_end) == (T0, T0 + timedelta(hours=1))
    assert row.latency_p50_ms == pytest.approx(150.0)


# -- grouping ----------------------------------------------------------------------------


def test_group_by_model_version(mixed_lake: tuple[EventLake, list[Interaction]]) -> None:
    lake, items = mixed_lake
    end = T0 + timedelta(hours=3)
    rows = by_group(infra_slis(lake, T0, end, group_by=["model_version"]), "model_version")
    groups = by(items, lambda i: i.model_version)
    assert set(rows) == set(groups) == {"v1", "v2"}
    for version, members in groups.items():
        assert (rows[version].window_start, rows[version].window_end) == (T0, end)
        assert_row(rows[version], expected(members, 3 * 3600))
    assert sum(r.requests for r in rows.values()) == len(items)


def test_group_by_hour_with_a_range_that_cuts_buckets(
    mixed_lake: tuple[EventLake, list[Interaction]],
) -> None:
    lake, items = mixed_lake
    start, end = T0 + timedelta(minutes=30), T0 + timedelta(hours=2, minutes=15)
    rows = by_group(infra_slis(lake, start, end, group_by=["hour"]), "hour")
    hours = [T0, T0 + timedelta(hours=1), T0 + timedelta(hours=2)]
    assert sorted(rows) == hours
    windows = {
        hours[0]: (start, hours[1]),  # 30 minutes of 10:00
        hours[1]: (hours[1], hours[2]),  # all of 11:00
        hours[2]: (hours[2], end),  # 15 minutes of 12:00
    }
    for hour, (w_start, w_end) in windows.items():
        row = rows[hour]
        assert (row.window_start, row.window_end) == (w_start, w_end)
        members = in_range(items, w_start, w_end)
        assert_row(row, expected(members, (w_end - w_start).total_seconds()))
    assert rows[hours[0]].throughput_per_min == pytest.approx(rows[hours[0]].requests / 30)
    assert rows[hours[2]].throughput_per_min == pytest.approx(rows[hours[2]].requests / 15)


def test_group_by_minute(lake: EventLake) -> None:
    base = T0 + timedelta(hours=1)
    offsets = [0, 10, 31, 45, 59.5, 60, 90, 119, 120, 140, 151, 179]  # seconds after 11:00
    items = [
        make(base + timedelta(seconds=s), 10.0 * (k + 1), tokens=k) for k, s in enumerate(offsets)
    ]
    load(lake, items)
    start, end = base + timedelta(seconds=30), base + timedelta(seconds=150)
    rows = by_group(infra_slis(lake, start, end, group_by=["minute"]), "minute")
    minutes = [base + timedelta(minutes=m) for m in range(3)]
    assert sorted(rows) == minutes
    windows = [(start, minutes[1]), (minutes[1], minutes[2]), (minutes[2], end)]
    for minute, (w_start, w_end) in zip(minutes, windows, strict=True):
        row = rows[minute]
        assert (row.window_start, row.window_end) == (w_start, w_end)
        assert_row(
            row, expected(in_range(items, w_start, w_end), (w_end - w_start).total_seconds())
        )
    assert [rows[m].requests for m in minutes] == [3, 3, 2]
    assert rows[minutes[0]].throughput_per_min == pytest.approx(6.0)  # 3 in half a minute


def test_group_by_day_across_midnight_with_range_in_another_timezone(lake: EventLake) -> None:
    rng = random.Random(5)
    first = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
    items = [
        make(first + timedelta(seconds=rng.uniform(0, 7 * 3600)), rng.uniform(10, 4000), tokens=5)
        for _ in range(120)
    ]
    load(lake, items)
    plus5 = timezone(timedelta(hours=5))
    start = datetime(2026, 12, 1, 2, 30, tzinfo=plus5)  # 2026-11-30 21:30 UTC
    end = datetime(2026, 12, 1, 7, 0, tzinfo=plus5)  # 2026-12-01 02:00 UTC
    rows = by_group(infra_slis(lake, start, end, group_by=["day"]), "day")
    day1, day2 = datetime(2026, 11, 30, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    assert sorted(rows) == [day1, day2]
    for day, (w_start, w_end) in {day1: (start, day2), day2: (day2, end)}.items():
        row = rows[day]
        assert (row.window_start, row.window_end) == (w_start, w_end)
        seconds = (w_end - w_start).total_seconds()
        assert_row(row, expected(in_range(items, w_start, w_end), seconds))


def test_group_by_attribute(mixed_lake: tuple[EventLake, list[Interaction]]) -> None:
    lake, items = mixed_lake
    end = T0 + timedelta(hours=3)
    rows = by_group(
        infra_slis(lake, T0, end, group_by=["attribute.query_type"]), "attribute.query_type"
    )
    groups = by(items, lambda i: i.attributes.get("query_type"))
    assert None in groups  # some interactions lack the attribute: they form their own group
    assert set(rows) == set(groups)
    for key, members in groups.items():
        assert_row(rows[key], expected(members, 3 * 3600))


def test_group_by_several_columns(mixed_lake: tuple[EventLake, list[Interaction]]) -> None:
    lake, items = mixed_lake
    end = T0 + timedelta(hours=3)
    names = ("model_version", "hour", "attribute.query_type", "service")
    rows = by_group(infra_slis(lake, T0, end, group_by=list(names)), *names)
    groups = by(
        items,
        lambda i: (
            i.model_version,
            i.timestamp.replace(minute=0, second=0, microsecond=0),
            i.attributes.get("query_type"),
            i.service,
        ),
    )
    assert set(rows) == set(groups)
    for key, members in groups.items():
        assert_row(rows[key], expected(members, 3600))


def test_group_by_status(mixed_lake: tuple[EventLake, list[Interaction]]) -> None:
    lake, items = mixed_lake
    end = T0 + timedelta(hours=3)
    rows = by_group(infra_slis(lake, T0, end, group_by=["status"]), "status")
    assert set(rows) == {"ok", "error"}
    assert rows["ok"].errors == 0
    for status, members in by(items, lambda i: i.status).items():
        assert_row(rows[status], expected(members, 3 * 3600))


def test_repeated_group_is_used_once(mixed_lake: tuple[EventLake, list[Interaction]]) -> None:
    lake, _ = mixed_lake
    end = T0 + timedelta(hours=3)
    once = infra_slis(lake, T0, end, group_by=["model_version"])
    twice = infra_slis(lake, T0, end, group_by=["model_version", "model_version"])
    assert len(twice) == len(once)
    for a, b in zip(twice, once, strict=True):
        # Parallel sums may add floats in another order: equal up to rounding.
        assert a.group == b.group and a.requests == b.requests and a.good == b.good
        assert a.generation_tokens_per_s == pytest.approx(b.generation_tokens_per_s)
        assert a.latency_p95_ms == b.latency_p95_ms


# -- filters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filters",
    [
        {"model_version": "v2"},
        {"service": "other"},
        {"status": "error"},
        {"service": "svc", "model_version": "v1"},
    ],
)
def test_filters(mixed_lake: tuple[EventLake, list[Interaction]], filters: dict[str, str]) -> None:
    lake, items = mixed_lake
    end = T0 + timedelta(hours=3)
    members = [i for i in items if all(getattr(i, k) == v for k, v in filters.items())]
    assert 0 < len(members) < len(items)
    (row,) = infra_slis(lake, T0, end, filters=filters)
    assert_row(row, expected(members, 3 * 3600))
    rows = by_group(infra_slis(lake, T0, end, group_by=["hour"], filters=filters), "hour")
    hours = by(members, lambda i: i.timestamp.replace(minute=0, second=0, microsecond=0))
    assert set(rows) == set(hours)
    for hour, group in hours.items():
        assert_row(rows[hour], expected(group, 3600))


def test_filter_matching_nothing(mixed_lake: tuple[EventLake, list[Interaction]]) -> None:
    lake, _ = mixed_lake
    end = T0 + timedelta(hours=3)
    assert infra_slis(lake, T0, end, filters={"model_version": "v9"}) == []


# -- input errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"group_by": ["colour"]}, "cannot group by 'colour'"),
        ({"group_by": ["latency_ms"]}, "cannot group by"),
        ({"group_by": ["attribute."]}, "cannot group by"),
        ({"group_by": ["attribute.a'b"]}, "cannot group by"),
        ({"group_by": ["hour", "day"]}, "one time bucket"),
        ({"group_by": ["minute", "model_version", "hour"]}, "one time bucket"),
        ({"filters": {"colour": "red"}}, "cannot filter on 'colour'"),
        ({"filters": {"attribute.query_type": "faq"}}, "cannot filter on"),
        ({"latency_threshold_ms": 0}, "latency_threshold_ms"),
        ({"latency_threshold_ms": -5}, "latency_threshold_ms"),
    ],
)
def test_bad_arguments_are_input_errors(
    lake: EventLake, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        infra_slis(lake, T0, T0 + timedelta(hours=1), **kwargs)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (T0, T0),
        (T0 + timedelta(hours=1), T0),
        (T0 + US, T0),
        # the same instant in two timezones is still an empty range
        (T0, T0.astimezone(timezone(timedelta(hours=3)))),
    ],
)
def test_empty_range_is_an_input_error(lake: EventLake, start: datetime, end: datetime) -> None:
    with pytest.raises(InputError, match="empty"):
        infra_slis(lake, start, end)


@pytest.mark.parametrize("which", ["start", "end", "both"])
def test_naive_times_are_input_errors(lake: EventLake, which: str) -> None:
    naive = T0.replace(tzinfo=None)
    start = naive if which in ("start", "both") else T0
    end = naive + timedelta(hours=1) if which in ("end", "both") else T0 + timedelta(hours=1)
    with pytest.raises(InputError, match="timezone"):
        infra_slis(lake, start, end)


# -- property ----------------------------------------------------------------------------

_CODES = [None, 200, 400, 404, 422, 429, 500, 503]


@st.composite
def interactions(draw: st.DrawFn) -> list[Interaction]:
    n = draw(st.integers(min_value=1, max_value=60))
    items = []
    for _ in range(n):
        latency = draw(
            st.one_of(
                st.integers(min_value=0, max_value=5000).map(float),
                st.floats(min_value=0, max_value=60000, allow_subnormal=False),
            )
        )
        code = draw(st.sampled_from(_CODES))
        if code is None:
            status = draw(st.sampled_from(["ok", "error"]))
        else:
            status = "error" if code >= 400 else "ok"
        offset = draw(st.integers(min_value=0, max_value=3600 * 1_000_000 - 1))
        items.append(make(T0 + timedelta(microseconds=offset), latency, status=status, code=code))
    return items


@settings(max_examples=25, deadline=None)
@given(items=interactions())
def test_availability_and_p95_match_reference(items: list[Interaction]) -> None:
    with tempfile.TemporaryDirectory(prefix="aisre-sli-") as tmp:
        lake = open_lake(Path(tmp), SimulatedClock(T0))
        try:
            load(lake, items)
            (row,) = infra_slis(lake, T0, T0 + timedelta(hours=1))
        finally:
            lake.close()
    want = expected(items, 3600)
    assert (row.requests, row.valid, row.good) == (want.requests, want.valid, want.good)
    if want.availability is None:
        assert row.availability is None
    else:
        assert row.availability is not None
        assert abs(row.availability - want.availability) <= 1e-9
    if want.p95 is None:
        assert row.latency_p95_ms is None
    else:
        assert row.latency_p95_ms is not None
        assert abs(row.latency_p95_ms - want.p95) <= 1e-9
