"""Measure the reference RAG engine's versions against the golden set.

Run from the repository root: ``.venv/bin/python bench/reference_quality.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import figure
from aisre.demo.service import measure

RUNS = (
    ("v1", "fresh"),
    ("v2-regressed", "fresh"),
    ("v1-cautious", "fresh"),
    ("v1", "stale"),
    ("v1", "corrupted"),
)


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


if __name__ == "__main__":
    main()
