"""Drift of embeddings: a domain classifier's AUC, MMD² with a permutation p-value, centroids.

Pure numpy, deterministic for a given seed.

* **Domain classifier.** An L2-regularised logistic regression (Newton's
  method on standardised features) learns to tell reference rows (label 0)
  from current rows (label 1); its AUC is measured out of fold with stratified
  k-fold cross-validation. 0.5 means the windows cannot be told apart; 1.0
  means they are disjoint. The out-of-fold probabilities also rank the current
  rows by how unlike the reference they are (the example queries of a report).
* **MMD².** The unbiased estimate of the squared maximum mean discrepancy with
  an RBF kernel ``k(x, y) = exp(-‖x - y‖² / (2 sigma²))``, ``sigma`` the median
  pairwise distance of the pooled rows (the median heuristic); the p-value is
  ``(1 + #{permutations with MMD² ≥ observed}) / (1 + permutations)`` over
  random relabellings of the pooled rows.
* **Centroid cosine distance.** ``1 - cos(mean(reference), mean(current))``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "DomainClassifier",
    "Mmd",
    "auc_score",
    "centroid_cosine_distance",
    "domain_classifier",
    "mmd_test",
]

Floats = npt.NDArray[np.float64]


def auc_score(labels: npt.ArrayLike, scores: npt.ArrayLike) -> float:
    """The ROC AUC of ``scores`` for binary ``labels`` (Mann-Whitney U, ties counted half)."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    positives, negatives = int(y.sum()), int((~y).sum())
    if positives == 0 or negatives == 0:
        raise ValueError("the AUC needs both labels")
    order = np.argsort(s, kind="mergesort")
    sorted_scores = s[order]
    ranks = np.empty(len(s), dtype=np.float64)
    # Average ranks (1-based) over runs of tied scores.
    starts = np.flatnonzero(np.r_[True, sorted_scores[1:] != sorted_scores[:-1]])
    ends = np.r_[starts[1:], len(s)]
    for start, end in zip(starts, ends, strict=True):
        ranks[order[start:end]] = (start + end + 1) / 2.0
    u = ranks[y].sum() - positives * (positives + 1) / 2.0
    return float(u / (positives * negatives))


def _fit_logistic(x: Floats, y: Floats, l2: float, iterations: int = 25) -> Floats:
    """Weights (intercept last) of an L2-regularised logistic regression, by Newton's method."""
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0  # the intercept is not shrunk
    for _ in range(iterations):
        z = design @ w
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        gradient = design.T @ (p - y) + penalty * w
        weight = p * (1.0 - p)
        hessian = (design.T * weight) @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.max(np.abs(step))) < 1e-6:
            break
    return w


@dataclass(frozen=True)
class DomainClassifier:
    """The out-of-fold result of the reference-versus-current classifier.

    Attributes:
        auc: Out-of-fold ROC AUC (0.5: no drift).
        scores: Out-of-fold probability of "current" for every row, in input order.
        folds: The number of folds.
    """

    auc: float
    scores: Floats
    folds: int


def domain_classifier(
    reference: npt.ArrayLike,
    current: npt.ArrayLike,
    *,
    folds: int = 5,
    l2: float = 10.0,
    seed: int = 0,
) -> DomainClassifier:
    """Cross-validated AUC of a logistic regression telling the two windows apart.

    Args:
        reference: Rows of the reference window (one embedding per row).
        current: Rows of the current window.
        folds: Stratified folds; each row is scored by the model not trained on it.
        l2: The ridge penalty on the standardised features (not on the intercept).
        seed: Seeds the assignment of rows to folds.
    """
    ref = np.asarray(reference, dtype=np.float64)
    cur = np.asarray(current, dtype=np.float64)
    x = np.vstack([ref, cur])
    y = np.r_[np.zeros(len(ref)), np.ones(len(cur))]
    folds = max(2, min(folds, len(ref), len(cur)))
    rng = np.random.default_rng(seed)
    fold_of = np.empty(len(y), dtype=np.int64)
    for label in (0.0, 1.0):
        index = np.flatnonzero(y == label)
        fold_of[rng.permutation(index)] = np.arange(len(index)) % folds
    scores = np.empty(len(y), dtype=np.float64)
    for fold in range(folds):
        test = fold_of == fold
        train = ~test
        mean = x[train].mean(axis=0)
        scale = x[train].std(axis=0)
        scale[scale == 0] = 1.0
        w = _fit_logistic((x[train] - mean) / scale, y[train], l2)
        z = ((x[test] - mean) / scale) @ w[:-1] + w[-1]
        scores[test] = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
    return DomainClassifier(auc=auc_score(y, scores), scores=scores, folds=folds)


@dataclass(frozen=True)
class Mmd:
    """MMD² between two windows and its permutation p-value.

    Attributes:
        mmd2: The unbiased estimate of MMD² (can be slightly negative under no drift).
        p_value: ``(1 + #{permuted ≥ observed}) / (1 + permutations)``.
        bandwidth: sigma of the RBF kernel (the median pairwise distance).
        permutations: How many relabellings were drawn.
    """

    mmd2: float
    p_value: float
    bandwidth: float
    permutations: int


def mmd_test(
    reference: npt.ArrayLike,
    current: npt.ArrayLike,
    *,
    permutations: int = 200,
    seed: int = 0,
) -> Mmd:
    """MMD² with an RBF kernel (median heuristic) and a permutation p-value.

    The kernel matrix of the pooled rows is computed once; each permutation's
    statistic is then a few matrix-vector products, all permutations in one
    matrix product. Subsample large windows before calling (the cost is
    quadratic in the rows).
    """
    ref = np.asarray(reference, dtype=np.float64)
    cur = np.asarray(current, dtype=np.float64)
    m, n = len(ref), len(cur)
    if m < 2 or n < 2:
        raise ValueError("MMD needs at least two rows in each window")
    z = np.vstack([ref, cur])
    squares = np.einsum("ij,ij->i", z, z)
    distances = np.maximum(squares[:, None] + squares[None, :] - 2.0 * (z @ z.T), 0.0)
    upper = distances[np.triu_indices(len(z), k=1)]
    median = float(np.median(upper))
    if median <= 0:
        positive = upper[upper > 0]
        median = float(np.median(positive)) if positive.size else 1.0
    kernel = np.exp(-distances / (2.0 * median))
    np.fill_diagonal(kernel, 0.0)
    total = m + n
    row_sums = kernel.sum(axis=1)

    def statistic(in_ref: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        # in_ref: (total, k) indicators of the reference rows, one column per labelling.
        k_ref = kernel @ in_ref
        xx = np.einsum("ij,ij->j", in_ref, k_ref)
        xy = np.einsum("ij,ij->j", 1.0 - in_ref, k_ref)
        yy = (1.0 - in_ref).T @ row_sums - xy
        result: npt.NDArray[np.float64] = (
            xx / (m * (m - 1)) + yy / (n * (n - 1)) - 2.0 * xy / (m * n)
        )
        return result

    observed_labels = np.zeros((total, 1))
    observed_labels[:m, 0] = 1.0
    observed = float(statistic(observed_labels)[0])
    rng = np.random.default_rng(seed)
    labels = np.zeros((total, permutations))
    for j in range(permutations):
        labels[rng.permutation(total)[:m], j] = 1.0
    permuted = statistic(labels) if permutations else np.zeros(0)
    exceed = int(np.sum(permuted >= observed - 1e-12))
    return Mmd(
        mmd2=observed,
        p_value=(1 + exceed) / (1 + permutations),
        bandwidth=float(np.sqrt(median)),
        permutations=permutations,
    )


def centroid_cosine_distance(reference: npt.ArrayLike, current: npt.ArrayLike) -> float:
    """``1 - cos`` of the windows' mean vectors (0: same direction)."""
    a = np.asarray(reference, dtype=np.float64).mean(axis=0)
    b = np.asarray(current, dtype=np.float64).mean(axis=0)
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    if norm == 0:
        return 0.0
    return float(1.0 - np.dot(a, b) / norm)
