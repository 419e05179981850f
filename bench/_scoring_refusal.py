"""Measure the refusal scorer on the labelled set, and its cost per answer.

Run from the repository root: ``.venv/bin/python bench/_scoring_refusal.py``.

The set, ``bench/data/refusal_labelled.jsonl``, holds responses labelled
``refusal``, ``partial`` or ``answer`` (with the ``kind`` of refusal or answer
and the ``source``: written by hand, or a real output of the reference
service labelled by reading it). It is split into dev and test halves by a
hash of the response; the scorer's phrases were tuned on dev only.

F1 counts ``refusal`` and ``partial`` both as positive (refused); how partial
refusals and full refusals are told apart is shown separately.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import figure
from aisre.core import Interaction
from aisre.scoring._refusal import RefusalScorer
from aisre.scoring._scorer import ScorerContext

SET = Path(__file__).resolve().parent / "data" / "refusal_labelled.jsonl"
#: Written apart by people who saw neither the scorer nor the set above. The first was
#: later used to develop the scorer (so its figure flatters it); the others never were.
#: The third deliberately words its refusals in unusual ways.
HOLDOUTS = {
    name: Path(__file__).resolve().parent / "data" / f"refusal_{name}.jsonl"
    for name in ("holdout", "holdout2", "holdout3")
}
LABELS = ("refusal", "partial", "answer")


def load_set(path: Path = SET) -> list[dict[str, Any]]:
    """The labelled responses, each with its ``split`` (``dev`` or ``test``) added."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            row["split"] = split_of(row)
            rows.append(row)
    return rows


def split_of(row: dict[str, Any]) -> str:
    """``dev`` or ``test``, by a hash of the response (text, finish reason, refusal field)."""
    key = "\x1f".join((row["text"], row.get("finish_reason") or "", row.get("refusal_field") or ""))
    return "dev" if hashlib.sha256(key.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def interaction(row: dict[str, Any]) -> Interaction:
    """The interaction a gateway would record for a labelled response."""
    refusal = row.get("refusal_field")
    return Interaction(
        service="bench",
        timestamp=datetime(2026, 1, 1, tzinfo=UTC),
        latency_ms=100.0,
        id=f"r{split_of(row)}",
        input="",
        output=row["text"],
        finish_reason=row.get("finish_reason") or "stop",
        attributes={"refusal": refusal} if refusal else {},
    )


def predict(scorer: RefusalScorer, row: dict[str, Any]) -> tuple[str, str]:
    """The scorer's label for ``row`` (``answer`` when it does not apply) and its explanation."""
    verdict = scorer.score(interaction(row))
    if verdict is None:
        return "answer", "not applicable"
    return verdict.label or "answer", verdict.explanation


def f1(pairs: list[tuple[str, str]]) -> float:
    """F1 of "refused" (refusal or partial) over (truth, predicted) label pairs."""
    tp = sum(t != "answer" and p != "answer" for t, p in pairs)
    fp = sum(t == "answer" and p != "answer" for t, p in pairs)
    fn = sum(t != "answer" and p == "answer" for t, p in pairs)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def confusion(pairs: list[tuple[str, str]], title: str) -> None:
    """Print a truth-by-prediction table of the three labels, and precision and recall."""
    counts = Counter(pairs)
    print(f"\n{title} (rows: truth, columns: predicted)")
    print(f"{'':>9}" + "".join(f"{p:>9}" for p in LABELS))
    for t in LABELS:
        print(f"{t:>9}" + "".join(f"{counts[(t, p)]:>9}" for p in LABELS))
    tp = sum(t != "answer" and p != "answer" for t, p in pairs)
    predicted = sum(p != "answer" for _, p in pairs)
    actual = sum(t != "answer" for t, _ in pairs)
    print(
        f"refused: precision {tp / max(1, predicted):.3f}, recall {tp / max(1, actual):.3f}, "
        f"F1 {f1(pairs):.3f}"
    )


def us_per_answer(scorer: RefusalScorer, rows: list[dict[str, Any]]) -> tuple[float, float]:
    """Microseconds of CPU per scored interaction: over the whole set, and over its answers.

    CPU time of this process (``time.process_time``), best of five runs of three
    passes each, so that other work on a shared machine does not inflate the figure.
    """

    def timed(items: list[Interaction]) -> float:
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            for _ in range(3):
                for item in items:
                    scorer.score(item)
            best = min(best, (time.process_time() - start) / (3 * len(items)) * 1e6)
        return best

    everything = [interaction(r) for r in rows]
    answers = [interaction(r) for r in rows if r["label"] == "answer"]
    return timed(everything), timed(answers)


def refusal_f1(show: int = 40) -> dict[str, float]:
    """The refusal scorer's figures: F1 on the whole set, on dev and test, µs per answer."""
    scorer = RefusalScorer(ScorerContext())
    rows = load_set()
    results = []
    for row in rows:
        label, why = predict(scorer, row)
        results.append((row, label, why))
    pairs = {
        split: [(r["label"], p) for r, p, _ in results if split in ("all", r["split"])]
        for split in ("all", "dev", "test")
    }
    kinds = Counter((r["label"], r["kind"]) for r in rows)
    print(f"{len(rows)} labelled responses: {dict(Counter(r['label'] for r in rows))}")
    print(f"dev {len(pairs['dev'])}, test {len(pairs['test'])}")
    print("by kind: " + ", ".join(f"{k}/{lab} {n}" for (lab, k), n in sorted(kinds.items())))
    for split in ("dev", "test", "all"):
        confusion(pairs[split], f"{split} half" if split != "all" else "whole set")
    full = [(t, p) for t, p in pairs["all"] if t != "answer" and p != "answer"]
    agree = sum(t == p for t, p in full)
    print(
        f"\npartial vs refusal among refused responses found: {agree}/{len(full)} labelled "
        f"alike; partial→refusal {sum(t == 'partial' and p == 'refusal' for t, p in full)}, "
        f"refusal→partial {sum(t == 'refusal' and p == 'partial' for t, p in full)}"
    )
    wrong = [(r, p, why) for r, p, why in results if (r["label"] == "answer") != (p == "answer")]
    print(f"\nmisclassified (refused or not): {len(wrong)}")
    for r, p, why in wrong[:show]:
        print(f"  [{r['split']}] {r['label']}/{r['kind']} → {p}: {r['text'][:110]!r}  ({why})")
    mixed = [(r, p, why) for r, p, why in results if {r["label"], p} == {"refusal", "partial"}]
    if mixed:
        print(f"partial/refusal swaps: {len(mixed)}")
        for r, p, why in mixed[:show]:
            print(f"  [{r['split']}] {r['label']} → {p}: {r['text'][:110]!r}  ({why})")
    held: dict[str, list[tuple[str, str]]] = {}
    for name, path in HOLDOUTS.items():
        holdout = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        held[name] = [(r["label"], predict(scorer, r)[0]) for r in holdout]
        print(f"\n{name} ({len(holdout)} responses written apart): F1 {f1(held[name]):.3f}")
        confusion(held[name], name)
    whole, answers_only = us_per_answer(scorer, rows)
    print(
        f"\n{whole:.2f} µs of CPU per response over the whole set, "
        f"{answers_only:.2f} µs per ordinary answer"
    )
    return {
        "refusal_f1": f1(pairs["all"]),
        "refusal_f1_dev": f1(pairs["dev"]),
        "refusal_f1_test": f1(pairs["test"]),
        "refusal_f1_holdout": f1(held["holdout"]),
        "refusal_f1_holdout2": f1(held["holdout2"]),
        "refusal_f1_holdout3": f1(held["holdout3"]),
        "refusal_us_per_answer": whole,
    }


def main() -> None:
    figures = refusal_f1()
    for name, value in figures.items():
        figure(name, value, "us" if name.endswith("_us_per_answer") else "f1")


if __name__ == "__main__":
    main()
