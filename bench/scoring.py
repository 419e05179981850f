"""How good scoring is, and what it costs.

Figures:
  grounding_f1_halueval   F1 (positive: hallucinated) of the default grounding scorer on
                          ../shared/bench/data/halueval_qa_500.jsonl (1,000 pairs).
  grounding_f1_rag        the same on the held-out half of bench/data/rag_grounding_labelled.jsonl
                          (long RAG answers with subtle errors, from the reference service).
  refusal_f1              F1 (positive: refusal or partial refusal) of the refusal scorer on
                          bench/data/refusal_holdout10.jsonl, 320 responses written blind after
                          the scorer was finished: neither its rules nor its model saw them.
  refusal_f1_leave_one_out  mean F1 over the ten training sets, each scored by a model
                          retrained without it (the rules were developed on them).
  refusal_f1_rules_only   refusal_f1 with the model switched off (the rules alone).
  scorers_per_s           interactions per second through all default scorers, one core (this
                          process pinned to CPU 0), on reference-service answers (4 retrieved
                          chunks) to distinct questions from the traffic model, none scored
                          twice; median of 5 rounds of 1,000. Chunks recur, as in production,
                          so their vectors come from the embedder's cache.
  scoring_lag_s           p95 seconds from queueing to a durable score while `aisre up` (CPU 0)
                          ingests 500 interactions/s for 20 s (sender on CPU 1), as its
                          /metrics report it (aisre_scoring_lag_seconds).
  separation_*_pp         percentage points between the good version (v1, fresh index) and a
                          bad one on the SLI that bad version should move: hallucination rate
                          vs v2-regressed, refusal rate vs v1-cautious, retrieval precision
                          vs the corrupted index; answers to the golden and traffic questions.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, figure, free_port, median, start_server
from aisre.core import Interaction, RetrievedChunk, ScoringConfig, SimulatedClock
from aisre.demo.service import ServiceState, WordLlamaEmbedder, load_golden, load_passages
from aisre.scoring import CachedEmbedder, ScorerContext, build_scorers, run_scorers

T0 = datetime(2026, 11, 30, tzinfo=UTC)
VERSIONS = {
    "good": {"model": "v1", "index": "fresh"},
    "regressed": {"model": "v2-regressed", "index": "fresh"},
    "cautious": {"model": "v1-cautious", "index": "fresh"},
    "corrupted": {"model": "v1", "index": "corrupted"},
}


def questions() -> list[str]:
    """The golden questions and the traffic's query bank, deduplicated."""
    import json

    bank = json.loads((ROOT / "src/aisre/demo/traffic/queries.json").read_text())
    texts = [case.question for case in load_golden() if case.answerable]

    def walk(node: Any) -> None:
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, dict):
            for key in ("text", "question", "query"):
                if isinstance(node.get(key), str):
                    texts.append(node[key])
                    return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(bank)
    seen: dict[str, None] = {}
    for text in texts:
        if 12 <= len(text) <= 300 and ("?" in text or len(text.split()) >= 4):
            seen.setdefault(text.strip(), None)
    return list(seen)[:600]


def interactions(version: str, embedder: WordLlamaEmbedder, asked: list[str]) -> list[Interaction]:
    """The reference service's answers as the gateway records them, with a 4th chunk."""
    state = ServiceState(embedder, **VERSIONS[version])
    passages = load_passages()
    rng = random.Random(7)
    made = []
    for i, question in enumerate(asked):
        answer = state.answer(question, 0.0, i)
        chunks = [RetrievedChunk(id=c.id, text=c.text, score=c.score) for c in answer.retrieved]
        if chunks:  # retrievers commonly return four; the fourth is usually the weakest
            extra = rng.choice(passages)
            chunks.append(RetrievedChunk(id=extra.id, text=extra.text, score=0.1))
        made.append(
            Interaction(
                id=f"{version}-{i:05d}",
                service="support-rag",
                timestamp=T0 + timedelta(seconds=i),
                latency_ms=800.0,
                input=question,
                output=answer.text,
                retrieval_used=bool(chunks),
                retrieval_chunks=chunks,
            )
        )
    return made


def rates(scores: list[Any]) -> dict[str, float]:
    """Hallucination rate, refusal rate and retrieval precision from a version's scores."""
    by: dict[str, list[Any]] = {}
    for score in scores:
        if score.error is None:
            by.setdefault(score.scorer, []).append(score)

    def failed(name: str) -> float:
        items = by.get(name, [])
        return sum(s.passed is False for s in items) / len(items) if items else float("nan")

    precision = [s.value for s in by.get("retrieval_relevance", []) if s.value is not None]
    return {
        "hallucination": failed("grounding"),
        "refusal": failed("refusal"),
        "precision": statistics.fmean(precision) if precision else float("nan"),
    }


def separation(embedder: WordLlamaEmbedder) -> dict[str, float]:
    asked = questions()
    context = ScorerContext(ScoringConfig(), embedder_factory=lambda: embedder)
    scorers = build_scorers(
        ScoringConfig(scorers=["grounding", "refusal", "retrieval_relevance"]), context
    )
    clock = SimulatedClock(T0)
    table = {}
    for version in VERSIONS:
        scores = []
        for item in interactions(version, embedder, asked):
            scores += run_scorers(scorers, item, clock)
        table[version] = rates(scores)
    print(f"\n{len(asked)} questions per version", flush=True)
    print(f"{'version':<11} {'halluc.':>8} {'refusal':>8} {'precision':>9}")
    for version, row in table.items():
        print(
            f"{version:<11} {row['hallucination']:8.1%} {row['refusal']:8.1%} "
            f"{row['precision']:9.3f}"
        )
    good, regressed = table["good"], table["regressed"]
    cautious, corrupted = table["cautious"], table["corrupted"]
    return {
        "separation_hallucination_pp": 100 * (regressed["hallucination"] - good["hallucination"]),
        "separation_refusal_pp": 100 * (cautious["refusal"] - good["refusal"]),
        "separation_precision_pp": 100 * (good["precision"] - corrupted["precision"]),
    }


def traffic_questions(count: int) -> list[str]:
    """Distinct questions as users send them (typos, greetings, context), from the traffic model."""
    from aisre.demo.traffic import TrafficGenerator, TrafficProfile

    seen: dict[str, None] = {}
    generator = TrafficGenerator(T0, 6 * 3600, seed=11, profile_at=TrafficProfile())
    for request in generator.requests():
        seen.setdefault(request.question, None)
        if len(seen) >= count:
            break
    return list(seen)


def scorers_per_s(embedder: WordLlamaEmbedder) -> float:
    """All default scorers, one core, a fresh set of interactions each round."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    rounds, per_round = 5, 1000
    asked = traffic_questions(rounds * per_round + 100)
    items = interactions("good", embedder, asked)
    # As aisre up makes it: the configured embedder behind its cache.
    context = ScorerContext(ScoringConfig(), embedder_factory=lambda: CachedEmbedder(embedder))
    scorers = build_scorers(ScoringConfig(), context)
    clock = SimulatedClock(T0)
    for item in items[-100:]:  # load the model; chunks recur, so their vectors are cached
        run_scorers(scorers, item, clock)
    rates = []
    for r in range(rounds):
        batch = items[r * per_round : (r + 1) * per_round]
        started = time.perf_counter()
        for item in batch:
            run_scorers(scorers, item, clock)
        rates.append(len(batch) / (time.perf_counter() - started))
    print(
        f"\nscorers ({', '.join(s.name for s in scorers)}), interactions per second "
        f"({len(set(asked))} distinct questions, none scored twice): "
        + ", ".join(f"{r:,.0f}" for r in rates),
        flush=True,
    )
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    return median(rates)


def scoring_lag_s(embedder: WordLlamaEmbedder) -> float:
    """p95 lag at 500 interactions/s into a real `aisre up`."""
    asked = questions()
    pool = interactions("good", embedder, asked) + interactions("regressed", embedder, asked)
    rate, seconds, batch = 500, 20, 25
    with tempfile.TemporaryDirectory(prefix="aisre-scoring-") as tmp:
        port, root = free_port(), Path(tmp)
        config = root / "aisre.yaml"
        config.write_text(
            f"lake: {{url: {root / 'lake'}, spool_dir: {root / 'spool'}}}\n"
            f"state: {{url: 'sqlite:///{root / 'state.db'}'}}\n"
        )
        proc = start_server(config, port, root / "aisre.log", cpu=0)
        url = f"http://127.0.0.1:{port}"
        try:
            if hasattr(os, "sched_setaffinity"):
                os.sched_setaffinity(0, {1})
            client = httpx.Client(timeout=30)
            encoder = msgspec.json.Encoder()
            started = time.perf_counter()
            sent = 0
            for tick in range(rate * seconds // batch):
                due = started + tick * batch / rate
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                items = []
                for k in range(batch):
                    base = pool[(sent + k) % len(pool)]
                    items.append(msgspec.structs.replace(base, id=f"lag-{sent + k:06d}"))
                body = encoder.encode({"interactions": items})
                response = client.post(
                    f"{url}/api/v1/interactions",
                    content=body,
                    headers={"Content-Type": "application/json"},
                )
                response.raise_for_status()
                sent += batch
            late = time.perf_counter() - started - seconds
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                text = client.get(f"{url}/metrics").text
                depth = re.search(r"^aisre_scoring_queue_depth (\S+)", text, re.M)
                if depth and float(depth.group(1)) == 0:
                    break
                time.sleep(0.2)
            text = client.get(f"{url}/metrics").text
            client.close()
        finally:
            proc.terminate()
            proc.wait(30)
            if hasattr(os, "sched_setaffinity"):
                os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    p95 = re.search(r'^aisre_scoring_lag_seconds\{quantile="0.95"\} (\S+)', text, re.M)
    scored = re.search(r"^aisre_scoring_interactions_total (\S+)", text, re.M)
    print(
        f"\nlag: sent {sent} interactions at {rate}/s ({late:+.1f} s behind schedule at the end), "
        f"scored {scored.group(1) if scored else '?'}",
        flush=True,
    )
    assert p95 is not None, "aisre up reported no scoring lag"
    return float(p95.group(1))


def main() -> None:
    figures: dict[str, float] = {}
    embedder = WordLlamaEmbedder()
    from _scoring_grounding import grounding_figures  # type: ignore[import-not-found]
    from _scoring_refusal import refusal_f1  # type: ignore[import-not-found]

    grounding = grounding_figures()
    figures["grounding_f1_halueval"] = grounding["grounding_f1_halueval"]
    figures["grounding_f1_rag"] = grounding["grounding_f1_rag"]
    refusal = refusal_f1(show=5)
    for key in ("refusal_f1", "refusal_f1_leave_one_out", "refusal_f1_rules_only"):
        figures[key] = refusal[key]
    figures.update(separation(embedder))
    figures["scorers_per_s"] = scorers_per_s(embedder)
    figures["scoring_lag_s"] = scoring_lag_s(embedder)
    print()
    figure("grounding_f1_halueval", round(figures["grounding_f1_halueval"], 4), "f1")
    figure("grounding_f1_rag", round(figures["grounding_f1_rag"], 4), "f1")
    for key in ("refusal_f1", "refusal_f1_leave_one_out", "refusal_f1_rules_only"):
        figure(key, round(figures[key], 4), "f1")
    for name in ("hallucination", "refusal", "precision"):
        key = f"separation_{name}_pp"
        figure(key, round(figures[key], 1), "percentage_points")
    figure("scorers_per_s", round(figures["scorers_per_s"], 1), "interactions/s")
    figure("scoring_lag_s", round(figures["scoring_lag_s"], 3), "s")


if __name__ == "__main__":
    main()
