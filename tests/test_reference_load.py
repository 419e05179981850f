"""The reference service's simulated GPU (load model) and its own ``/metrics``."""

from __future__ import annotations

import itertools
import random
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from aisre.core import SimulatedClock
from aisre.demo.service._load import LoadSnapshot, LoadTracker
from aisre.demo.service._service_metrics import (
    GPU_MODEL,
    GPU_UUID,
    ServiceMetrics,
    add_metrics_route,
)

T0 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
MODEL_MIB = 30000
GPU_MIB = 81920


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def tracker(**options: float) -> LoadTracker:
    return LoadTracker(SimulatedClock(T0), **options)  # type: ignore[arg-type]


def steady(rate_per_s: float, latency_s: float, seconds: float = 60.0) -> LoadSnapshot:
    """The GPU after ``seconds`` of evenly spaced requests, each in flight ``latency_s``."""
    load = tracker()
    for i in range(int(rate_per_s * seconds)):
        start = i / rate_per_s
        load.end(load.begin(100, at=at(start)), at=at(start + latency_s))
    return load.snapshot(at(seconds))


# -- the load model ----------------------------------------------------------------------


def test_an_idle_gpu_holds_the_weights_and_idles_at_the_baseline() -> None:
    load = tracker()
    snap = load.snapshot()
    assert snap.at == T0
    assert (snap.in_flight, snap.queue_depth, snap.requests_total, snap.kv_tokens) == (0, 0, 0, 0)
    assert snap.gpu_util_pct == pytest.approx(load.idle_util_pct)
    assert (snap.fb_used_mib, snap.fb_free_mib) == (MODEL_MIB, GPU_MIB - MODEL_MIB)


def test_requests_beyond_the_slots_queue() -> None:
    load = tracker(slots=8)
    for _ in range(12):
        load.begin(100)  # no end yet: in flight
    snap = load.snapshot()
    assert (snap.in_flight, snap.queue_depth, snap.requests_total) == (12, 4, 12)


def test_utilization_is_the_busy_share_of_the_slots_over_the_window() -> None:
    # 2 requests a second, 1 s each: 2 of 8 slots busy on average, 25 %.
    snap = steady(rate_per_s=2, latency_s=1)
    assert snap.gpu_util_pct == pytest.approx(1 + 99 * 0.25)


def test_utilization_rises_with_load_and_with_latency() -> None:
    light = steady(rate_per_s=2, latency_s=1).gpu_util_pct
    heavy = steady(rate_per_s=6, latency_s=1).gpu_util_pct
    slow = steady(rate_per_s=2, latency_s=3).gpu_util_pct  # a latency fault
    assert light < heavy
    assert light < slow
    assert steady(rate_per_s=20, latency_s=2).gpu_util_pct == pytest.approx(100)


def test_utilization_falls_back_after_the_window() -> None:
    load = tracker(window_s=10)
    for _ in range(8):
        load.end(load.begin(10, at=at(0)), at=at(10))
    assert load.snapshot(at(10)).gpu_util_pct == pytest.approx(100)
    assert load.snapshot(at(15)).gpu_util_pct == pytest.approx(1 + 99 * 0.5)
    assert load.snapshot(at(25)).gpu_util_pct == pytest.approx(1)


def test_memory_grows_with_the_tokens_of_running_requests_and_is_capped() -> None:
    load = tracker(slots=4, kv_mib_per_token=0.5)
    tickets = [load.begin(1000) for _ in range(2)]
    assert load.snapshot().fb_used_mib == MODEL_MIB + 1000
    tickets += [load.begin(1000) for _ in range(4)]
    snap = load.snapshot()  # 6 in flight, 4 running: the queued hold no KV cache
    assert (snap.kv_tokens, snap.fb_used_mib) == (4000, MODEL_MIB + 2000)
    for ticket in tickets:
        load.end(ticket)
    assert load.snapshot().fb_used_mib == MODEL_MIB
    for _ in range(4):
        load.begin(100_000)
    snap = load.snapshot()
    assert (snap.fb_used_mib, snap.fb_free_mib) == (GPU_MIB, 0)


def test_requests_known_ahead_count_only_between_their_begin_and_end() -> None:
    load = tracker()
    ticket = load.begin(200, at=at(5))
    assert load.end(ticket, completion_tokens=50, at=at(7)) == pytest.approx(2)
    assert load.snapshot(at(4)).in_flight == 0
    assert load.snapshot(at(4)).requests_total == 0
    snap = load.snapshot(at(5))
    assert (snap.in_flight, snap.requests_total) == (1, 1)
    assert snap.kv_tokens == 250  # the completion is known ahead: held from the start
    assert load.snapshot(at(6.999)).in_flight == 1
    assert load.snapshot(at(7)).in_flight == 0
    assert load.snapshot(at(7)).requests_total == 1


def test_a_request_reported_late_is_patched_into_the_history() -> None:
    load = tracker()
    assert load.snapshot(at(10)).gpu_util_pct == pytest.approx(1)
    load.end(load.begin(10, at=at(5)), at=at(8))  # 3 s on one of 8 slots
    snap = load.snapshot(at(10))
    assert (snap.in_flight, snap.requests_total) == (0, 1)
    assert snap.gpu_util_pct == pytest.approx(1 + 99 * 3 / 8 / 10)
    assert load.snapshot(at(6)).in_flight == 1  # looking back within the window


def test_an_end_before_its_begin_counts_as_zero_length() -> None:
    load = tracker()
    ticket = load.begin(10, at=at(5))
    assert load.end(ticket, at=at(4)) == 0
    assert load.snapshot(at(5)).in_flight == 0


def test_bad_calls_are_refused() -> None:
    load = tracker()
    ticket = load.begin(1)
    load.end(ticket)
    with pytest.raises(KeyError, match="ticket"):
        load.end(ticket)
    with pytest.raises(ValueError, match="prompt_tokens"):
        load.begin(-1)
    with pytest.raises(ValueError, match="timezone-aware"):
        load.snapshot(datetime(2026, 11, 30, 10, 0))
    with pytest.raises(ValueError, match="slots"):
        tracker(slots=0)


@pytest.mark.slow
def test_finished_requests_are_folded_away() -> None:
    load = tracker()
    rng = random.Random(3)
    largest = 0
    for i in range(200_000):  # 100 a second for 2000 s, snapshot per request
        start = i / 100
        load.end(load.begin(200, at=at(start)), at=at(start + rng.uniform(0.05, 1.0)))
        if i % 10 == 0:
            load.snapshot(at(start))
            largest = max(largest, load.retained)
    assert largest < 12_000  # one 10 s window holds about 2000 entries
    assert load.snapshot(at(2001)).requests_total == 200_000


def test_threads_can_share_a_tracker() -> None:
    clock = SimulatedClock(T0)
    load = LoadTracker(clock)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(2000):
                ticket = load.begin(50)
                clock.advance(0.001)
                load.snapshot()
                load.end(ticket, completion_tokens=5)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    snap = load.snapshot()
    assert (snap.in_flight, snap.requests_total, snap.kv_tokens) == (0, 16_000, 0)
    assert snap.gpu_util_pct > load.idle_util_pct


@dataclass
class _Known:
    begin: float
    end: float | None
    tokens: int


def _expected(known: list[_Known], t: float, slots: int, window: float) -> tuple[int, int, float]:
    """In flight, KV tokens and busy share at ``t``, counted from scratch."""

    def running(x: float) -> list[_Known]:
        return [r for r in known if r.begin <= x and (r.end is None or x < r.end)]

    now = running(t)
    n = len(now)
    kv = sum(r.tokens for r in now) * min(n, slots) // n if n else 0
    lo = t - window
    cuts = sorted({lo, t, *(r.begin for r in known), *(r.end for r in known if r.end)})
    cuts = [c for c in cuts if lo <= c <= t]
    busy = sum(min(len(running(a)), slots) / slots * (b - a) for a, b in itertools.pairwise(cuts))
    return n, kv, busy / window


@settings(max_examples=40, deadline=None)
@given(
    requests=st.lists(
        st.tuples(
            st.integers(0, 40_000),
            st.one_of(st.none(), st.integers(0, 8_000)),
            st.integers(0, 500),
        ),
        max_size=30,
    ),
    order=st.randoms(use_true_random=False),
)
def test_the_tracker_agrees_with_counting_from_scratch(
    requests: list[tuple[int, int | None, int]], order: random.Random
) -> None:
    """Requests reported in any order, early or late; snapshots forward and back."""
    slots, window = 3, 5.0
    load = tracker(slots=slots, window_s=window)
    ops: list[tuple[str, int]] = []
    for i, (_, duration, _) in enumerate(requests):
        ops.insert(order.randint(0, len(ops)), ("begin", i))
        if duration is not None:  # the end is reported some time after the begin
            ops.insert(order.randint(ops.index(("begin", i)) + 1, len(ops)), ("end", i))
    for _ in range(len(requests)):
        ops.insert(order.randint(0, len(ops)), ("snapshot", 0))
    tickets: dict[int, int] = {}
    known: dict[int, _Known] = {}
    t = 0.0
    for op, i in ops:
        begin_ms, duration, tokens = requests[i]
        if op == "begin":
            tickets[i] = load.begin(tokens, at=at(begin_ms / 1000))
            known[i] = _Known(begin_ms / 1000, None, tokens)
        elif op == "end":
            assert duration is not None
            load.end(tickets[i], at=at((begin_ms + duration) / 1000))
            known[i].end = (begin_ms + duration) / 1000
        else:
            t = round(t + order.uniform(0, 8), 3)
            snap = load.snapshot(at(t))
            n, kv, share = _expected(list(known.values()), t, slots, window)
            assert (snap.in_flight, snap.kv_tokens) == (n, kv)
            assert snap.requests_total == sum(r.begin <= t for r in known.values())
            assert snap.gpu_util_pct == pytest.approx(1 + 99 * share, abs=1e-6)
            back = round(max(0.0, t - order.uniform(0, window)), 3)  # looking back
            snap = load.snapshot(at(back))
            n, kv, _ = _expected(list(known.values()), back, slots, window)
            assert (snap.in_flight, snap.kv_tokens) == (n, kv)
            assert snap.requests_total == sum(r.begin <= back for r in known.values())


# -- the exposition --------------------------------------------------------------------


def _families(body: bytes) -> dict[str, list[tuple[dict[str, str], float]]]:
    out: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            out.setdefault(sample.name, []).append((sample.labels, sample.value))
    return out


def _service() -> tuple[LoadTracker, ServiceMetrics]:
    load = tracker(slots=2)
    metrics = ServiceMetrics(load, CollectorRegistry(), hostname="node-a")
    return load, metrics


def test_the_exposition_has_dcgm_gauges_and_request_metrics() -> None:
    load, metrics = _service()
    for _ in range(3):
        load.begin(1000)
    metrics.observe(200, "v1", 0.3, prompt_tokens=180, completion_tokens=40)
    metrics.observe(503, "v1", 1.5, prompt_tokens=200)
    body, content_type = metrics.render()
    assert content_type == "text/plain; version=0.0.4; charset=utf-8"
    assert b"# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %)." in body
    families = _families(body)
    gpu = {
        "gpu": "0",
        "UUID": GPU_UUID,
        "pci_bus_id": "00000000:07:00.0",
        "device": "nvidia0",
        "modelName": GPU_MODEL,
        "Hostname": "node-a",
    }
    snap = load.snapshot()
    assert families["DCGM_FI_DEV_GPU_UTIL"] == [(gpu, pytest.approx(snap.gpu_util_pct))]
    assert families["DCGM_FI_DEV_FB_USED"] == [(gpu, MODEL_MIB + 1600)]
    assert families["DCGM_FI_DEV_FB_FREE"] == [(gpu, GPU_MIB - MODEL_MIB - 1600)]
    assert families["reference_requests_in_flight"] == [({}, 3)]
    assert families["reference_queue_depth"] == [({}, 1)]
    requests = {labels["status"]: value for labels, value in families["reference_requests_total"]}
    assert requests == {"200": 1, "503": 1}
    assert ({"model_version": "v1"}, 2) in families["reference_request_duration_seconds_count"]
    tokens = {labels["kind"]: value for labels, value in families["reference_tokens_total"]}
    assert tokens == {"prompt": 380, "completion": 40}


def test_the_gauges_are_read_at_scrape_time() -> None:
    load, metrics = _service()
    ticket = load.begin(10)
    assert _families(metrics.render()[0])["reference_requests_in_flight"] == [({}, 1)]
    load.end(ticket)
    assert _families(metrics.render()[0])["reference_requests_in_flight"] == [({}, 0)]


def test_observe_refuses_what_is_not_a_request() -> None:
    _, metrics = _service()
    with pytest.raises(ValueError, match="HTTP status"):
        metrics.observe(42, "v1", 0.1)
    with pytest.raises(ValueError, match="negative"):
        metrics.observe(200, "v1", -0.1)


def test_services_with_their_own_registries_do_not_clash() -> None:
    ServiceMetrics(tracker())
    ServiceMetrics(tracker())


def test_the_metrics_route_serves_the_exposition() -> None:
    load, metrics = _service()
    load.begin(10)
    app = FastAPI()
    add_metrics_route(app, metrics)
    with TestClient(app) as client:
        response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert _families(response.content)["reference_requests_in_flight"] == [({}, 1)]
