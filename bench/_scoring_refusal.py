"""Measure the refusal scorer on labelled sets it never saw, and its cost per answer.

Run from the repository root: ``.venv/bin/python bench/_scoring_refusal.py``.

The labelled sets under ``bench/data`` hold responses labelled ``refusal``, ``partial``
or ``answer`` (with the ``kind`` of refusal or answer) following the conventions in
docs/scoring-refusal.md. ``refusal_labelled.jsonl`` was written with the rules;
``refusal_holdout*.jsonl`` were each written apart, by someone who saw neither the
scorer nor the other sets, over products of their own.

The scorer is rules plus a learned model (``tools/train_refusal_model.py``) trained on
every set but ``HELD_OUT``. The figures that say how it does on data it has never seen:

* ``refusal_f1``: F1 on ``HELD_OUT``, which neither the rules nor the model ever saw;
* ``refusal_f1_leave_one_out``: the mean over the training sets of the F1 on each when
  the model is retrained without it (needs scikit-learn; the rules saw these sets, so
  this figure is kinder than the first);
* ``refusal_f1_rules_only``: F1 on ``HELD_OUT`` of the rules alone (``model: false``).

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
from aisre.scoring._refusal_model import MODEL_PATH
from aisre.scoring._scorer import ScorerContext

DATA = Path(__file__).resolve().parent / "data"
SET = DATA / "refusal_labelled.jsonl"
_MODEL = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
#: The sets the shipped model was trained on (and the rules were developed on).
TRAINING = tuple(_MODEL["trained_on"])
#: Written blind after the scorer was finished: never used to develop or train it.
HELD_OUT = _MODEL["held_out"][0]
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


def load_named(name: str) -> list[dict[str, Any]]:
    """The rows of ``bench/data/refusal_<name>.jsonl``."""
    path = DATA / f"refusal_{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def leave_one_out(show: bool = True) -> dict[str, float]:
    """F1 of the scorer on each training set with the model retrained without that set."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    from train_refusal_model import train  # type: ignore[import-not-found]

    from aisre.scoring._refusal_model import RefusalModel, default_model

    shipped = default_model()
    scores: dict[str, float] = {}
    for held in TRAINING:
        vec, model, _ = train(tuple(n for n in TRAINING if n != held))
        weights = {
            str(term): (float(idf), float(coef))
            for term, idf, coef in zip(
                vec.get_feature_names_out(), vec.idf_, model.coef_[0], strict=True
            )
        }
        scorer = RefusalScorer(ScorerContext())
        scorer.detector.model = RefusalModel(
            weights, float(model.intercept_[0]), shipped.threshold, shipped.override
        )
        rows = load_named(held)
        scores[held] = f1([(r["label"], predict(scorer, r)[0]) for r in rows])
        if show:
            print(f"  without {held} ({len(rows)} responses): F1 {scores[held]:.3f}")
    return scores


def refusal_f1(show: int = 40) -> dict[str, float]:
    """The refusal scorer's figures: F1 on the held-out set, leave-one-out, µs per answer."""
    scorer = RefusalScorer(ScorerContext())
    rules = RefusalScorer(ScorerContext(), model=False)
    rows = load_named(HELD_OUT)
    print(f"{HELD_OUT}: {len(rows)} responses, {dict(Counter(r['label'] for r in rows))}")
    results = [(r, *predict(scorer, r)) for r in rows]
    pairs = [(r["label"], p) for r, p, _ in results]
    confusion(pairs, f"{HELD_OUT}, rules and model (never seen by either)")
    rule_pairs = [(r["label"], predict(rules, r)[0]) for r in rows]
    confusion(rule_pairs, f"{HELD_OUT}, rules alone")
    full = [(t, p) for t, p in pairs if t != "answer" and p != "answer"]
    print(
        f"\npartial vs refusal among refused responses found: "
        f"{sum(t == p for t, p in full)}/{len(full)} labelled alike"
    )
    wrong = [(r, p, why) for r, p, why in results if (r["label"] == "answer") != (p == "answer")]
    print(f"misclassified (refused or not): {len(wrong)}")
    for r, p, why in wrong[:show]:
        print(f"  {r['label']}/{r.get('kind')} → {p}: {r['text'][:110]!r}  ({why})")
    print("\nfitted (the model was trained on these, the rules developed on them):")
    for name in TRAINING:
        fitted = [(r["label"], predict(scorer, r)[0]) for r in load_named(name)]
        print(f"  {name}: F1 {f1(fitted):.3f}")
    print("\nleave one set out (model retrained without it):")
    loo = leave_one_out()
    whole, answers_only = us_per_answer(scorer, load_set())
    print(
        f"\n{whole:.2f} µs of CPU per response over the labelled set, "
        f"{answers_only:.2f} µs per ordinary answer"
    )
    return {
        "refusal_f1": f1(pairs),
        "refusal_f1_leave_one_out": sum(loo.values()) / len(loo),
        "refusal_f1_rules_only": f1(rule_pairs),
        "refusal_us_per_answer": whole,
    }


def main() -> None:
    figures = refusal_f1()
    for name, value in figures.items():
        figure(name, round(value, 4), "us" if name.endswith("_us_per_answer") else "f1")


if __name__ == "__main__":
    main()
