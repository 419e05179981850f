"""The drift report: which input features moved between a reference and a current window.

:func:`compare_windows` works on rows (or interactions) already in hand;
:func:`drift_report` reads both windows of one service from the event lake
first. Both return a :class:`DriftReport`: one :class:`FeatureDrift` per
feature, the most drifted first, an overall verdict, and example queries of
the current window that look least like the reference.

Verdict rules (:class:`DriftThresholds`; see docs/drift.md for why):

* numeric feature: PSI on the reference's 10 quantile bins > 0.2 **and** the
  chi-square test on the same bins significant → drifted; significant with
  0.1 < PSI ≤ 0.2 → moderate;
* categorical feature: chi-square significant **and** Cramér's V ≥ 0.1 →
  drifted; significant with PSI > 0.1 → moderate;
* "significant" is p < 0.01 / m, with m the numeric and categorical features
  that can differ at all (Bonferroni), so that the report as a whole raises a
  false alarm on about 1 % of calm windows, not 1 % per feature;
* input embeddings: domain-classifier AUC > 0.65 **and** MMD permutation
  p < 0.01 → drifted; MMD p < 0.01 alone → moderate; the centroid cosine
  distance is reported, not judged;
* either window with fewer than 50 interactions → "not enough data", for the
  report and for any feature with fewer than 50 values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

import numpy as np

from aisre.store import EventLake

from ._drift_embedding import centroid_cosine_distance, domain_classifier, mmd_test
from ._drift_features import (
    CATEGORICAL_FEATURES,
    NUMERIC_FEATURES,
    categorical_values,
    numeric_values,
    query_texts,
    rows_of,
)
from ._drift_model import (
    EMBEDDING_FEATURE,
    DriftReport,
    DriftThresholds,
    ExampleQuery,
    FeatureDrift,
    Severity,
    Verdict,
)
from ._drift_stats import (
    bin_counts,
    category_counts,
    chi_square_test,
    psi_evidently,
    psi_from_counts,
    quantile_edges,
)
from ._drift_window import MAX_ROWS, Window, read_window
from ._embeddings_wordllama import Embedder

__all__ = ["compare_windows", "drift_report"]


def _not_enough(
    feature: str,
    kind: Literal["numeric", "categorical", "embedding"],
    method: str,
    n_ref: int,
    n_cur: int,
    threshold: str,
) -> FeatureDrift:
    return FeatureDrift(
        feature, kind, method, None, None, threshold, None, "not enough data", 0.0, n_ref, n_cur
    )


def _numeric(
    feature: str,
    ref: Sequence[float],
    cur: Sequence[float],
    t: DriftThresholds,
    binning: Literal["quantile", "evidently"],
    level: tuple[float, str],
) -> FeatureDrift:
    alpha, alpha_text = level
    rule = f"PSI > {t.psi:g} and chi-square p < {alpha_text}"
    if len(ref) < t.min_samples or len(cur) < t.min_samples:
        return _not_enough(feature, "numeric", "psi", len(ref), len(cur), rule)
    edges = quantile_edges(ref, t.bins)
    ref_counts, cur_counts = bin_counts(ref, edges), bin_counts(cur, edges)
    psi = psi_from_counts(ref_counts, cur_counts)
    if binning == "evidently":
        psi = psi_evidently(ref, cur, "numeric")
    test = chi_square_test(ref_counts, cur_counts)
    significant = test.p_value < alpha
    drifted = significant and psi > t.psi
    severity: Severity = (
        "drifted" if drifted else "moderate" if significant and psi > t.psi_moderate else "none"
    )
    return FeatureDrift(
        feature=feature,
        kind="numeric",
        method="psi",
        statistic=psi,
        p_value=test.p_value,
        threshold=rule,
        drifted=drifted,
        severity=severity,
        score=psi / t.psi,
        n_reference=len(ref),
        n_current=len(cur),
        details={
            "binning": binning,
            "bins": len(edges) + 1,
            "chi2": test.statistic,
            "dof": test.dof,
            "reference_median": float(np.median(ref)),
            "current_median": float(np.median(cur)),
            "reference_mean": float(np.mean(ref)),
            "current_mean": float(np.mean(cur)),
        },
    )


def _categorical(
    feature: str,
    ref: Sequence[str],
    cur: Sequence[str],
    t: DriftThresholds,
    binning: Literal["quantile", "evidently"],
    level: tuple[float, str],
) -> FeatureDrift | None:
    alpha, alpha_text = level
    rule = f"chi-square p < {alpha_text} and Cramér's V ≥ {t.cramers_v:g}"
    if len(ref) < t.min_samples or len(cur) < t.min_samples:
        return _not_enough(feature, "categorical", "chi2", len(ref), len(cur), rule)
    keys, ref_counts, cur_counts = category_counts(ref, cur)
    if keys == ["(none)"]:
        return None  # nothing records this attribute: not a feature of this service
    psi = psi_from_counts(ref_counts, cur_counts)
    if binning == "evidently":
        psi = psi_evidently(list(ref), list(cur), "categorical")
    test = chi_square_test(ref_counts, cur_counts)
    significant = test.p_value < alpha
    drifted = significant and test.cramers_v >= t.cramers_v
    severity: Severity = (
        "drifted" if drifted else "moderate" if significant and psi > t.psi_moderate else "none"
    )
    ref_share = ref_counts / ref_counts.sum()
    cur_share = cur_counts / cur_counts.sum()
    order = np.argsort(-np.abs(cur_share - ref_share), kind="stable")
    shares = [
        {
            "value": str(keys[i]),
            "reference": float(ref_share[i]),
            "current": float(cur_share[i]),
        }
        for i in order[:8]
    ]
    return FeatureDrift(
        feature=feature,
        kind="categorical",
        method="chi2",
        statistic=test.statistic,
        p_value=test.p_value,
        threshold=rule,
        drifted=drifted,
        severity=severity,
        score=max(test.cramers_v / t.cramers_v, psi / t.psi),
        n_reference=len(ref),
        n_current=len(cur),
        details={
            "psi": psi,
            "cramers_v": test.cramers_v,
            "dof": test.dof,
            "categories": len(keys),
            "shares": shares,
        },
    )


def _sample(n: int, limit: int, rng: np.random.Generator) -> list[int]:
    if n <= limit:
        return list(range(n))
    return sorted(rng.choice(n, size=limit, replace=False).tolist())


def _embedding(
    ref_rows: Sequence[Mapping[str, Any]],
    cur_rows: Sequence[Mapping[str, Any]],
    embedder: Embedder,
    t: DriftThresholds,
    *,
    max_rows: int,
    permutations: int,
    seed: int,
    examples: int,
) -> tuple[FeatureDrift, list[ExampleQuery]]:
    rule = f"domain AUC > {t.domain_auc:g} and MMD p < {t.p_value:g}"
    ref_texts, cur_texts = query_texts(ref_rows), query_texts(cur_rows)
    if len(ref_texts) < t.min_samples or len(cur_texts) < t.min_samples:
        return (
            _not_enough(
                EMBEDDING_FEATURE, "embedding", "domain_auc", len(ref_texts), len(cur_texts), rule
            ),
            [],
        )
    rng = np.random.default_rng(seed)
    ref_pick = [ref_texts[i] for i in _sample(len(ref_texts), max_rows, rng)]
    cur_pick = [cur_texts[i] for i in _sample(len(cur_texts), max_rows, rng)]
    vectors = embedder.embed([text for _, text in ref_pick] + [text for _, text in cur_pick])
    ref_vec = np.asarray(vectors[: len(ref_pick)], dtype=np.float64)
    cur_vec = np.asarray(vectors[len(ref_pick) :], dtype=np.float64)
    classifier = domain_classifier(ref_vec, cur_vec, seed=seed)
    mmd = mmd_test(ref_vec, cur_vec, permutations=permutations, seed=seed)
    centroid = centroid_cosine_distance(ref_vec, cur_vec)
    significant = mmd.p_value < t.p_value
    drifted = significant and classifier.auc > t.domain_auc
    severity: Severity = "drifted" if drifted else "moderate" if significant else "none"
    feature = FeatureDrift(
        feature=EMBEDDING_FEATURE,
        kind="embedding",
        method="domain_auc",
        statistic=classifier.auc,
        p_value=mmd.p_value,
        threshold=rule,
        drifted=drifted,
        severity=severity,
        score=max(0.0, classifier.auc - 0.5) / (t.domain_auc - 0.5),
        n_reference=len(ref_pick),
        n_current=len(cur_pick),
        details={
            "mmd2": mmd.mmd2,
            "mmd_p_value": mmd.p_value,
            "mmd_bandwidth": mmd.bandwidth,
            "permutations": mmd.permutations,
            "centroid_cosine_distance": centroid,
            "folds": classifier.folds,
            "embedded_reference": len(ref_pick),
            "embedded_current": len(cur_pick),
        },
    )
    # The current queries the classifier is surest are "current", one per text.
    centre = ref_vec.mean(axis=0)
    centre /= max(float(np.linalg.norm(centre)), 1e-12)
    cur_scores = classifier.scores[len(ref_pick) :]
    found: list[ExampleQuery] = []
    seen: set[str] = set()
    for i in np.argsort(-cur_scores, kind="stable"):
        index, text = cur_pick[int(i)]
        key = " ".join(text.lower().split())
        if key in seen:
            continue
        seen.add(key)
        row = cur_rows[index]
        found.append(
            ExampleQuery(
                id=None if row.get("id") is None else str(row["id"]),
                input=text,
                domain_score=float(cur_scores[i]),
                centroid_distance=float(1.0 - cur_vec[i] @ centre),
                language=row.get("language"),
                query_type=row.get("query_type"),
            )
        )
        if len(found) >= examples:
            break
    return feature, found


def _tabular(
    ref_rows: Sequence[Mapping[str, Any]],
    cur_rows: Sequence[Mapping[str, Any]],
    t: DriftThresholds,
    binning: Literal["quantile", "evidently"],
    level: tuple[float, str],
) -> list[FeatureDrift]:
    """The numeric and categorical features, their tests at the significance ``level``."""
    features = [
        _numeric(
            name,
            numeric_values(ref_rows, name),
            numeric_values(cur_rows, name),
            t,
            binning,
            level,
        )
        for name in NUMERIC_FEATURES
    ]
    for name in CATEGORICAL_FEATURES:
        result = _categorical(
            name,
            categorical_values(ref_rows, name),
            categorical_values(cur_rows, name),
            t,
            binning,
            level,
        )
        if result is not None:
            features.append(result)
    return features


_ORDER = {"drifted": 0, "moderate": 1, "none": 2, "not enough data": 3}


def compare_windows(
    reference: Iterable[Any],
    current: Iterable[Any],
    embedder: Embedder | None = None,
    *,
    thresholds: DriftThresholds | None = None,
    binning: Literal["quantile", "evidently"] = "quantile",
    max_embedded: int = 1000,
    permutations: int = 200,
    examples: int = 5,
    seed: int = 0,
    n_reference: int | None = None,
    n_current: int | None = None,
    service: str | None = None,
    windows: tuple[Window, Window] | None = None,
) -> DriftReport:
    """The drift between two windows of interactions (or flat rows).

    Args:
        reference: The reference window's interactions, or rows as the lake returns them.
        current: The current window's.
        embedder: Embeds the queries; without one the embedding tests are left out.
        thresholds: When a feature counts as drifted.
        binning: ``quantile`` (the reference's quantile bins, the default) or
            ``evidently`` (the PSI exactly as Evidently computes it; the
            chi-square tests keep the quantile bins).
        max_embedded: Queries embedded per window at most (a seeded sample).
        permutations: Relabellings for the MMD p-value.
        examples: How many example queries to return.
        seed: Seeds the samples, the folds and the permutations.
        n_reference: Interactions in the reference window, when ``reference`` is a sample.
        n_current: The same for the current window.
        service: Recorded in the report.
        windows: The time ranges, recorded in the report.
    """
    t = thresholds or DriftThresholds()
    ref_rows, cur_rows = rows_of(reference), rows_of(current)
    n_ref = len(ref_rows) if n_reference is None else n_reference
    n_cur = len(cur_rows) if n_current is None else n_current
    ref_window, cur_window = windows if windows is not None else (None, None)
    sampled = {}
    if n_ref > len(ref_rows):
        sampled["reference"] = len(ref_rows)
    if n_cur > len(cur_rows):
        sampled["current"] = len(cur_rows)
    if min(len(ref_rows), len(cur_rows)) < t.min_samples:
        return DriftReport(
            service=service,
            reference=ref_window,
            current=cur_window,
            n_reference=n_ref,
            n_current=n_cur,
            verdict="not enough data",
            summary=(
                f"not enough data: {len(ref_rows)} reference and {len(cur_rows)} current "
                f"interactions; each window needs at least {t.min_samples}"
            ),
            features=[],
            examples=[],
            thresholds=t,
            sampled=sampled,
        )
    features = _tabular(ref_rows, cur_rows, t, binning, (t.p_value, f"{t.p_value:g}"))
    # Bonferroni: the tests of the features that can differ share the level p_value, so
    # that a calm window raises a false alarm with probability about p_value, not
    # p_value times the number of features.
    tests = sum(1 for f in features if f.statistic is not None and f.details.get("dof", 0) > 0)
    if tests > 1:
        alpha = t.p_value / tests
        features = _tabular(
            ref_rows, cur_rows, t, binning, (alpha, f"{alpha:.3g} ({t.p_value:g} / {tests})")
        )
    found: list[ExampleQuery] = []
    if embedder is not None:
        embedded, found = _embedding(
            ref_rows,
            cur_rows,
            embedder,
            t,
            max_rows=max_embedded,
            permutations=permutations,
            seed=seed,
            examples=examples,
        )
        features.append(embedded)
    features.sort(key=lambda f: (_ORDER[f.severity], -f.score, f.feature))
    drifted = [f.feature for f in features if f.drifted]
    moderate = [f.feature for f in features if f.severity == "moderate"]
    if drifted:
        verdict: Verdict = "drift"
        summary = f"drift in {', '.join(drifted)}"
    else:
        verdict = "no drift"
        summary = "no feature drifted"
    if moderate:
        summary += f"; moderate shift in {', '.join(moderate)}"
    return DriftReport(
        service=service,
        reference=ref_window,
        current=cur_window,
        n_reference=n_ref,
        n_current=n_cur,
        verdict=verdict,
        summary=summary,
        features=features,
        examples=found,
        thresholds=t,
        sampled=sampled,
    )


def drift_report(
    lake: EventLake,
    service: str,
    reference: tuple[datetime, datetime],
    current: tuple[datetime, datetime],
    embedder: Embedder | None,
    *,
    thresholds: DriftThresholds | None = None,
    max_rows: int = MAX_ROWS,
    max_embedded: int = 1000,
    permutations: int = 200,
    examples: int = 5,
    seed: int = 0,
) -> DriftReport:
    """The drift of ``service``'s interactions from the ``reference`` to the ``current`` window.

    Reads both windows from the lake (at most ``max_rows`` each, a
    deterministic sample of larger ones) and compares them with
    :func:`compare_windows`. Windows are half-open ``[start, end)`` ranges of
    timezone-aware times; see :func:`~._drift_window.resolve_windows` for the
    defaults.
    """
    ref_window, cur_window = Window(*reference), Window(*current)
    ref = read_window(lake, service, ref_window, max_rows=max_rows)
    cur = read_window(lake, service, cur_window, max_rows=max_rows)
    return compare_windows(
        ref.rows,
        cur.rows,
        embedder,
        thresholds=thresholds,
        max_embedded=max_embedded,
        permutations=permutations,
        examples=examples,
        seed=seed,
        n_reference=ref.total,
        n_current=cur.total,
        service=service,
        windows=(ref_window, cur_window),
    )
