"""Durations and offsets in a scenario: ``"90m"``, ``"6h"``, ``"1d"``, ``"01:30:00"``, seconds.

Example:
    >>> parse_seconds("1h30m"), parse_seconds("01:30"), parse_seconds(90)
    (5400.0, 5400.0, 90.0)
    >>> format_offset(5400.0)
    '01:30'
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["TIME_FORMS", "format_offset", "parse_seconds"]

#: How a time may be written, for messages.
TIME_FORMS = "a duration like 90m, 6h, 1d, 1h30m, a clock offset HH:MM or HH:MM:SS, or seconds"

_NUMBER = r"(\d+(?:\.\d+)?)"
_UNITS = re.compile(rf"^(?:{_NUMBER}d)?(?:{_NUMBER}h)?(?:{_NUMBER}m)?(?:{_NUMBER}s)?$")
_CLOCK = re.compile(r"^(\d+):([0-5]\d)(?::([0-5]\d(?:\.\d+)?))?$")
_SECONDS = re.compile(rf"^{_NUMBER}$")
_UNIT_SECONDS = (86400.0, 3600.0, 60.0, 1.0)


def parse_seconds(value: Any) -> float:
    """Seconds from a number of seconds or a string in one of :data:`TIME_FORMS`.

    ``"01:30"`` is an hour and a half (hours and minutes), not a minute and a
    half: timelines are read in hours.

    Raises:
        ValueError: ``value`` is not one of those forms, or is negative.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"expected {TIME_FORMS}, got {value!r}")
    if isinstance(value, str):
        seconds = _parse_text(value)
    else:
        seconds = float(value)
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"must be a non-negative number of seconds, got {value!r}")
    return seconds


def _parse_text(value: str) -> float:
    text = value.strip().replace(" ", "").lower()
    if match := _SECONDS.match(text):
        return float(match.group(1))
    if match := _CLOCK.match(text):
        hours, minutes, seconds = match.groups()
        return int(hours) * 3600.0 + int(minutes) * 60.0 + float(seconds or 0)
    match = _UNITS.match(text)
    if text and match:
        pairs = zip(match.groups(), _UNIT_SECONDS, strict=True)
        return sum(float(n) * unit for n, unit in pairs if n)
    raise ValueError(f"expected {TIME_FORMS}, got {value!r}")


def format_offset(seconds: float) -> str:
    """``HH:MM``, or ``HH:MM:SS`` when there are seconds; hours go past 24."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if secs:
        return f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{hours:02d}:{minutes:02d}"
