"""``aisre worker``: score interactions from the shared Redis stream, as one of many."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from typing import TYPE_CHECKING, Annotated

import typer

from aisre.core import ConfigError, SystemClock, load_config

from ._app import app
from ._output import console, reports_errors
from ._up import ConfigOption

if TYPE_CHECKING:
    from aisre.scoring import ScoringWorker


@app.command()
@reports_errors
def worker(
    config: ConfigOption = None,
    aisre_url: Annotated[
        str, typer.Option(help="The running aisre that stores the scores.")
    ] = "http://127.0.0.1:8700",
    api_key: Annotated[
        str | None,
        typer.Option(envvar="AISRE_API_KEY", help="An ingest key, when aisre requires keys."),
    ] = None,
    consumer: Annotated[
        str | None,
        typer.Option(help="This worker's name in the consumer group (default: host-pid)."),
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option(min=1, help="Interactions taken at once (queue.batch_size).")
    ] = None,
    metrics_port: Annotated[
        int | None,
        typer.Option(help="Serve this worker's Prometheus metrics on this port."),
    ] = None,
) -> None:
    """Score interactions from the queue that aisre up fills, until stopped.

    Needs queue.url (or AISRE_QUEUE_URL) to name the Redis server aisre up
    uses. Workers share the stream through a consumer group: start as many
    as the load needs, on any machine that reaches Redis and aisre. A worker
    that dies mid-batch leaves its batch to the others after
    queue.claim_idle_s; each interaction still ends with one score per
    scorer. Stop with Ctrl-C or SIGTERM: the current batch is finished first.
    """
    from aisre.scoring import HttpScoreWriter, RedisQueue, ScoringWorker, build_scorers

    cfg = load_config(config)
    if not cfg.queue.url:
        raise ConfigError(
            "aisre worker needs a Redis queue",
            field="queue.url",
            hint="set queue.url in aisre.yaml or AISRE_QUEUE_URL=redis://127.0.0.1:6379/0, "
            "the same as aisre up's",
        )
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    name = consumer or f"{socket.gethostname()}-{os.getpid()}"
    queue = RedisQueue(cfg.queue)
    write = HttpScoreWriter(aisre_url, api_key)
    scorers = build_scorers(cfg.scoring)
    work = ScoringWorker(
        queue,
        scorers,
        write,
        SystemClock(),
        consumer=name,
        batch_size=batch_size or cfg.queue.batch_size,
    )
    if metrics_port is not None:
        _serve_metrics(work, metrics_port)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    console.print(
        f"aisre worker {name}: {', '.join(s.name for s in scorers)} on {cfg.queue.stream} "
        f"({cfg.queue.url.split('@')[-1]}), scores to {aisre_url}",
        highlight=False,
    )
    try:
        work.run(stop)
    finally:
        queue.close()
        write.close()
    stats = work.stats
    console.print(
        f"aisre worker {name}: stopped after {stats.interactions} interactions "
        f"(took over {stats.redelivered} from other workers, {stats.scorer_errors} error scores)",
        highlight=False,
    )


def _serve_metrics(work: ScoringWorker, port: int) -> None:
    from prometheus_client import CollectorRegistry, start_http_server
    from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
    from prometheus_client.registry import Collector

    class WorkerMetrics(Collector):
        def collect(self) -> list[Metric]:
            s = work.stats
            lags = sorted(s.lags)
            return [
                CounterMetricFamily(
                    "aisre_worker_interactions", "Interactions scored.", value=s.interactions
                ),
                CounterMetricFamily("aisre_worker_scores", "Scores written.", value=s.scores),
                CounterMetricFamily(
                    "aisre_worker_scorer_errors", "Error scores.", value=s.scorer_errors
                ),
                CounterMetricFamily(
                    "aisre_worker_write_failures",
                    "Batches not written (retried).",
                    value=s.write_failures,
                ),
                CounterMetricFamily(
                    "aisre_worker_redelivered",
                    "Interactions taken over from another worker.",
                    value=s.redelivered,
                ),
                GaugeMetricFamily(
                    "aisre_worker_lag_p95_seconds",
                    "p95 seconds from queueing to a durable score (last 10,000).",
                    value=lags[int(0.95 * (len(lags) - 1))] if lags else 0.0,
                ),
            ]

    registry = CollectorRegistry()
    registry.register(WorkerMetrics())
    start_http_server(port, registry=registry)
