"""Prometheus metrics of the interactions aisre receives and of its own capture pipeline.

Bucket boundaries follow the OpenTelemetry GenAI semantic conventions
(``gen_ai.client.operation.duration``, ``gen_ai.server.time_to_first_token``,
``gen_ai.client.token.usage``). Interaction metrics are kept by a custom
collector that takes a whole batch at once: the ingest path observes tens of
thousands of interactions a second, and one lock and one pass per batch costs
a fraction of a labelled ``Histogram.observe`` per value.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from aisre.capture import Recorder
from aisre.core import Interaction
from aisre.scoring import ScoringPipeline
from aisre.store import LakeHealth

DURATION_BUCKETS = (
    0.01,
    0.02,
    0.04,
    0.08,
    0.16,
    0.32,
    0.64,
    1.28,
    2.56,
    5.12,
    10.24,
    20.48,
    40.96,
    81.92,
)
TTFT_BUCKETS = (
    0.001,
    0.005,
    0.01,
    0.02,
    0.04,
    0.06,
    0.08,
    0.1,
    0.25,
    0.5,
    0.75,
    1.0,
    2.5,
    5.0,
    7.5,
    10.0,
)
TOKEN_BUCKETS = (
    1,
    4,
    16,
    64,
    256,
    1024,
    4096,
    16384,
    65536,
    262144,
    1048576,
    4194304,
    16777216,
    67108864,
)

LABELS = ("service", "environment", "operation", "model", "model_version")


@dataclass
class _Histogram:
    bounds: tuple[float, ...]
    counts: list[int] = field(default_factory=list)
    total: float = 0.0

    def __post_init__(self) -> None:
        self.counts = [0] * (len(self.bounds) + 1)

    def observe_many(self, values: list[float], unit: float = 1.0) -> None:
        """Count ``values`` (in units of ``1/unit`` of the bounds: ms against seconds, say)."""
        # bisect_left: a value equal to a bound belongs to that bound's bucket (le).
        bounds = [b * unit for b in self.bounds] if unit != 1.0 else self.bounds
        for index, n in Counter(map(partial(bisect_left, bounds), values)).items():
            self.counts[index] += n
        self.total += sum(values) / unit

    def buckets(self) -> list[tuple[str, float]]:
        out: list[tuple[str, float]] = []
        running = 0
        for bound, count in zip((*self.bounds, float("inf")), self.counts, strict=True):
            running += count
            out.append(("+Inf" if bound == float("inf") else repr(float(bound)), running))
        return out


@dataclass
class _Series:
    requests: Counter[str] = field(default_factory=Counter)  # by status
    errors: Counter[str] = field(default_factory=Counter)  # by error type
    input_tokens: int = 0
    output_tokens: int = 0
    duration: _Histogram = field(default_factory=lambda: _Histogram(DURATION_BUCKETS))
    ttft: _Histogram = field(default_factory=lambda: _Histogram(TTFT_BUCKETS))
    input_usage: _Histogram = field(default_factory=lambda: _Histogram(TOKEN_BUCKETS))
    output_usage: _Histogram = field(default_factory=lambda: _Histogram(TOKEN_BUCKETS))

    def observe(self, group: list[Interaction]) -> None:
        # Column by column, so that the counting runs in C (map, Counter, sum).
        self.requests.update(it.status for it in group)
        self.errors.update(it.error_type or "unknown" for it in group if it.status == "error")
        self.duration.observe_many([it.latency_ms for it in group], unit=1000.0)
        ttft = [it.ttft_ms for it in group if it.ttft_ms is not None]
        if ttft:
            self.ttft.observe_many(ttft, unit=1000.0)
        tokens_in = [it.input_tokens for it in group if it.input_tokens is not None]
        if tokens_in:
            self.input_tokens += sum(tokens_in)
            self.input_usage.observe_many(tokens_in)  # type: ignore[arg-type]
        tokens_out = [it.output_tokens for it in group if it.output_tokens is not None]
        if tokens_out:
            self.output_tokens += sum(tokens_out)
            self.output_usage.observe_many(tokens_out)  # type: ignore[arg-type]


class InteractionMetrics(Collector):
    """Counters and histograms of ingested interactions, per service, model and version."""

    def __init__(self) -> None:
        self._series: dict[tuple[str, ...], _Series] = {}
        self._lock = threading.Lock()

    def observe(self, items: Sequence[Interaction]) -> None:
        """Account for a batch of interactions."""
        groups: dict[tuple[str, ...], list[Interaction]] = {}
        for it in items:
            key = (it.service, it.environment, it.operation, it.model or "", it.model_version or "")
            group = groups.get(key)
            if group is None:
                groups[key] = [it]
            else:
                group.append(it)
        with self._lock:
            for labels, members in groups.items():
                series = self._series.get(labels)
                if series is None:
                    series = self._series[labels] = _Series()
                series.observe(members)

    def collect(self) -> Iterator[Metric]:
        requests = CounterMetricFamily(
            "aisre_interactions", "Interactions received, by outcome.", labels=[*LABELS, "status"]
        )
        errors = CounterMetricFamily(
            "aisre_interaction_errors",
            "Interactions that ended in an error, by error type.",
            labels=[*LABELS, "error_type"],
        )
        tokens = CounterMetricFamily(
            "aisre_tokens", "Tokens used, by direction.", labels=[*LABELS, "type"]
        )
        duration = HistogramMetricFamily(
            "aisre_interaction_duration_seconds",
            "Latency of interactions (gen_ai.client.operation.duration buckets).",
            labels=list(LABELS),
        )
        ttft = HistogramMetricFamily(
            "aisre_time_to_first_token_seconds",
            "Time to first token of streamed interactions.",
            labels=list(LABELS),
        )
        usage = HistogramMetricFamily(
            "aisre_token_usage",
            "Tokens per interaction (gen_ai.client.token.usage buckets).",
            labels=[*LABELS, "type"],
        )
        with self._lock:
            for key, s in self._series.items():
                labels = list(key)
                for status, n in s.requests.items():
                    requests.add_metric([*labels, status], n)
                for kind, n in s.errors.items():
                    errors.add_metric([*labels, kind], n)
                tokens.add_metric([*labels, "input"], s.input_tokens)
                tokens.add_metric([*labels, "output"], s.output_tokens)
                duration.add_metric(labels, s.duration.buckets(), s.duration.total)
                if sum(s.ttft.counts):
                    ttft.add_metric(labels, s.ttft.buckets(), s.ttft.total)
                usage.add_metric([*labels, "input"], s.input_usage.buckets(), s.input_usage.total)
                usage.add_metric(
                    [*labels, "output"], s.output_usage.buckets(), s.output_usage.total
                )
        yield from (requests, errors, tokens, duration, ttft, usage)


class CaptureHealthMetrics(Collector):
    """The capture pipeline's own health: spooled, written, dropped (must stay 0), lag."""

    def __init__(self, health: Callable[[], LakeHealth]) -> None:
        self._health = health

    def collect(self) -> Iterable[Metric]:
        h = self._health()
        yield CounterMetricFamily(
            "aisre_capture_spooled",
            "Records made durable in the write-ahead spool.",
            value=h.spooled_total,
        )
        yield CounterMetricFamily(
            "aisre_capture_written",
            "Records written from the spool to the event lake.",
            value=h.written_total,
        )
        yield CounterMetricFamily(
            "aisre_capture_dropped",
            "Records lost by the capture pipeline (a damaged spool segment); must stay 0.",
            value=h.dropped_total,
        )
        yield CounterMetricFamily(
            "aisre_capture_flush_errors",
            "Failed attempts to write the spool to the lake.",
            value=h.flush_errors_total,
        )
        yield GaugeMetricFamily(
            "aisre_capture_pending",
            "Records durable in the spool, not yet queryable.",
            value=h.pending,
        )
        yield GaugeMetricFamily(
            "aisre_capture_lag_seconds",
            "Age of the oldest record not yet in the lake.",
            value=h.lag_seconds,
        )


class RecorderMetrics(Collector):
    """The gateway's fail-open recorder: queued, recorded, dropped, failed appends."""

    def __init__(self, recorder: Recorder) -> None:
        self._recorder = recorder

    def collect(self) -> Iterable[Metric]:
        r = self._recorder
        yield GaugeMetricFamily(
            "aisre_gateway_record_queue",
            "Gateway interactions waiting in memory for the lake (grows while it is down).",
            value=r.pending,
        )
        yield CounterMetricFamily(
            "aisre_gateway_recorded",
            "Gateway interactions appended to the lake.",
            value=r.recorded,
        )
        yield CounterMetricFamily(
            "aisre_gateway_record_dropped",
            "Gateway interactions dropped because the in-memory queue was full.",
            value=r.dropped,
        )
        yield CounterMetricFamily(
            "aisre_gateway_record_failures",
            "Appends of gateway interactions to the lake that failed and were retried.",
            value=r.failures,
        )


class ScoringMetrics(Collector):
    """Online scoring: sampling, the queue's backlog, throughput, failures and lag."""

    def __init__(self, pipeline: ScoringPipeline) -> None:
        self._pipeline = pipeline

    def collect(self) -> Iterable[Metric]:
        p = self._pipeline
        yield CounterMetricFamily(
            "aisre_scoring_submitted",
            "Interactions queued for scoring.",
            value=p.submitted,
        )
        yield CounterMetricFamily(
            "aisre_scoring_sampled_out",
            "Interactions not scored by the sampling policy.",
            value=p.sampled_out,
        )
        yield CounterMetricFamily(
            "aisre_scoring_refused",
            "Interactions the full queue refused (backpressure): not scored.",
            value=p.refused,
        )
        yield CounterMetricFamily(
            "aisre_scoring_feedback_queued",
            "Interactions sampling had left out, queued because a user gave feedback on them.",
            value=p.wanted_scored,
        )
        yield CounterMetricFamily(
            "aisre_scoring_feedback_unresolved",
            "Interactions with feedback that were not found in the lake in time.",
            value=p.wanted_missing,
        )
        yield GaugeMetricFamily(
            "aisre_scoring_queue_depth",
            "Interactions queued or being scored.",
            value=p.queue.depth(),
        )
        worker = p.worker
        if worker is None:
            return
        stats = worker.stats
        yield CounterMetricFamily(
            "aisre_scoring_interactions",
            "Interactions scored by this process.",
            value=stats.interactions,
        )
        scores = CounterMetricFamily(
            "aisre_scoring_scores", "Scores written, by scorer.", labels=["scorer"]
        )
        for name, n in sorted(stats.by_scorer.items()):
            scores.add_metric([name], n)
        yield scores
        yield CounterMetricFamily(
            "aisre_scoring_scorer_errors",
            "Scores recorded as errors (a scorer or its judge failed).",
            value=stats.scorer_errors,
        )
        yield CounterMetricFamily(
            "aisre_scoring_write_failures",
            "Batches whose scores could not be written (retried later).",
            value=stats.write_failures,
        )
        lags = sorted(stats.lags)
        lag = GaugeMetricFamily(
            "aisre_scoring_lag_seconds",
            "Seconds from queueing to a durable score, over the last scored interactions.",
            labels=["quantile"],
        )
        for q in (0.5, 0.95, 0.99):
            value = lags[min(len(lags) - 1, int(q * len(lags)))] if lags else 0.0
            lag.add_metric([str(q)], value)
        yield lag
