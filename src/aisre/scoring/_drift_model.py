"""What a drift report says: thresholds, each feature's verdict, example queries, the whole."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

from ._drift_window import Window

__all__ = [
    "EMBEDDING_FEATURE",
    "DriftReport",
    "DriftThresholds",
    "ExampleQuery",
    "FeatureDrift",
    "Severity",
    "Verdict",
]

Severity = Literal["drifted", "moderate", "none", "not enough data"]
Verdict = Literal["drift", "no drift", "not enough data"]
EMBEDDING_FEATURE = "input_embedding"


@dataclass(frozen=True)
class DriftThresholds:
    """When a feature counts as drifted; the defaults are documented in docs/drift.md.

    Attributes:
        psi: PSI above which a significant shift is "drifted".
        psi_moderate: PSI above which a significant shift is "moderate".
        p_value: Significance level: of the MMD test, and shared (Bonferroni) by
            the chi-square tests of the numeric and categorical features.
        cramers_v: Smallest effect size (Cramér's V) of a drifted categorical feature.
        domain_auc: Smallest domain-classifier AUC of drifted embeddings.
        min_samples: Fewer interactions (or values) in a window: "not enough data".
        bins: Quantile bins of a numeric feature.
    """

    psi: float = 0.2
    psi_moderate: float = 0.1
    p_value: float = 0.01
    cramers_v: float = 0.1
    domain_auc: float = 0.65
    min_samples: int = 50
    bins: int = 10


@dataclass(frozen=True)
class FeatureDrift:
    """How one feature moved.

    Attributes:
        feature: Its name (``language``, ``input_tokens``, ``input_embedding``…).
        kind: ``numeric``, ``categorical`` or ``embedding``.
        method: The statistic: ``psi`` (numeric), ``chi2`` (categorical) or
            ``domain_auc`` (embeddings).
        statistic: Its value (PSI, χ², AUC); None without enough data.
        p_value: The p-value that gates the verdict (chi-square or MMD).
        threshold: The rule, in words.
        drifted: Whether the rule holds; None when it could not be judged.
        severity: ``drifted``, ``moderate``, ``none`` or ``not enough data``.
        score: Effect over its threshold (≥ 1 at the threshold); orders the report.
        n_reference: Values in the reference window.
        n_current: Values in the current window.
        details: More statistics (PSI of a category, Cramér's V, MMD², shares…).
    """

    feature: str
    kind: Literal["numeric", "categorical", "embedding"]
    method: str
    statistic: float | None
    p_value: float | None
    threshold: str
    drifted: bool | None
    severity: Severity
    score: float
    n_reference: int
    n_current: int
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExampleQuery:
    """A query of the current window unlike the reference.

    Attributes:
        id: The interaction's id.
        input: The query text.
        domain_score: The domain classifier's out-of-fold probability that it
            is from the current window.
        centroid_distance: ``1 - cos`` to the reference window's centroid.
        language: Its ``language`` attribute, if any.
        query_type: Its ``query_type`` attribute, if any.
    """

    id: str | None
    input: str
    domain_score: float
    centroid_distance: float
    language: str | None
    query_type: str | None


@dataclass(frozen=True)
class DriftReport:
    """The drift of one service between two windows.

    Attributes:
        service: The service, when read from the lake.
        reference: The reference window (None when the rows were given directly).
        current: The current window.
        n_reference: Interactions in the reference window.
        n_current: Interactions in the current window.
        verdict: ``drift``, ``no drift`` or ``not enough data``.
        summary: One sentence for a human.
        features: Per feature, drifted first, then moderate, then by score.
        examples: Current queries least like the reference, most unlike first.
        thresholds: The thresholds used.
        sampled: Rows used per window when a window was larger than the read cap.
    """

    service: str | None
    reference: Window | None
    current: Window | None
    n_reference: int
    n_current: int
    verdict: Verdict
    summary: str
    features: list[FeatureDrift]
    examples: list[ExampleQuery]
    thresholds: DriftThresholds
    sampled: dict[str, int] = field(default_factory=dict)

    @property
    def drifted_features(self) -> list[str]:
        """Names of the drifted features, most drifted first."""
        return [f.feature for f in self.features if f.drifted]

    def feature(self, name: str) -> FeatureDrift:
        """The result for one feature, by name."""
        for item in self.features:
            if item.feature == name:
                return item
        raise KeyError(name)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON: windows as RFC 3339 strings, no NaN."""

        def window(w: Window | None) -> dict[str, str] | None:
            return None if w is None else {"start": _iso(w.start), "end": _iso(w.end)}

        return {
            "service": self.service,
            "reference": window(self.reference),
            "current": window(self.current),
            "n_reference": self.n_reference,
            "n_current": self.n_current,
            "verdict": self.verdict,
            "summary": self.summary,
            "drifted_features": self.drifted_features,
            "features": [_clean(asdict(f)) for f in self.features],
            "examples": [_clean(asdict(e)) for e in self.examples],
            "thresholds": asdict(self.thresholds),
            "sampled": dict(self.sampled),
        }


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


# -- per-feature statistics -------------------------------------------------
