"""Checks of plain values, with errors that name the field: ``TrafficProfile.rate_per_s must …``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import fields
from types import MappingProxyType
from typing import Any

__all__ = ["check_mix", "check_number", "float_key", "is_number", "known_keys"]


def is_number(value: Any) -> bool:
    """A finite int or float, and not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def check_number(
    owner: str, name: str, value: Any, low: float, high: float, *, open_low: bool
) -> None:
    """Raise ``ValueError`` naming ``owner.name`` unless ``value`` is a number in range."""
    if is_number(value) and (value > low if open_low else value >= low) and value <= high:
        return
    if math.isfinite(high):
        span = f"in {'(' if open_low else '['}{low:g}, {high:g}]"
    else:
        span = f"{'>' if open_low else '>='} {low:g}"
    raise ValueError(f"{owner}.{name} must be a number {span}, got {value!r}")


def known_keys(cls: type, owner: str, data: Any) -> dict[str, Any]:
    """``data`` as a dict, checked to be a mapping whose keys are fields of ``cls``."""
    if not isinstance(data, Mapping):
        raise ValueError(f"{owner} must be a mapping, got {type(data).__name__}")
    names = {f.name for f in fields(cls)}
    unknown = sorted(str(key) for key in data if key not in names)
    if unknown:
        raise ValueError(
            f"unknown {owner} field(s): {', '.join(unknown)}; known: {', '.join(sorted(names))}"
        )
    return dict(data)


def float_key(key: Any) -> Any:
    """A temperature key read from JSON or YAML, where keys may be strings."""
    try:
        return float(key)
    except (TypeError, ValueError):
        raise ValueError(f"TrafficProfile.temperatures has a non-numeric key {key!r}") from None


def check_mix(name: str, mix: Any, known: tuple[str, ...] | None) -> Mapping[Any, float]:
    """A read-only copy of a mix of positive weights; ``known`` keys, or temperatures if None."""
    owner = f"TrafficProfile.{name}"
    if not isinstance(mix, Mapping) or not mix:
        raise ValueError(f"{owner} must be a non-empty mapping of weights, got {mix!r}")
    for key, weight in mix.items():
        if known is not None and key not in known:
            raise ValueError(f"{owner} has an unknown key {key!r}; known: {', '.join(known)}")
        if known is None and (not is_number(key) or not 0.0 <= key <= 2.0):
            raise ValueError(f"{owner} keys must be temperatures in [0, 2], got {key!r}")
        if not is_number(weight) or weight <= 0:
            raise ValueError(f"{owner}[{key!r}] must be a positive weight, got {weight!r}")
    return MappingProxyType({(key if known else float(key)): float(w) for key, w in mix.items()})
