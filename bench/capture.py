"""What capture costs: the gateway's added latency and TTFT, and OTLP ingest.

Figures:
  gateway_p50_overhead_ms  p50 latency through the gateway minus p50 latency of the
                same requests sent straight to the upstream (the reference service),
                non-streamed chat completions at temperature 0, 200 requests/s
                open-loop, direct and gateway requests alternating; median of rounds.
  gateway_p99_overhead_ms  the same for p99.
  ttft_overhead_ms  median time to the first content token of a stream through the
                gateway minus the same measured directly, client-side; median of rounds.
  otlp_ingest_per_s  from bench/_otlp_bench.py when that file exists.

Online scoring is off (`scoring.scorers: []`): these figures are what capture costs;
bench/scoring.py measures scoring.

`aisre demo-service --pace instant` runs pinned to CPU 1 and `aisre up` to CPU 0;
the load generator is a small asyncio HTTP/1.1 client (httptools), unpinned.
"""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import httptools
import httpx
import orjson
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, figure, free_port, median, start_demo_service, start_server

RATE = 200.0  # requests/s in all, alternating direct and gateway
ROUND_S = 8.0
ROUNDS = 5
STREAM_RATE = 100.0
STREAM_ROUND = 300
STREAM_ROUNDS = 3
QUESTIONS = [
    "How much does the Team plan cost?",
    "How do I rotate an API key?",
    "Can I export my data to CSV?",
    "What is the uptime SLA of the Enterprise plan?",
]
FIRST_TOKEN = re.compile(rb'"content":"[^"]')


@dataclass
class _Reply:
    done: asyncio.Future[None]
    status: int = 0
    first_token: float | None = None
    body: bytearray = field(default_factory=bytearray)


class _Conn(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection of the load generator."""

    def __init__(self) -> None:
        self.parser = httptools.HttpResponseParser(self)
        self.transport: asyncio.Transport | None = None
        self.reply: _Reply | None = None
        self.closed = False
        self.idle_since = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is no subclass

    def data_received(self, data: bytes) -> None:
        self.parser.feed_data(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.reply is not None and not self.reply.done.done():
            self.reply.done.set_exception(ConnectionError("connection lost"))

    def on_body(self, body: bytes) -> None:
        assert self.reply is not None
        self.reply.body += body
        if self.reply.first_token is None and FIRST_TOKEN.search(self.reply.body):
            self.reply.first_token = time.perf_counter()

    def on_message_complete(self) -> None:
        assert self.reply is not None
        self.reply.status = self.parser.get_status_code()
        self.reply.done.set_result(None)


class Target:
    """A pool of keep-alive connections to one base URL."""

    def __init__(self, port: int, prefix: str) -> None:
        self.port, self.prefix, self.idle = port, prefix, list[_Conn]()

    async def post(self, path: str, body: bytes) -> tuple[float, float | None]:
        """POST ``body``; (seconds to the last byte, seconds to the first content token)."""
        now = time.perf_counter()
        # Servers close keep-alive connections idle for 5 s; do not race them.
        self.idle = [c for c in self.idle if not c.closed and now - c.idle_since < 4]
        conn = self.idle.pop() if self.idle else await self._connect()
        request = (
            f"POST {self.prefix}{path} HTTP/1.1\r\nhost: 127.0.0.1\r\n"
            f"content-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
        ).encode() + body
        loop = asyncio.get_running_loop()
        conn.reply = reply = _Reply(loop.create_future())
        started = time.perf_counter()
        assert conn.transport is not None
        conn.transport.write(request)
        await asyncio.wait_for(reply.done, 30)
        ended = time.perf_counter()
        if reply.status != 200:
            raise RuntimeError(f"{self.prefix}{path}: {reply.status} {bytes(reply.body)[:300]!r}")
        conn.idle_since = ended
        self.idle.append(conn)
        ttft = None if reply.first_token is None else reply.first_token - started
        return ended - started, ttft

    async def _connect(self) -> _Conn:
        loop = asyncio.get_running_loop()
        _, conn = await loop.create_connection(_Conn, "127.0.0.1", self.port)
        return conn


def chat(i: int, stream: bool = False) -> bytes:
    body = {
        "model": "northwind-support-v1",
        "messages": [{"role": "user", "content": QUESTIONS[i % len(QUESTIONS)]}],
        "temperature": 0,
        "stream": stream,
    }
    return orjson.dumps(body)


async def paced(rate: float, count: int, stream: bool, targets: list[Target]) -> list[list[float]]:
    """Send ``count`` requests open-loop at ``rate``/s, alternating between ``targets``.

    Returns the latencies (or TTFTs for streams) per target, in seconds.
    """
    results: list[list[float]] = [[] for _ in targets]

    async def one(i: int) -> None:
        # A pair (direct, gateway) asks the same question, so both see the same work.
        elapsed, ttft = await targets[i % 2].post("/v1/chat/completions", chat(i // 2, stream))
        results[i % 2].append(ttft if stream and ttft is not None else elapsed)

    tasks = []
    t0 = time.perf_counter()
    for i in range(count):
        delay = t0 + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i)))
    await asyncio.gather(*tasks)
    return results


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def measure(service_port: int, gateway_port: int) -> tuple[float, float, float]:
    targets = [Target(service_port, ""), Target(gateway_port, "/gateway/support-rag")]
    await paced(RATE, int(RATE * 2), False, targets)  # warm up both paths
    p50s, p99s = [], []
    for n in range(ROUNDS):
        direct, through = await paced(RATE, int(RATE * ROUND_S), False, targets)
        d50, g50 = quantile(direct, 0.5) * 1e3, quantile(through, 0.5) * 1e3
        d99, g99 = quantile(direct, 0.99) * 1e3, quantile(through, 0.99) * 1e3
        p50s.append(g50 - d50)
        p99s.append(g99 - d99)
        print(
            f"  round {n + 1}/{ROUNDS}: direct p50 {d50:.3f} p99 {d99:.3f} ms, "
            f"gateway p50 {g50:.3f} p99 {g99:.3f} ms",
            flush=True,
        )
    ttfts = []
    for n in range(STREAM_ROUNDS):
        direct, through = await paced(STREAM_RATE, STREAM_ROUND, True, targets)
        d, g = median(direct) * 1e3, median(through) * 1e3
        ttfts.append(g - d)
        print(f"  streams {n + 1}/{STREAM_ROUNDS}: TTFT direct {d:.3f} gateway {g:.3f} ms")
    return median(p50s), median(p99s), median(ttfts)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="aisre-bench-capture-") as name:
        tmp = Path(name)
        service_port, gateway_port = free_port(), free_port()
        config = tmp / "aisre.yaml"
        config.write_text(
            yaml.safe_dump(
                {
                    "lake": {"url": str(tmp / "lake"), "spool_dir": str(tmp / "spool")},
                    "state": {"url": f"sqlite:///{tmp / 'state.db'}"},
                    "services": [
                        {"name": "support-rag", "upstream": f"http://127.0.0.1:{service_port}"}
                    ],
                    # What the gateway itself costs; bench/scoring.py measures scoring.
                    "scoring": {"scorers": []},
                }
            )
        )
        service = start_demo_service(service_port, tmp / "service.log", cpu=1)
        try:
            server = start_server(config, gateway_port, tmp / "server.log", cpu=0)
            try:
                p50, p99, ttft = asyncio.run(measure(service_port, gateway_port))
                stats = httpx.get(f"http://127.0.0.1:{gateway_port}/api/v1/stats").json()
                print(f"  recorded by the gateway: {stats.get('capture', {})}", flush=True)
            finally:
                stop(server)
        finally:
            stop(service)
    figure("gateway_p50_overhead_ms", p50, "ms")
    figure("gateway_p99_overhead_ms", p99, "ms")
    figure("ttft_overhead_ms", ttft, "ms")
    if (ROOT / "bench" / "_otlp_bench.py").exists():
        from _otlp_bench import otlp_ingest_per_s  # type: ignore[import-not-found]

        figure("otlp_ingest_per_s", otlp_ingest_per_s(), "spans/s")
    else:
        print("note: bench/_otlp_bench.py not found; otlp_ingest_per_s skipped", flush=True)


if __name__ == "__main__":
    main()
