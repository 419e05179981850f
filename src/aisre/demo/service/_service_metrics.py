"""The reference service's own Prometheus metrics: its requests, and its simulated GPU.

The GPU gauges carry dcgm-exporter's names, help texts and labels, so that
dashboards and alerts written for a real GPU node read this one unchanged;
they are read from a :class:`~._load.LoadTracker` at scrape time.

Example:
    >>> metrics = ServiceMetrics(LoadTracker(SystemClock()), hostname="gpu-node-1")
    >>> metrics.observe(200, "v1", 0.42, prompt_tokens=180, completion_tokens=35)
    >>> body, content_type = metrics.render()
    >>> b'DCGM_FI_DEV_GPU_UTIL{Hostname="gpu-node-1",UUID="GPU-' in body
    True
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

from fastapi import FastAPI
from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.responses import Response

from ._load import LoadTracker

__all__ = ["DURATION_BUCKETS", "GPU_MODEL", "GPU_UUID", "ServiceMetrics", "add_metrics_route"]

#: The simulated GPU: a fixed identity, as dcgm-exporter reports a real one.
GPU_UUID = "GPU-5e3f1c2a-8b7d-4e96-a1c0-7d2b9f4e6a18"
GPU_MODEL = "NVIDIA A100-SXM4-80GB"
_PCI_BUS_ID = "00000000:07:00.0"
#: Request duration buckets, 0.01 s to 81.92 s doubling: those the OpenTelemetry
#: GenAI conventions advise for ``gen_ai.client.operation.duration``.
DURATION_BUCKETS = tuple(0.01 * 2**i for i in range(14))


class _LoadCollector(Collector):
    """Gauges of the simulated GPU and of the request queue, read at scrape time."""

    def __init__(self, tracker: LoadTracker, gpu_labels: dict[str, str]) -> None:
        self._tracker = tracker
        self._labels = gpu_labels

    def collect(self) -> Iterator[Metric]:
        load = self._tracker.snapshot()
        names, values = list(self._labels), list(self._labels.values())
        for name, help_text, value in (
            ("DCGM_FI_DEV_GPU_UTIL", "GPU utilization (in %).", load.gpu_util_pct),
            ("DCGM_FI_DEV_FB_FREE", "Framebuffer memory free (in MiB).", load.fb_free_mib),
            ("DCGM_FI_DEV_FB_USED", "Framebuffer memory used (in MiB).", load.fb_used_mib),
        ):
            gauge = GaugeMetricFamily(name, help_text, labels=names)
            gauge.add_metric(values, value)
            yield gauge
        yield GaugeMetricFamily(
            "reference_requests_in_flight",
            "Requests begun and not yet answered.",
            value=load.in_flight,
        )
        yield GaugeMetricFamily(
            "reference_queue_depth",
            "Requests in flight waiting for a batch slot on the GPU.",
            value=load.queue_depth,
        )


class ServiceMetrics:
    """The reference service's metrics, in a registry of their own.

    Args:
        tracker: The simulated GPU the gauges are read from.
        registry: Where the metrics are registered; a fresh one by default,
            so that several services (or tests) in one process do not clash.
        hostname: The ``Hostname`` label of the GPU gauges; this host's by default.

    Example:
        >>> metrics = ServiceMetrics(tracker, CollectorRegistry(), hostname="node-a")
        >>> metrics.observe(503, "v2-regressed", 1.9, prompt_tokens=240)
    """

    def __init__(
        self,
        tracker: LoadTracker,
        registry: CollectorRegistry | None = None,
        *,
        hostname: str | None = None,
    ) -> None:
        self.tracker = tracker
        self.registry = registry if registry is not None else CollectorRegistry()
        self._requests = Counter(
            "reference_requests",
            "Chat completion requests answered, by HTTP status and model version.",
            ["status", "model_version"],
            registry=self.registry,
        )
        self._duration = Histogram(
            "reference_request_duration_seconds",
            "Time from a chat completion request to its answer, by model version.",
            ["model_version"],
            buckets=DURATION_BUCKETS,
            registry=self.registry,
        )
        self._tokens = Counter(
            "reference_tokens",
            "Tokens of chat completions, by kind (prompt or completion).",
            ["kind"],
            registry=self.registry,
        )
        gpu_labels = {
            "gpu": "0",
            "UUID": GPU_UUID,
            "pci_bus_id": _PCI_BUS_ID,
            "device": "nvidia0",
            "modelName": GPU_MODEL,
            "Hostname": hostname if hostname is not None else socket.gethostname(),
        }
        self.registry.register(_LoadCollector(tracker, gpu_labels))

    def observe(
        self,
        status: int,
        model_version: str,
        duration_s: float,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
    ) -> None:
        """Count one answered request: its status, duration and tokens.

        Raises:
            ValueError: ``status`` is not an HTTP status, or a duration or
                token count is negative.
        """
        if not 100 <= status <= 599:
            raise ValueError(f"status must be an HTTP status, got {status}")
        if duration_s < 0 or prompt_tokens < 0 or completion_tokens < 0:
            raise ValueError("duration_s and token counts must not be negative")
        self._requests.labels(status=str(status), model_version=model_version).inc()
        self._duration.labels(model_version=model_version).observe(duration_s)
        self._tokens.labels(kind="prompt").inc(prompt_tokens)
        self._tokens.labels(kind="completion").inc(completion_tokens)

    def render(self) -> tuple[bytes, str]:
        """The exposition of every metric now, and its content type (text format 0.0.4)."""
        return generate_latest(self.registry), CONTENT_TYPE_PLAIN_0_0_4


def add_metrics_route(app: FastAPI, metrics: ServiceMetrics) -> None:
    """Serve ``metrics`` on ``GET /metrics`` of ``app``.

    Example:
        >>> add_metrics_route(create_service_app(state), ServiceMetrics(tracker))
    """

    def scrape() -> Response:
        body, content_type = metrics.render()
        return Response(body, media_type=content_type)

    app.add_api_route(
        "/metrics",
        scrape,
        methods=["GET"],
        response_model=None,
        summary="Prometheus metrics of the service and its simulated GPU",
    )
