"""Synthetic traffic on simulated time: a RAG service whose new model version is slower.

A stand-in for real traffic until the reference service exists: it gives the
demo and the benchmarks interactions with realistic shapes (a diurnal rate,
log-normal latencies, token counts, retrieved chunks, some errors) and one
deliberate regression, a deployment of a slower, flakier model version.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from aisre.core import ChangeEvent, Interaction, RetrievedChunk

QUERY_TYPES = ("factual", "how-to", "policy", "numeric", "out-of-scope")
LANGUAGES = ("en", "en", "en", "de", "fr", "es")


@dataclass(frozen=True)
class ModelProfile:
    """How one model version behaves: its latency distribution and error rate."""

    version: str
    latency_median_ms: float
    latency_sigma: float
    error_rate: float


GOOD = ModelProfile("v1", 650.0, 0.45, 0.002)
REGRESSED = ModelProfile("v2", 1500.0, 0.55, 0.03)


@dataclass
class SyntheticTraffic:
    """Generates interactions second by second, from ``start`` for ``hours``.

    Args:
        start: Simulated start time (timezone-aware).
        hours: How long the traffic runs.
        rate_per_s: The mean request rate; it follows a diurnal curve around this.
        deploy_at_hour: When the regressed version replaces the good one.
        seed: The random seed; the same seed gives the same traffic.
        service: The service name on every interaction.
    """

    start: datetime
    hours: float = 6.0
    rate_per_s: float = 2.0
    deploy_at_hour: float = 3.0
    seed: int = 7
    service: str = "support-rag"

    def deployment(self) -> ChangeEvent:
        """The change event of the regressed deployment."""
        return ChangeEvent(
            service=self.service,
            kind="model_version",
            timestamp=self.start + timedelta(hours=self.deploy_at_hour),
            name="model",
            from_version=GOOD.version,
            to_version=REGRESSED.version,
            description="deploy model v2",
            author="demo",
        )

    def seconds(self) -> Iterator[tuple[datetime, list[Interaction]]]:
        """Each simulated second and the interactions that started in it."""
        rng = random.Random(self.seed)
        total = int(self.hours * 3600)
        deploy = int(self.deploy_at_hour * 3600)
        for second in range(total):
            now = self.start + timedelta(seconds=second)
            profile = REGRESSED if second >= deploy else GOOD
            hour_of_day = now.hour + now.minute / 60
            rate = self.rate_per_s * (1 + 0.5 * math.sin((hour_of_day - 9) / 24 * 2 * math.pi))
            count = _poisson(rng, rate)
            yield now, [self._one(rng, now, profile) for _ in range(count)]

    def _one(self, rng: random.Random, now: datetime, profile: ModelProfile) -> Interaction:
        at = now + timedelta(microseconds=rng.randrange(1_000_000))
        latency = rng.lognormvariate(math.log(profile.latency_median_ms), profile.latency_sigma)
        failed = rng.random() < profile.error_rate
        output_tokens = 0 if failed else int(rng.gauss(120, 40) // 1) + 10
        chunks = [
            RetrievedChunk(id=f"kb-{rng.randrange(400):03d}", score=round(rng.uniform(0.3, 0.9), 3))
            for _ in range(4)
        ]
        return Interaction(
            service=self.service,
            timestamp=at,
            latency_ms=round(latency, 2),
            ttft_ms=round(latency * rng.uniform(0.15, 0.3), 2),
            model="support-llm",
            model_version=profile.version,
            temperature=0.2,
            input_tokens=rng.randrange(300, 1600),
            output_tokens=max(output_tokens, 0),
            status="error" if failed else "ok",
            status_code=rng.choice((500, 503, 504)) if failed else 200,
            error_type=rng.choice(("upstream_error", "timeout")) if failed else None,
            finish_reason=None if failed else "stop",
            retrieval_used=True,
            retrieval_chunks=chunks,
            attributes={"query_type": rng.choice(QUERY_TYPES), "language": rng.choice(LANGUAGES)},
        )


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method is exact and fast enough for the small means used here.
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
