"""Measure the reference RAG engine's versions against the golden set.

Run from the repository root: ``.venv/bin/python bench/reference_quality.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import figure
from aisre.demo.service import (
    Answerer,
    VectorIndex,
    WordLlamaEmbedder,
    is_correct,
    load_golden,
    measure,
)

RUNS = (
    ("v1", "fresh"),
    ("v2-regressed", "fresh"),
    ("v1-cautious", "fresh"),
    ("v1", "stale"),
    ("v1", "corrupted"),
)


def split_accuracy() -> tuple[float, float, float]:
    """Good-version accuracy on the golden questions of even and of odd line
    numbers (the engine's weights were tuned on the even ones; the odd ones
    show whether that overfits), and milliseconds per answer."""
    answerer = Answerer(VectorIndex.build(WordLlamaEmbedder(), "fresh"))
    right = {0: 0, 1: 0}
    count = {0: 0, 1: 0}
    cases = [(line, g) for line, g in enumerate(load_golden(), start=1) if g.answerable]
    start = time.perf_counter()
    for line, g in cases:
        count[line % 2] += 1
        right[line % 2] += is_correct(answerer.answer(g.question), g)
    ms = (time.perf_counter() - start) * 1000 / len(cases)
    return right[0] / count[0], right[1] / count[1], ms


def main() -> None:
    results = {}
    print(
        f"{'model':<14}{'index':<11}{'accuracy':>9}{'unsupp.':>9}{'refusal':>9}"
        f"{'decline':>9}{'recall':>9}{'secs':>7}"
    )
    for model, index in RUNS:
        start = time.perf_counter()
        r = measure(model, index)
        results[(model, index)] = r
        print(
            f"{model:<14}{index:<11}{r['accuracy']:>9.3f}{r['unsupported_rate']:>9.3f}"
            f"{r['refusal_rate']:>9.3f}{r['decline_rate']:>9.3f}{r['retrieval_recall']:>9.3f}"
            f"{time.perf_counter() - start:>7.2f}"
        )
    figure("golden_accuracy_good", results[("v1", "fresh")]["accuracy"], "fraction")
    figure(
        "unsupported_rate_regressed",
        results[("v2-regressed", "fresh")]["unsupported_rate"],
        "fraction",
    )
    figure(
        "refusal_rate_overcautious", results[("v1-cautious", "fresh")]["refusal_rate"], "fraction"
    )
    figure("decline_rate_good", results[("v1", "fresh")]["decline_rate"], "fraction")
    even, odd, ms = split_accuracy()
    figure("golden_accuracy_good_even_lines", even, "fraction")
    figure("golden_accuracy_good_odd_lines", odd, "fraction")
    figure("answer_latency_good", ms, "ms")


if __name__ == "__main__":
    main()
