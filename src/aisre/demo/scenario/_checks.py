"""The checks of a scenario's values; each failure is a :class:`ScenarioError` at the value."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import fields
from typing import Any

from aisre.demo.service._faults import Faults
from aisre.demo.service._state import ALLOWED_VERSIONS

from ._errors import ScenarioError
from ._times import TIME_FORMS, parse_seconds
from ._yaml import Lines, Path, field_name

__all__ = ["FAULT_FIELDS", "Checker", "TrafficValidator"]

#: Checks a traffic mapping; raises ``ValueError`` naming the bad field.
TrafficValidator = Callable[[dict[str, Any]], object]

FAULT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Faults))
_TOKEN = re.compile(r"[A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*")


class Checker:
    """Checks values found at paths of one document, and reports errors with their lines."""

    def __init__(
        self, source: str, lines: Lines, traffic_validator: TrafficValidator | None
    ) -> None:
        self.source = source
        self.lines = lines
        self.traffic_validator = traffic_validator

    def error(self, path: Path, message: str, hint: str | None = None) -> ScenarioError:
        """An error at ``path``, on the line of the nearest enclosing node that has one."""
        line = None
        for n in range(len(path), -1, -1):
            line = self.lines.get(path[:n])
            if line is not None:
                break
        field = field_name(path) or None
        return ScenarioError(message, source=self.source, line=line, field=field, hint=hint)

    def mapping(self, value: Any, path: Path, example: str) -> dict[str, Any]:
        """``value`` as a mapping with text keys; an empty value is an empty mapping."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(
                path, f"must be a mapping, got {_kind(value)}", hint=f"write it as {example}"
            )
        for key in value:
            if not isinstance(key, str):
                raise self.error((*path, str(key)), f"keys must be text, got {_kind(key)}")
        return value

    def known_keys(self, data: dict[str, Any], path: Path, known: Iterable[str], what: str) -> None:
        """Reject keys not in ``known``, suggesting the closest known one."""
        allowed = list(known)
        for key in data:
            if key not in allowed:
                raise self.error(
                    (*path, key),
                    f"unknown {what} {key!r}{_did_you_mean(key, allowed)}",
                    hint=f"known {what}s: {', '.join(allowed)}",
                )

    def text(self, value: Any, path: Path) -> str:
        """A string."""
        if not isinstance(value, str):
            raise self.error(path, f"must be text, got {_kind(value)}")
        return value

    def seconds(self, value: Any, path: Path) -> float:
        """A time in one of the accepted forms, in seconds."""
        try:
            return parse_seconds(value)
        except ValueError as exc:
            raise self.error(path, str(exc), hint=f"write {TIME_FORMS}") from None

    def versions(self, value: Any, path: Path, example: str) -> dict[str, str]:
        """A mapping of version kind to an allowed version of that kind."""
        data = self.mapping(value, path, example)
        self.known_keys(data, path, ALLOWED_VERSIONS, "version kind")
        for kind, version in data.items():
            allowed = ALLOWED_VERSIONS[kind]
            if version not in allowed:
                raise self.error(
                    (*path, kind),
                    f"unknown {kind} version {version!r}; allowed: {', '.join(allowed)}",
                    hint="versions are listed in docs/reference-service.md",
                )
        return dict(data)

    def faults(self, value: Any, path: Path) -> dict[str, Any]:
        """A non-empty mapping of :class:`Faults` fields with valid values."""
        data = self.mapping(value, path, "{latency_ms: 1500}")
        if not data:
            raise self.error(path, "no fault given", hint="name one, e.g. latency_ms: 1500")
        self.known_keys(data, path, FAULT_FIELDS, "fault")
        try:
            Faults(**data)
        except ValueError as exc:
            key, reason = _blame(str(exc), data)
            raise self.error((*path, *key), reason) from None
        return dict(data)

    def traffic(self, value: Any, path: Path, base: dict[str, Any] | None = None) -> dict[str, Any]:
        """Traffic overrides, checked by the validator together with ``base`` if one was given.

        Args:
            value: The overrides.
            path: Where they are.
            base: The top-level traffic a window's overrides apply on; None for
                the top level itself.
        """
        data = dict(self.mapping(value, path, "{rate_per_s: 2.0}"))
        if base is not None and not data:
            raise self.error(path, "no traffic field given", hint="e.g. rate_per_s: 2.0")
        if self.traffic_validator is None:
            return data
        try:
            self.traffic_validator({**(base or {}), **data})
        except (ValueError, TypeError) as exc:
            key, reason = _blame(str(exc), data)
            if not key and base:
                reason = f"together with the top-level traffic: {reason}"
            raise self.error((*path, *key), reason) from None
        return data


def _blame(message: str, data: dict[str, Any]) -> tuple[Path, str]:
    """The path within ``data`` a validator's message names, and the message without it.

    The first word naming a key of ``data`` wins, with what follows it
    (``bursts[0].multiplier``); an owner before it is skipped
    (``TrafficProfile.rate_per_s``). A message that starts with the name loses it.
    """
    for match in _TOKEN.finditer(message):
        parts = re.findall(r"\[(\d+)\]|([A-Za-z_]\w*)", match.group())
        path: Path = tuple(int(i) if i else name for i, name in parts)
        for skip, part in enumerate(path):
            if isinstance(part, str) and part in data:
                reason = message
                if match.start() == 0:
                    reason = message[match.end() :].lstrip(" :") or message
                return path[skip:], reason
    return (), message


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    names = {dict: "a mapping", list: "a list", str: "text", bool: "a boolean"}
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return f"{names.get(type(value), type(value).__name__)} {shown}"
