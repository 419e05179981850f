"""The reference RAG service: how well its versions separate, how fast it answers and simulates.

Run from the repository root: ``.venv/bin/python bench/reference.py``.

* ``golden_accuracy_good`` — the good version (v1, fresh index, temperature 0)
  answers the answerable golden questions correctly (target ≥ 0.90);
* ``unsupported_rate_regressed`` — share of v2-regressed's answers not
  supported by the retrieved passages (target ≥ 0.30);
* ``refusal_rate_overcautious`` — share of answerable questions v1-cautious
  refuses (target ≥ 0.40);
* ``service_rps`` — chat completions per second over HTTP, temperature 0,
  non-streaming, the service (``aisre demo-service``) pinned to one core and
  driven by 4 concurrent clients on the other; median of 3 rounds of 10 s;
* ``scenario_speedup`` — simulated seconds per wall second of ``aisre demo``'s
  default six-hour scenario, recording through an in-process aisre (target
  ≥ 300); median of 2 runs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import figure, free_port, median, start_demo_service
from aisre.demo import run_demo
from aisre.demo.service import WordLlamaEmbedder, load_golden, measure

CLIENTS = 4
ROUND_S = 10.0
ROUNDS = 3
SCENARIO_RUNS = 2


def quality() -> dict[str, float]:
    embedder = WordLlamaEmbedder()
    good = measure("v1", "fresh", embedder=embedder)
    regressed = measure("v2-regressed", "fresh", embedder=embedder)
    cautious = measure("v1-cautious", "fresh", embedder=embedder)
    print(
        f"v1: accuracy {good['accuracy']:.3f}, declines {good['decline_rate']:.3f}; "
        f"v2-regressed: unsupported {regressed['unsupported_rate']:.3f}; "
        f"v1-cautious: refusals {cautious['refusal_rate']:.3f}"
    )
    return {
        "golden_accuracy_good": good["accuracy"],
        "unsupported_rate_regressed": regressed["unsupported_rate"],
        "refusal_rate_overcautious": cautious["refusal_rate"],
    }


def _hammer(url: str, questions: list[str], stop: float, counts: list[int], i: int) -> None:
    with httpx.Client(base_url=url, timeout=30) as client:
        n = 0
        while time.monotonic() < stop:
            body = {
                "model": "northwind-support",
                "messages": [
                    {"role": "user", "content": questions[(i + n * CLIENTS) % len(questions)]}
                ],
                "temperature": 0,
            }
            response = client.post("/v1/chat/completions", json=body)
            if response.status_code != 200:
                raise RuntimeError(f"the service answered {response.status_code}: {response.text}")
            n += 1
        counts[i] = n


def service_rps() -> float:
    questions = [case.question for case in load_golden()]
    port = free_port()
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {1})
    with tempfile.TemporaryDirectory() as tmp:
        proc = start_demo_service(port, Path(tmp) / "service.log", cpu=0)
        try:
            url = f"http://127.0.0.1:{port}"
            rates = []
            for _ in range(ROUNDS):
                counts = [0] * CLIENTS
                stop = time.monotonic() + ROUND_S
                started = time.monotonic()
                threads = [
                    threading.Thread(target=_hammer, args=(url, questions, stop, counts, i))
                    for i in range(CLIENTS)
                ]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                rates.append(sum(counts) / (time.monotonic() - started))
            print("service rounds (requests/s):", ", ".join(f"{r:.0f}" for r in rates))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    return median(rates)


def scenario_speedup() -> float:
    embedder = WordLlamaEmbedder()
    speedups = []
    for _ in range(SCENARIO_RUNS):
        result = run_demo(embedder=embedder)
        run = result.run
        speedups.append(run.speedup)
        print(
            f"default scenario: {run.requests:,} requests, {run.simulated_s / 3600:.1f} h "
            f"simulated in {run.wall_s:.1f} s ({run.speedup:.0f}x)"
        )
    return median(speedups)


def main() -> None:
    figures = quality()
    figures["service_rps"] = service_rps()
    figures["scenario_speedup"] = scenario_speedup()
    for name in ("golden_accuracy_good", "unsupported_rate_regressed", "refusal_rate_overcautious"):
        figure(name, round(figures[name], 4), "fraction")
    figure("service_rps", round(figures["service_rps"], 1), "requests/s")
    figure("scenario_speedup", round(figures["scenario_speedup"], 1), "simulated_s/wall_s")


if __name__ == "__main__":
    main()
