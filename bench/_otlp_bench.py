"""OTLP ingest throughput: GenAI spans per second through ``POST /v1/traces``, until queryable.

Figure:
  otlp_ingest_per_s  spans/s, one LLM span per trace, protobuf batches of 500,
                     from the first request to the moment the last span is
                     written to Parquet and queryable (``/api/v1/stats``); `aisre up`
                     pinned to one core, the senders on the other; median of rounds.
                     Online scoring is off (`scoring.scorers: []`): at this rate it runs
                     in `aisre worker` processes, and bench/scoring.py measures it.

Run alone with ``.venv/bin/python bench/_otlp_bench.py``; ``bench/capture.py``
imports :func:`otlp_ingest_per_s`.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from queue import Empty, Queue

import httpx
import yaml
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import figure, free_port, median, start_server

BATCH = 500
SPANS = 200_000
SENDERS = 4
ROUNDS = 3

SYSTEM = (
    "You are the support assistant of Acme Cloud. Answer only from the context below; "
    "if the answer is not there, say so. Be brief and cite the document ids you used."
)
CONTEXT = [
    "[kb-112] To rotate an API key, open Settings, choose Security, and press Rotate. The old "
    "key keeps working for 24 hours so that deployments can switch over without downtime.",
    "[kb-87] Keys can be scoped to a project. A scoped key cannot read other projects' data "
    "and is the recommended choice for CI pipelines.",
    "[kb-203] Deleting a key takes effect immediately; requests signed with it fail with 401.",
]
QUESTION = "How do I rotate an API key without breaking my deployment?"
ANSWER = (
    "Open Settings → Security and press Rotate [kb-112]. The old key keeps working for 24 hours, "
    "so update your deployment's secret within that window and then delete the old key [kb-203]."
)


def _kv(key: str, value: str | int | float | list[str]) -> KeyValue:
    if isinstance(value, str):
        return KeyValue(key=key, value=AnyValue(string_value=value))
    if isinstance(value, bool | int):
        return KeyValue(key=key, value=AnyValue(int_value=int(value)))
    if isinstance(value, float):
        return KeyValue(key=key, value=AnyValue(double_value=value))
    array = AnyValue()
    array.array_value.values.extend(AnyValue(string_value=v) for v in value)
    return KeyValue(key=key, value=array)


def _messages(i: int) -> tuple[str, str]:
    user = "Context:\n" + "\n".join(CONTEXT) + f"\n\nQuestion ({i % 97}): {QUESTION}"
    inputs = [
        {"role": "system", "parts": [{"type": "text", "content": SYSTEM}]},
        {"role": "user", "parts": [{"type": "text", "content": user}]},
    ]
    outputs = [
        {
            "role": "assistant",
            "parts": [{"type": "text", "content": ANSWER}],
            "finish_reason": "stop",
        }
    ]
    return json.dumps(inputs), json.dumps(outputs)


def export_body(seed: int, now_ns: int) -> bytes:
    """One protobuf ``ExportTraceServiceRequest`` of BATCH chat spans, each its own trace."""
    request = ExportTraceServiceRequest()
    resource_spans = request.resource_spans.add()
    resource_spans.resource.attributes.extend(
        [
            _kv("service.name", "support-rag"),
            _kv("service.version", "2.4.1"),
            _kv("deployment.environment.name", "production"),
            _kv("telemetry.sdk.language", "python"),
            _kv("telemetry.sdk.name", "opentelemetry"),
        ]
    )
    scope_spans = resource_spans.scope_spans.add()
    scope_spans.scope.name = "opentelemetry.instrumentation.openai_v2"
    for i in range(BATCH):
        n = seed * BATCH + i
        inputs, outputs = _messages(n)
        span = scope_spans.spans.add()
        span.trace_id = (n + 1).to_bytes(16, "big")
        span.span_id = (n + 1).to_bytes(8, "big")
        span.name = "chat gpt-4o"
        span.kind = 3  # CLIENT
        span.start_time_unix_nano = now_ns - 3_600_000_000_000 + n * 10_000_000
        span.end_time_unix_nano = span.start_time_unix_nano + (400 + n * 37 % 2000) * 1_000_000
        span.attributes.extend(
            [
                _kv("gen_ai.operation.name", "chat"),
                _kv("gen_ai.system", "openai"),
                _kv("gen_ai.request.model", "gpt-4o"),
                _kv("gen_ai.response.model", f"gpt-4o-2024-0{6 + n % 3}-06"),
                _kv("gen_ai.request.temperature", 0.2),
                _kv("gen_ai.request.top_p", 0.9),
                _kv("gen_ai.request.max_tokens", 512),
                _kv("gen_ai.usage.input_tokens", 850 + n % 50),
                _kv("gen_ai.usage.output_tokens", 48 + n % 20),
                _kv("gen_ai.response.id", f"chatcmpl-{n:012d}"),
                _kv("gen_ai.response.finish_reasons", ["stop"]),
                _kv("server.address", "api.openai.com"),
                _kv("gen_ai.input.messages", inputs),
                _kv("gen_ai.output.messages", outputs),
            ]
        )
    body: bytes = request.SerializeToString()
    return body


def _post_all(url: str, bodies: list[bytes]) -> None:
    work: Queue[bytes] = Queue()
    for body in bodies:
        work.put(body)
    errors: list[str] = []

    def send() -> None:
        headers = {"content-type": "application/x-protobuf"}
        with httpx.Client(base_url=url, timeout=120) as client:
            while True:
                try:
                    body = work.get_nowait()
                except Empty:
                    return
                r = client.post("/v1/traces", content=body, headers=headers)
                if r.status_code != 200 or r.content:  # content: a partial success
                    errors.append(f"{r.status_code} {r.content[:200]!r}")

    threads = [threading.Thread(target=send) for _ in range(SENDERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"OTLP export failed: {errors[0]}")


def _wait_queryable(url: str, expected: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while True:
        stats = httpx.get(f"{url}/api/v1/stats", timeout=60).json()
        if stats["interactions_queryable"] >= expected:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {stats['interactions_queryable']} of {expected}: {stats}")
        time.sleep(0.05)


def otlp_ingest_per_s(rounds: int = ROUNDS, spans: int = SPANS) -> float:
    """Spans per second through ``/v1/traces`` until queryable; the median of ``rounds``."""
    with tempfile.TemporaryDirectory(prefix="aisre-otlp-bench-") as tmp:
        path = Path(tmp)
        config = path / "aisre.yaml"
        lake = {"url": str(path / "lake"), "spool_dir": str(path / "spool")}
        state = {"url": f"sqlite:///{path / 'state.db'}"}
        # Capture alone: at this rate scoring runs in aisre worker processes (queue.url),
        # and bench/scoring.py measures it.
        scoring = {"scorers": []}
        config.write_text(yaml.safe_dump({"lake": lake, "state": state, "scoring": scoring}))
        now_ns = time.time_ns()
        per_round = spans // BATCH
        port = free_port()
        proc = start_server(config, port, path / "server.log", cpu=0)
        pinned = hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1
        affinity = os.sched_getaffinity(0) if pinned else set()
        if pinned:
            os.sched_setaffinity(0, {1})  # the loader on the other core
        url = f"http://127.0.0.1:{port}"
        try:
            rates = []
            for r in range(rounds):
                bodies = [export_body(r * per_round + s, now_ns) for s in range(per_round)]
                started = time.perf_counter()
                _post_all(url, bodies)
                posted = time.perf_counter() - started
                _wait_queryable(url, (r + 1) * per_round * BATCH)
                elapsed = time.perf_counter() - started
                rates.append(per_round * BATCH / elapsed)
                print(
                    f"  round {r + 1}/{rounds}: {rates[-1]:,.0f} spans/s until queryable "
                    f"(posted in {posted:.2f} s, queryable after {elapsed:.2f} s)",
                    flush=True,
                )
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=120)
            if pinned:
                os.sched_setaffinity(0, affinity)
    return median(rates)


def main() -> None:
    print(
        f"otlp: {ROUNDS} rounds of {SPANS:,} GenAI spans in batches of {BATCH}, "
        "server pinned to one core",
        flush=True,
    )
    figure("otlp_ingest_per_s", otlp_ingest_per_s(), "spans/s")


if __name__ == "__main__":
    main()
