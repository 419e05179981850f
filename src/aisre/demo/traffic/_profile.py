"""What traffic looks like: its rate over the day, its bursts and its mix.

A :class:`TrafficProfile` is a value: it is validated when built, and a
scenario that changes the traffic mid-run hands the generator another one.

Example:
    >>> profile = TrafficProfile.from_dict(
    ...     {"rate_per_s": 5, "bursts": [{"start_s": 600, "duration_s": 120, "multiplier": 3}]}
    ... )
    >>> profile.rate_at(650, datetime(2026, 11, 20, 15, tzinfo=UTC))
    21.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from ._validate import check_mix, check_number, float_key, is_number, known_keys

__all__ = ["LANGUAGES", "QUERY_TYPES", "Burst", "TrafficProfile"]

#: The query types of the golden set, which the generator can produce.
QUERY_TYPES = ("factual", "how-to", "policy", "numeric", "out-of-scope")
#: The languages the generator can produce.
LANGUAGES = ("en", "de", "fr", "es")


@dataclass(frozen=True, slots=True)
class Burst:
    """A stretch of the run whose rate is multiplied, as when a launch or an outage hits.

    Attributes:
        start_s: When it starts, in seconds from the start of the run.
        duration_s: How long it lasts.
        multiplier: The factor on the rate while it lasts (below 1 for a lull).
    """

    start_s: float
    duration_s: float
    multiplier: float

    def __post_init__(self) -> None:
        check_number("Burst", "start_s", self.start_s, 0.0, math.inf, open_low=False)
        check_number("Burst", "duration_s", self.duration_s, 0.0, math.inf, open_low=True)
        check_number("Burst", "multiplier", self.multiplier, 0.0, math.inf, open_low=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Burst:
        """A burst from ``{"start_s", "duration_s", "multiplier"}``; unknown keys raise."""
        return cls(**known_keys(cls, "Burst", data))


def _default_languages() -> Mapping[str, float]:
    return {"en": 0.85, "de": 0.05, "fr": 0.05, "es": 0.05}


def _default_query_types() -> Mapping[str, float]:
    return {"factual": 0.3, "how-to": 0.3, "policy": 0.14, "numeric": 0.18, "out-of-scope": 0.08}


def _default_temperatures() -> Mapping[float, float]:
    return {0.0: 0.5, 0.2: 0.15, 0.3: 0.1, 0.5: 0.1, 0.7: 0.12, 1.0: 0.03}


@dataclass(frozen=True, slots=True)
class TrafficProfile:
    """The shape of user traffic: rate, daily cycle, bursts and request mix.

    Mixes (``languages``, ``query_types``, ``temperatures``) are relative
    weights; they need not sum to 1. Leave a key out to exclude it.

    Attributes:
        rate_per_s: Mean simulated requests per second, before the daily cycle.
        diurnal_amplitude: 0..1, the daily swing: the rate is multiplied by
            ``1 + a * cos(2π (hour - peak_hour) / 24)`` at the UTC hour of day.
        peak_hour: UTC hour of the daily peak, in [0, 24).
        bursts: Stretches with a multiplied rate; overlapping ones multiply.
        golden_share: Share of requests that ask a golden question verbatim.
        structured_share: Share asking for JSON output (``rag_answer_v1``).
        stream_share: Share with ``stream: true``.
        typo_rate: Share of generated (non-golden) questions with a typo or two.
        temperatures: Mix of sampling temperatures, each in [0, 2].
        languages: Mix of languages, keys in :data:`LANGUAGES`.
        query_types: Mix of query types, keys in :data:`QUERY_TYPES`.
        users: How many distinct users send the traffic (Zipf-like activity).
    """

    rate_per_s: float = 1.0
    diurnal_amplitude: float = 0.4
    peak_hour: float = 15.0
    bursts: tuple[Burst, ...] = ()
    golden_share: float = 0.3
    structured_share: float = 0.1
    stream_share: float = 0.3
    typo_rate: float = 0.05
    temperatures: Mapping[float, float] = field(default_factory=_default_temperatures)
    languages: Mapping[str, float] = field(default_factory=_default_languages)
    query_types: Mapping[str, float] = field(default_factory=_default_query_types)
    users: int = 1000

    def __post_init__(self) -> None:
        name = "TrafficProfile"
        check_number(name, "rate_per_s", self.rate_per_s, 0.0, math.inf, open_low=True)
        check_number(name, "diurnal_amplitude", self.diurnal_amplitude, 0.0, 1.0, open_low=False)
        if not is_number(self.peak_hour) or not 0.0 <= self.peak_hour < 24.0:
            raise ValueError(
                f"{name}.peak_hour must be a number in [0, 24), got {self.peak_hour!r}"
            )
        for share in ("golden_share", "structured_share", "stream_share", "typo_rate"):
            check_number(name, share, getattr(self, share), 0.0, 1.0, open_low=False)
        if not isinstance(self.bursts, tuple | list) or not all(
            isinstance(b, Burst) for b in self.bursts
        ):
            raise ValueError(f"{name}.bursts must be a sequence of Burst, got {self.bursts!r}")
        object.__setattr__(self, "bursts", tuple(self.bursts))
        object.__setattr__(self, "languages", check_mix("languages", self.languages, LANGUAGES))
        object.__setattr__(
            self, "query_types", check_mix("query_types", self.query_types, QUERY_TYPES)
        )
        object.__setattr__(self, "temperatures", check_mix("temperatures", self.temperatures, None))
        if isinstance(self.users, bool) or not isinstance(self.users, int) or self.users < 1:
            raise ValueError(f"{name}.users must be an integer >= 1, got {self.users!r}")

    def __hash__(self) -> int:
        # The mixes are read-only mappings, which do not hash; their items do.
        return hash(
            tuple(
                frozenset(value.items()) if isinstance(value, Mapping) else value
                for value in (getattr(self, f.name) for f in fields(self))
            )
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TrafficProfile:
        """A profile from plain data (JSON or YAML); missing keys take their defaults.

        ``bursts`` is a list of ``{"start_s", "duration_s", "multiplier"}``
        objects; ``temperatures`` may have string keys (``{"0.7": 0.2}``).
        Unknown keys and bad values raise ``ValueError`` naming them.
        """
        values = known_keys(cls, "TrafficProfile", data)
        if "bursts" in values:
            bursts = values["bursts"]
            if not isinstance(bursts, list | tuple):
                raise ValueError(f"TrafficProfile.bursts must be a list, got {bursts!r}")
            values["bursts"] = tuple(
                b if isinstance(b, Burst) else Burst.from_dict(b) for b in bursts
            )
        if isinstance(values.get("temperatures"), Mapping):
            values["temperatures"] = {
                float_key(key): weight for key, weight in values["temperatures"].items()
            }
        return cls(**values)

    def rate_at(self, elapsed_s: float, wall: datetime) -> float:
        """The mean request rate (per second) ``elapsed_s`` into the run, at ``wall`` time.

        Args:
            elapsed_s: Seconds from the start of the run (for the bursts).
            wall: The simulated time (timezone-aware), whose UTC hour sets the daily cycle.
        """
        if wall.utcoffset() is None:
            raise ValueError("wall must be timezone-aware")
        utc = wall.astimezone(UTC)
        hour = utc.hour + utc.minute / 60 + (utc.second + utc.microsecond / 1e6) / 3600
        return self.rate_at_hour(elapsed_s, hour)

    def rate_at_hour(self, elapsed_s: float, hour_of_day: float) -> float:
        """:meth:`rate_at` with the UTC hour of day given directly (the generator's fast path)."""
        angle = 2.0 * math.pi * (hour_of_day - self.peak_hour) / 24.0
        rate = self.rate_per_s * (1.0 + self.diurnal_amplitude * math.cos(angle))
        for burst in self.bursts:
            if burst.start_s <= elapsed_s < burst.start_s + burst.duration_s:
                rate *= burst.multiplier
        return max(rate, 0.0)
