"""The error a scenario file raises when it is not valid.

::

    AisreError
     └── InputError
          └── ScenarioError   a scenario file is malformed (file, line, field)

The message reads like a compiler's, so an editor can jump to the place::

    scenarios/x.yaml:12: timeline[2].faults.latency_ms: must be a non-negative number, got -5
"""

from __future__ import annotations

from aisre.core import InputError

__all__ = ["ScenarioError"]


class ScenarioError(InputError):
    """A scenario is not valid: bad YAML, an unknown key, a bad time, version or fault.

    Args:
        message: What is wrong and what was expected.
        source: The file (or ``"<string>"``) the scenario came from.
        line: The 1-based line in ``source``, when known.
        field: The dotted path of the field, e.g. ``timeline[2].faults.latency_ms``.
        hint: What to do about it, shown on a line of its own.

    Attributes:
        reason: ``message`` alone, without the place.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = source or "<scenario>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(": ".join(p for p in (where, field, message) if p), hint=hint)
        self.source = source
        self.line = line
        self.field = field
        self.reason = message
