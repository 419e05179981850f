"""From the text of a scenario file to a validated :class:`Scenario`."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from ._checks import Checker, TrafficValidator
from ._errors import ScenarioError
from ._spec import DEFAULT_SERVICE, DEFAULT_START, DEFAULT_VERSIONS, Scenario
from ._timeline import parse_timeline
from ._yaml import read_yaml

__all__ = ["TOP_KEYS", "parse_scenario"]

#: The keys of a scenario file, in the order the documentation gives them.
TOP_KEYS = (
    "name",
    "description",
    "start",
    "duration",
    "seed",
    "service",
    "initial",
    "traffic",
    "timeline",
)
_REQUIRED = {"name": "name: my-scenario", "duration": "duration: 6h"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def parse_scenario(
    text: str, source: str = "<string>", *, traffic_validator: TrafficValidator | None = None
) -> Scenario:
    """Parse and validate a scenario written in YAML.

    Args:
        text: The YAML text.
        source: Where it came from, for messages.
        traffic_validator: Checks the ``traffic`` mapping, and each window's
            overrides merged onto it; raises ``ValueError`` naming the bad
            field. Without one, traffic is only checked to be a mapping.

    Raises:
        ScenarioError: Anything is wrong; the message names the line and field.

    Example:
        >>> s = parse_scenario("name: x\\nduration: 2h\\ntimeline:\\n"
        ...                    "  - {at: 1:00, deploy: {model: v2-regressed}}\\n")
        >>> s.versions_at(3600)["model"]
        'v2-regressed'
    """
    raw, lines = read_yaml(text, source)
    check = Checker(source, lines, traffic_validator)
    if raw is None:
        raise ScenarioError(
            "the scenario is empty", source=source, line=1, hint="give at least name: and duration:"
        )
    data = check.mapping(raw, (), "name: ..., duration: ..., timeline: [...]")
    check.known_keys(data, (), TOP_KEYS, "key")
    for key, example in _REQUIRED.items():
        if key not in data:
            raise check.error((key,), "required key is missing", hint=f"add {example}")
    name = check.text(data["name"], ("name",))
    if not _NAME.match(name):
        raise check.error(
            ("name",),
            f"{name!r} is not a short name",
            hint="use letters, digits, '.', '_' and '-', e.g. model-regression",
        )
    duration = check.seconds(data["duration"], ("duration",))
    if duration <= 0:
        raise check.error(("duration",), "must be longer than 0", hint="e.g. duration: 6h")
    service = check.text(data.get("service", DEFAULT_SERVICE), ("service",))
    if not service.strip():
        raise check.error(("service",), "must not be empty")
    initial = {
        **DEFAULT_VERSIONS,
        **check.versions(data.get("initial"), ("initial",), "{model: v1, prompt: p1}"),
    }
    traffic = check.traffic(data.get("traffic"), ("traffic",))
    return Scenario(
        name=name,
        description=check.text(data.get("description", ""), ("description",)).strip(),
        start=_start(check, data.get("start", DEFAULT_START)),
        duration_s=duration,
        seed=_seed(check, data.get("seed", 0)),
        service=service,
        initial=initial,
        traffic=traffic,
        timeline=parse_timeline(check, data.get("timeline"), duration, initial, traffic),
        source=source,
    )


def _start(check: Checker, value: Any) -> datetime:
    hint = "write it in ISO 8601 with its timezone, e.g. 2026-11-30T00:00:00Z"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise check.error(("start",), f"not a date and time: {value!r}", hint=hint) from None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, datetime):
        raise check.error(("start",), f"must be a date and time, got {value!r}", hint=hint)
    if value.tzinfo is None:
        raise check.error(("start",), "has no timezone", hint=hint)
    return value.astimezone(UTC)


def _seed(check: Checker, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise check.error(("seed",), f"must be an integer, got {value!r}", hint="e.g. seed: 7")
    return value
