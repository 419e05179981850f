"""Ingest throughput, query speed over 10 million interactions, and server memory.

Figures:
  ingest_per_s  interactions/s through POST /api/v1/interactions in batches of 500,
                counted at acknowledgement (which the server gives only after fsync),
                with `aisre up` pinned to one core; median of 5 rounds of 200,000.
                The interactions are live traffic: timestamped over the last hour.
                Online scoring is off (`scoring.scorers: []`; bench/scoring.py measures it).
  ingest_queryable_per_s  the same 1,000,000 interactions over the time until the
                last of them is written to Parquet and queryable (flusher included).
  rss_1m_mb     the server's peak RSS (VmHWM) after those 1,000,000 interactions,
                in MB (10^6 bytes).
  query_10m_s   seconds for p95 latency and availability per model version over
                10,000,000 interactions of the past 7 days in the lake (written as
                the flusher does, 4 files an hour, then compacted as the lake does
                to closed hours); median of 5 queries.
"""

from __future__ import annotations

import signal
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from queue import Empty, Queue

import httpx
import msgspec
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import figure, free_port, median, peak_rss_mb, start_server
from aisre.core import Interaction, LakeConfig, RetrievedChunk, SystemClock
from aisre.slo import infra_slis
from aisre.store import EventLake, LocalStorage

BATCH = 500
ROUND = 200_000
ROUNDS = 5
SENDERS = 4
NOW = datetime.now(UTC)
LIVE_START = NOW.replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
WEEK_START = NOW.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=7)

PASSAGE = (
    "To rotate an API key, open Settings, choose Security, and press Rotate. The old key "
    "keeps working for 24 hours so that deployments can switch over without downtime. "
)


def batch_body(seed: int) -> bytes:
    """A batch of 500 typical RAG interactions (4 retrieved chunks each)."""
    items = []
    for i in range(BATCH):
        items.append(
            Interaction(
                service="support-rag",
                timestamp=LIVE_START + timedelta(seconds=seed * BATCH + i),
                latency_ms=400.0 + (i * 37) % 2000,
                ttft_ms=120.0,
                model="support-llm",
                model_version=f"v{1 + i % 3}",
                temperature=0.2,
                params={"top_p": 0.9},
                input="How do I rotate an API key without breaking my deployment?",
                output="Open Settings, choose Security and press Rotate; the old key keeps working "
                "for 24 hours, so switch your deployment over within that window.",
                finish_reason="stop",
                input_tokens=850,
                output_tokens=48,
                status_code=200,
                retrieval_used=True,
                retrieval_chunks=[
                    RetrievedChunk(id=f"kb-{(i + k) % 300}", text=PASSAGE, score=0.8 - k / 10)
                    for k in range(4)
                ],
                attributes={"query_type": "how-to", "language": "en"},
            )
        )
    return msgspec.json.encode({"interactions": items})


def ingest_round(url: str, bodies: list[bytes]) -> float:
    """Send ROUND interactions with SENDERS connections; interactions per second."""
    work: Queue[bytes] = Queue()
    for n in range(ROUND // BATCH):
        work.put(bodies[n % len(bodies)])
    errors: list[str] = []

    def send() -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            while True:
                try:
                    body = work.get_nowait()
                except Empty:
                    return
                r = client.post(
                    "/api/v1/interactions",
                    content=body,
                    headers={"content-type": "application/json"},
                )
                if r.status_code != 200:
                    errors.append(r.text)

    threads = [threading.Thread(target=send) for _ in range(SENDERS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"ingest failed: {errors[0]}")
    return ROUND / elapsed


def bench_ingest(tmp: Path) -> tuple[float, float]:
    config = tmp / "aisre.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "lake": {"url": str(tmp / "lake"), "spool_dir": str(tmp / "spool")},
                "state": {"url": f"sqlite:///{tmp / 'state.db'}"},
                # Ingest alone; bench/scoring.py measures scoring.
                "scoring": {"scorers": []},
            }
        )
    )
    port = free_port()
    proc = start_server(config, port, tmp / "server.log", cpu=0)
    url = f"http://127.0.0.1:{port}"
    bodies = [batch_body(s) for s in range(8)]
    try:
        rates = []
        started = time.perf_counter()
        for n in range(ROUNDS):
            rate = ingest_round(url, bodies)
            rates.append(rate)
            print(f"  round {n + 1}/{ROUNDS}: {rate:,.0f} interactions/s", flush=True)
        rss = peak_rss_mb(proc.pid)
        # Honesty checks: every acknowledged interaction reaches the lake, none is dropped.
        deadline = time.monotonic() + 120
        while True:
            stats = httpx.get(f"{url}/api/v1/stats", timeout=60).json()
            if stats["pending"] == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        queryable = ROUND * ROUNDS / (time.perf_counter() - started)
        assert stats["interactions_queryable"] == ROUND * ROUNDS, stats
        assert stats["capture"]["dropped_total"] == 0, stats
        rss = max(rss, peak_rss_mb(proc.pid))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=120)
    return median(rates), queryable, rss


def build_lake(root: Path, total: int = 10_000_000, days: int = 7) -> None:
    """Write ``total`` interactions as the flusher would: hourly partitions, 4 files an hour."""
    import duckdb

    from aisre.store._lake import _split_by_hour
    from aisre.store._lake_schema import INTERACTIONS

    storage = LocalStorage(str(root))
    con = duckdb.connect()
    per_day = total // days
    columns = ", ".join(
        f"NULL::{t} AS {c}" for c, t in INTERACTIONS.columns.items() if c not in GENERATED
    )
    for day in range(days):
        t0 = WEEK_START + timedelta(days=day)
        for part in range(4):
            n = per_day // 4
            table = con.sql(f"""
              SELECT *, CAST(timestamp AS DATE) AS date, CAST(hour(timestamp) AS INTEGER) AS hour
              FROM (
                SELECT 'i' || {day}::VARCHAR || '-' || {part}::VARCHAR || '-' || i::VARCHAR AS id,
                  'support-rag' AS service,
                  TIMESTAMP '{t0.replace(tzinfo=None).isoformat()}'
                    + to_microseconds(((i * 4 + {part}) * 86400000000 // {per_day})::BIGINT)
                    AS timestamp,
                  300 + random() * 2500 AS latency_ms,
                  'v' || (1 + i % 3)::VARCHAR AS model_version,
                  CASE WHEN random() < 0.01 THEN 'error' ELSE 'ok' END AS status,
                  200 AS status_code, 850 AS input_tokens, 48 AS output_tokens,
                  'support-llm' AS model, 'production' AS environment, 'chat' AS operation,
                  {columns}
                FROM range({n}) t(i)
              )
            """).to_arrow_table()
            for partition, piece in _split_by_hour("interactions", table):
                storage.write_table(f"{partition.relpath}/bench-{part}.parquet", piece)
        print(f"  wrote day {day + 1}/{days}", flush=True)


GENERATED = {
    "id",
    "service",
    "timestamp",
    "latency_ms",
    "model_version",
    "status",
    "status_code",
    "input_tokens",
    "output_tokens",
    "model",
    "environment",
    "operation",
}


def bench_query(tmp: Path) -> float:
    build_lake(tmp / "lake10m")
    lake = EventLake(
        LakeConfig(url=str(tmp / "lake10m"), spool_dir=str(tmp / "spool10m")), SystemClock()
    )
    try:
        # The steady state: the flusher's small files of each closed hour merged into one.
        merged = lake.compact()
        print(f"  compacted {merged} hourly partitions", flush=True)
        times = []
        end = WEEK_START + timedelta(days=7)
        for _ in range(5):
            t = time.perf_counter()
            rows = infra_slis(lake, WEEK_START, end, group_by=["model_version"])
            times.append(time.perf_counter() - t)
        assert sum(r.requests for r in rows) == 7 * (10_000_000 // 7 // 4 * 4), rows
        print(
            f"  {len(rows)} versions, {sum(r.requests for r in rows):,} interactions, "
            f"p95 {rows[0].latency_p95_ms:.0f} ms",
            flush=True,
        )
    finally:
        lake.close()
    return median(times)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="aisre-bench-") as tmp:
        path = Path(tmp)
        print("ingest: 5 rounds of 200,000 interactions, server pinned to one core", flush=True)
        rate, queryable, rss = bench_ingest(path)
        figure("ingest_per_s", rate, "interactions/s")
        figure("ingest_queryable_per_s", queryable, "interactions/s")
        figure("rss_1m_mb", rss, "MB")
        print("query: building a lake of 10,000,000 interactions", flush=True)
        query = bench_query(path)
    figure("query_10m_s", query, "s")


if __name__ == "__main__":
    main()
