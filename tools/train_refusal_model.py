"""Train the refusal model shipped as ``src/aisre/scoring/refusal_model.json``.

Run from the repository root: ``.venv/bin/python tools/train_refusal_model.py``
(needs scikit-learn, which ``make`` installs with the ``bench`` extra).

It reads the labelled sets named in ``TRAINING`` (a response counts as refused when its
label is ``refusal`` or ``partial``), fits word 1- and 2-gram TF-IDF features
(sublinear term frequency, terms seen in at least two responses) and a class-balanced
logistic regression (C = 30), and writes the n-grams with their idf and coefficient.
The sets listed in ``HELD_OUT`` are never read here: the benchmark measures the model
on them. Training is deterministic, so the same sets give the same file.

To fit a deployment's own wordings, label a few hundred of its responses (JSON Lines
with ``text`` and ``label``), train with ``--data yours.jsonl --out model.json``, and
point the scorer at the file (``scoring.options.refusal.model_path``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from aisre.scoring._refusal_grammar import normalise  # noqa: E402
from aisre.scoring._refusal_model import MODEL_PATH, TOKEN_PATTERN  # noqa: E402

DATA = ROOT / "bench" / "data"
TRAINING = (
    "labelled",
    "holdout",
    "holdout2",
    "holdout3",
    "holdout4",
    "holdout5",
    "holdout6",
    "holdout7",
    "holdout8",
    "holdout9",
)
HELD_OUT = ("holdout10",)
C = 30.0
#: The probability from which the model finds a refusal the rules did not see; over a
#: rule's own "answer" (a hedged answer, a declined action and an answer) it needs more.
THRESHOLD = 0.6
OVERRIDE = 0.8


def load(name: str) -> list[dict[str, str]]:
    """The rows that hold text of ``bench/data/refusal_<name>.jsonl``, or of the file ``name``."""
    path = Path(name) if name.endswith(".jsonl") else DATA / f"refusal_{name}.jsonl"
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("label") not in ("refusal", "partial", "answer"):
            raise SystemExit(f"{path}:{number}: label must be refusal, partial or answer")
        rows.append(row)
    return [row for row in rows if row.get("text", "").strip()]


def vectorizer() -> TfidfVectorizer:
    """The features, exactly as :class:`aisre.scoring._refusal_model.RefusalModel` computes them."""
    return TfidfVectorizer(
        preprocessor=normalise,
        token_pattern=TOKEN_PATTERN,
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
    )


def train(names: tuple[str, ...] = TRAINING) -> tuple[TfidfVectorizer, LogisticRegression, int]:
    """Fit the features and the regression on the named sets; returns them and the row count."""
    return fit([row for name in names for row in load(name)])


def fit(rows: list[dict[str, str]]) -> tuple[TfidfVectorizer, LogisticRegression, int]:
    """Fit the features and the regression on labelled rows."""
    texts = [row["text"] for row in rows]
    refused = [row["label"] != "answer" for row in rows]
    vec = vectorizer()
    features = vec.fit_transform(texts)
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    model.fit(features, refused)
    return vec, model, len(rows)


def main() -> None:
    """Train on ``TRAINING`` (and ``--data`` files) and write the model file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE.jsonl",
        help="your own labelled responses (text, label: refusal/partial/answer); repeatable",
    )
    parser.add_argument(
        "--only", action="store_true", help="train on the --data files alone, not the bundled sets"
    )
    parser.add_argument(
        "--out", type=Path, default=MODEL_PATH, help="where to write the model (default: shipped)"
    )
    args = parser.parse_args()
    names = (() if args.only else TRAINING) + tuple(args.data)
    if not names:
        parser.error("--only needs at least one --data file")
    sets = {name: load(name) for name in names}
    vec, model, n = fit([row for rows in sets.values() for row in rows])
    terms = vec.get_feature_names_out()
    features = [
        [str(term), round(float(idf), 6), round(float(coef), 6)]
        for term, idf, coef in zip(terms, vec.idf_, model.coef_[0], strict=True)
        if abs(coef) >= 1e-6
    ]
    data = {
        "format": 1,
        "ngram_range": [1, 2],
        "trained_on": {name: len(rows) for name, rows in sets.items()},
        "held_out": list(HELD_OUT),
        "c": C,
        "threshold": THRESHOLD,
        "override": OVERRIDE,
        "intercept": round(float(model.intercept_[0]), 6),
        "features": features,
    }
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"trained on {n} responses; {len(features)} n-grams written to {args.out}")


if __name__ == "__main__":
    main()
