"""Pure statistics for drift: PSI, chi-square with its p-value, Cramér's V.

No I/O and no dependency beyond numpy; every function is deterministic.

PSI (population stability index) of a reference distribution ``r`` and a
current one ``c`` over the same bins::

    PSI = Σ_i (c_i - r_i) · ln(c_i / r_i)

with ``r_i``, ``c_i`` the shares of each window in bin ``i``. Two binnings:

* ``quantile`` (aisre's default, :func:`psi_quantile`): ``bins`` bins cut at
  the reference window's empirical quantiles ``q(j / bins)``,
  ``j = 1 … bins - 1`` (numpy's ``inverted_cdf`` method: every cut point is a
  reference value below the maximum; duplicate cut points from ties are dropped, so a discrete
  feature can have fewer bins). Bin ``j`` is the interval ``(e_{j-1}, e_j]``,
  the first open to -∞ and the last to +∞, so every bin holds at least one
  reference value and a current value outside the reference range still
  lands in a bin. An empty bin's share (only ever in the current window) is
  replaced by ``EPSILON = 1e-4`` before the logarithm.
* ``evidently`` (:func:`psi_evidently`): reproduces Evidently's ``psi`` test
  (``evidently.legacy.calculations.stattests.psi``) exactly, for comparing the
  two: a numeric feature with more than 20 distinct reference values is cut
  by ``numpy.histogram_bin_edges(concat(reference, current), bins="sturges")`` (the
  ``n_bins`` argument is ignored by Evidently), anything else is binned by
  value over the union of the values seen; empty shares are replaced, per
  window, by ``min(non-zero share) / 10⁶`` when that minimum is ≤ 1e-4 and by
  1e-4 otherwise.

The chi-square test of homogeneity compares the counts of the two windows
over the same categories (or bins); its p-value is the chi-square survival
function, computed here from the regularised upper incomplete gamma function
(:func:`chi2_sf`), so scipy is not needed.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

__all__ = [
    "EPSILON",
    "ChiSquare",
    "bin_counts",
    "category_counts",
    "chi2_sf",
    "chi_square_test",
    "cramers_v",
    "psi_evidently",
    "psi_from_counts",
    "psi_quantile",
    "quantile_edges",
]

#: The share an empty bin is given before the logarithm of PSI.
EPSILON = 1e-4

Floats = npt.NDArray[np.float64]


# -- the chi-square distribution -------------------------------------------


def _gamma_series(a: float, x: float) -> float:
    """The regularised lower incomplete gamma P(a, x) by its series (x < a + 1)."""
    term = total = 1.0 / a
    ap = a
    for _ in range(10_000):
        ap += 1.0
        term *= x / ap
        total += term
        if abs(term) < abs(total) * 1e-16:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gamma_continued_fraction(a: float, x: float) -> float:
    """The regularised upper incomplete gamma Q(a, x) by Lentz's continued fraction (x ≥ a + 1)."""
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-16:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def chi2_sf(statistic: float, dof: int) -> float:
    """P(X ≥ statistic) for X chi-square distributed with ``dof`` degrees of freedom.

    ``Q(dof / 2, statistic / 2)``, the regularised upper incomplete gamma
    function (series below ``a + 1``, continued fraction above, as in
    Numerical Recipes §6.2); accurate to about 1e-14 and never below 0.
    """
    if dof <= 0:
        return 1.0
    if not math.isfinite(statistic):
        return 0.0 if statistic > 0 else 1.0
    if statistic <= 0:
        return 1.0
    a, x = dof / 2.0, statistic / 2.0
    if x < a + 1.0:
        return min(1.0, max(0.0, 1.0 - _gamma_series(a, x)))
    return min(1.0, max(0.0, _gamma_continued_fraction(a, x)))


@dataclass(frozen=True)
class ChiSquare:
    """A chi-square test of homogeneity of two windows' counts.

    Attributes:
        statistic: Pearson's χ².
        dof: Degrees of freedom, ``cells - 1`` after pooling.
        p_value: ``chi2_sf(statistic, dof)``.
        cramers_v: Effect size, ``sqrt(χ² / N)`` for two rows (0 none … 1 total).
        cells: Categories (or bins) left after pooling the sparse ones.
    """

    statistic: float
    dof: int
    p_value: float
    cramers_v: float
    cells: int


def _pool_sparse(reference: Floats, current: Floats, min_expected: float) -> tuple[Floats, Floats]:
    """Merge cells whose smaller expected count is below ``min_expected`` into one.

    The chi-square approximation needs expected counts of about 5 or more;
    rare categories are pooled (smallest first) instead of dropped, so their
    mass still counts. If the pooled cell is still too small it is merged
    with the smallest remaining cell.
    """
    n_ref, n_cur = reference.sum(), current.sum()
    total = reference + current
    smaller = min(n_ref, n_cur) / (n_ref + n_cur)
    sparse = total * smaller < min_expected
    if not sparse.any() or len(total) <= 1:
        return reference, current
    ref = list(reference[~sparse])
    cur = list(current[~sparse])
    pooled_ref, pooled_cur = float(reference[sparse].sum()), float(current[sparse].sum())
    if (pooled_ref + pooled_cur) * smaller < min_expected and ref:
        smallest = int(np.argmin(np.asarray(ref) + np.asarray(cur)))
        pooled_ref += ref.pop(smallest)
        pooled_cur += cur.pop(smallest)
    ref.append(pooled_ref)
    cur.append(pooled_cur)
    return np.asarray(ref, dtype=np.float64), np.asarray(cur, dtype=np.float64)


def chi_square_test(
    reference: Sequence[float] | Floats,
    current: Sequence[float] | Floats,
    *,
    min_expected: float = 5.0,
) -> ChiSquare:
    """Pearson's chi-square test that two windows' counts over the same cells agree.

    Args:
        reference: Counts of the reference window per cell.
        current: Counts of the current window per the same cells.
        min_expected: Cells with a smaller expected count are pooled first.
    """
    ref = np.asarray(reference, dtype=np.float64)
    cur = np.asarray(current, dtype=np.float64)
    if ref.shape != cur.shape:
        raise ValueError("reference and current need the same cells")
    keep = (ref + cur) > 0
    ref, cur = ref[keep], cur[keep]
    n_ref, n_cur = ref.sum(), cur.sum()
    if n_ref == 0 or n_cur == 0:
        return ChiSquare(0.0, 0, 1.0, 0.0, len(ref))
    ref, cur = _pool_sparse(ref, cur, min_expected)
    n = n_ref + n_cur
    total = ref + cur
    statistic = 0.0
    for observed, size in ((ref, n_ref), (cur, n_cur)):
        expected = total * size / n
        statistic += float(np.sum((observed - expected) ** 2 / expected))
    dof = len(total) - 1
    return ChiSquare(
        statistic=statistic,
        dof=dof,
        p_value=chi2_sf(statistic, dof),
        cramers_v=math.sqrt(statistic / n) if dof > 0 else 0.0,
        cells=len(total),
    )


def cramers_v(statistic: float, n: float, rows: int = 2, columns: int = 2) -> float:
    """Cramér's V, ``sqrt(χ² / (n · (min(rows, columns) - 1)))``."""
    k = min(rows, columns) - 1
    return math.sqrt(statistic / (n * k)) if n > 0 and k > 0 else 0.0


# -- PSI -----------------------------------------------------------------


def psi_from_counts(
    reference: Sequence[float] | Floats,
    current: Sequence[float] | Floats,
    *,
    epsilon: float = EPSILON,
) -> float:
    """PSI of two windows' counts over the same bins; empty shares become ``epsilon``."""
    ref = np.asarray(reference, dtype=np.float64)
    cur = np.asarray(current, dtype=np.float64)
    if ref.shape != cur.shape:
        raise ValueError("reference and current need the same bins")
    if ref.sum() == 0 or cur.sum() == 0:
        raise ValueError("PSI needs at least one value in each window")
    r = ref / ref.sum()
    c = cur / cur.sum()
    r = np.where(r == 0, epsilon, r)
    c = np.where(c == 0, epsilon, c)
    return float(np.sum((c - r) * np.log(c / r)))


def quantile_edges(reference: Sequence[float] | Floats, bins: int = 10) -> Floats:
    """The interior cut points of ``bins`` quantile bins of ``reference``, ties merged."""
    if bins < 1:
        raise ValueError("bins must be at least 1")
    values = np.asarray(reference, dtype=np.float64)
    if values.size == 0:
        raise ValueError("no reference values")
    cuts = np.unique(np.quantile(values, np.arange(1, bins) / bins, method="inverted_cdf"))
    # A cut at the maximum would leave the bin above it empty in the reference.
    kept: Floats = cuts[cuts < values.max()]
    return kept


def bin_counts(values: Sequence[float] | Floats, edges: Floats) -> Floats:
    """Counts per bin ``(e_{j-1}, e_j]`` of the interior ``edges``, open at both ends."""
    index = np.searchsorted(edges, np.asarray(values, dtype=np.float64), side="left")
    return np.bincount(index, minlength=len(edges) + 1).astype(np.float64)


def psi_quantile(
    reference: Sequence[float] | Floats,
    current: Sequence[float] | Floats,
    bins: int = 10,
    *,
    epsilon: float = EPSILON,
) -> tuple[float, Floats, Floats]:
    """PSI on the reference window's quantile bins.

    Returns:
        The PSI, and the counts per bin of the reference and the current window.
    """
    edges = quantile_edges(reference, bins)
    ref, cur = bin_counts(reference, edges), bin_counts(current, edges)
    return psi_from_counts(ref, cur, epsilon=epsilon), ref, cur


def category_counts(
    reference: Iterable[Hashable], current: Iterable[Hashable]
) -> tuple[list[Hashable], Floats, Floats]:
    """Counts per category of both windows over the union of categories, most common first."""
    ref, cur = Counter(reference), Counter(current)
    keys = sorted(set(ref) | set(cur), key=lambda k: (-(ref[k] + cur[k]), str(k)))
    return (
        keys,
        np.asarray([ref[k] for k in keys], dtype=np.float64),
        np.asarray([cur[k] for k in keys], dtype=np.float64),
    )


def _evidently_fill(shares: Floats) -> Floats:
    shares = shares.copy()
    nonzero = shares[shares != 0]
    smallest = float(nonzero.min())
    shares[shares == 0] = smallest / 10**6 if smallest <= 0.0001 else 0.0001
    return shares


def psi_evidently(
    reference: Sequence[float] | Sequence[Hashable] | npt.NDArray[np.generic],
    current: Sequence[float] | Sequence[Hashable] | npt.NDArray[np.generic],
    kind: Literal["numeric", "categorical"],
) -> float:
    """PSI binned exactly as Evidently's ``psi`` test bins it (see the module docstring).

    Missing values (None, NaN) must be removed by the caller, as Evidently does.
    """
    if kind == "numeric" and len(set(np.asarray(reference).tolist())) > 20:
        ref = np.asarray(reference, dtype=np.float64)
        cur = np.asarray(current, dtype=np.float64)
        edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        r = np.histogram(ref, edges)[0] / len(ref)
        c = np.histogram(cur, edges)[0] / len(cur)
    else:
        ref_list = np.asarray(reference).tolist()
        cur_list = np.asarray(current).tolist()
        _, ref_counts, cur_counts = category_counts(ref_list, cur_list)
        r = ref_counts / len(ref_list)
        c = cur_counts / len(cur_list)
    r, c = (
        _evidently_fill(np.asarray(r, dtype=np.float64)),
        _evidently_fill(np.asarray(c, dtype=np.float64)),
    )
    return float(np.sum((r - c) * np.log(r / c)))
