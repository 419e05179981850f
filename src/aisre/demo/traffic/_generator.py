"""User traffic on simulated time: a non-homogeneous Poisson process of requests.

The run is cut into one-second steps. In each, the profile in force gives a
rate (its daily cycle and bursts, read at the middle of the step), and
arrivals follow at exponential gaps until the step ends; by the memoryless
property that is exactly a Poisson process whose rate is constant over each
second. Arrival times and request contents are drawn from two generators
seeded from the one seed, so a scenario that changes only the mix keeps the
same arrival times.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

from ._compose import Composer
from ._profile import TrafficProfile
from ._request import TrafficRequest

__all__ = ["TrafficGenerator"]

_STEP_S = 1.0


class TrafficGenerator:
    """The requests of a run of ``duration_s`` simulated seconds from ``start``.

    Args:
        start: When the run starts (timezone-aware).
        duration_s: How long it runs, in simulated seconds.
        seed: The same seed (and profiles) gives the same requests.
        profile_at: The profile, or a function from seconds into the run to the
            profile in force then; it is called once per simulated second, so
            it should be cheap (return prebuilt profiles, not new ones).

    Example:
        >>> start = datetime(2026, 11, 20, 9, tzinfo=UTC)
        >>> generator = TrafficGenerator(start, 3600, seed=7, profile_at=TrafficProfile())
        >>> first = next(generator.requests())
        >>> first.chat_body()["messages"][-1]["role"]
        'user'
    """

    def __init__(
        self,
        start: datetime,
        duration_s: float,
        seed: int,
        profile_at: Callable[[float], TrafficProfile] | TrafficProfile,
    ) -> None:
        if start.utcoffset() is None:
            raise ValueError("start must be timezone-aware")
        if isinstance(duration_s, bool) or not isinstance(duration_s, int | float):
            raise ValueError(f"duration_s must be a number, got {duration_s!r}")
        if not math.isfinite(duration_s) or duration_s < 0:
            raise ValueError(f"duration_s must be a finite number >= 0, got {duration_s!r}")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ValueError(f"seed must be an integer, got {seed!r}")
        if isinstance(profile_at, TrafficProfile):
            fixed = profile_at
            profile_at = lambda _elapsed_s: fixed  # noqa: E731
        elif not callable(profile_at):
            raise ValueError("profile_at must be a TrafficProfile or a function returning one")
        self.start = start.astimezone(UTC)
        self.duration_s = float(duration_s)
        self.seed = seed
        self._profile_at = profile_at

    def requests(self) -> Iterator[TrafficRequest]:
        """The requests in arrival order; each call starts the same sequence afresh."""
        expovariate = random.Random(f"aisre-traffic-arrivals-{self.seed}").expovariate
        composer = Composer(self.seed)
        start, duration = self.start, self.duration_s
        start_hour = (
            start.hour + start.minute / 60 + (start.second + start.microsecond / 1e6) / 3600
        )
        seq = 0
        for step in range(math.ceil(duration / _STEP_S)):
            begin = step * _STEP_S
            end = min(begin + _STEP_S, duration)
            profile = self._profile_at(begin)
            middle = (begin + end) / 2
            rate = profile.rate_at_hour(middle, (start_hour + middle / 3600) % 24)
            if rate <= 0:
                continue
            t = begin + expovariate(rate)
            while t < end:
                yield composer.request(seq, start + timedelta(seconds=t), profile)
                seq += 1
                t += expovariate(rate)
