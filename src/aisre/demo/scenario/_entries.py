"""The entries of a timeline, and the version switches that replaying them finds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from aisre.core import ChangeKind

__all__ = ["CHANGE_KINDS", "VERSION_KINDS", "ScheduledChange", "TimelineEntry", "VersionKind"]

VersionKind = Literal["model", "prompt", "index"]
VERSION_KINDS: tuple[VersionKind, ...] = ("model", "prompt", "index")
#: The change-event kind aisre files each version kind under.
CHANGE_KINDS: dict[VersionKind, ChangeKind] = {
    "model": "model_version",
    "prompt": "prompt_template",
    "index": "retrieval_index",
}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One entry of the timeline: an instant change, or a window of faults and traffic.

    Attributes:
        index: The entry's position in the file's ``timeline`` list.
        start_s: Seconds from the scenario's start (``at`` or ``from``).
        end_s: End of a window, exclusive (``to``, or the scenario's duration when
            ``to`` is omitted); ``None`` for an instant change (``at``).
        deploy: The versions switched to, by kind (``model``, ``prompt``, ``index``).
        faults: The :class:`Faults` fields the window sets; the others are untouched.
        traffic: The traffic fields the window overrides.
        description: Free text, carried into the labels.
        line: The entry's line in the source, when parsed from a file.
    """

    index: int
    start_s: float
    end_s: float | None = None
    deploy: dict[str, str] = field(default_factory=dict)
    faults: dict[str, Any] = field(default_factory=dict)
    traffic: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    line: int | None = None

    @property
    def is_change(self) -> bool:
        """An instant change (``at``) rather than a window (``from``/``to``)."""
        return self.end_s is None

    def covers(self, t_s: float) -> bool:
        """A window in force at ``t_s``: ``start_s <= t_s < end_s``."""
        return self.end_s is not None and self.start_s <= t_s < self.end_s


@dataclass(frozen=True, slots=True)
class ScheduledChange:
    """A switch of one version kind, as the replay of the timeline finds it.

    Attributes:
        at_s: Seconds from the scenario's start.
        kind: ``"model"``, ``"prompt"`` or ``"index"``.
        from_version: The version served until then.
        to_version: The version served from then on.
        description: The entry's description.
        entry: The index of the timeline entry that made it.
    """

    at_s: float
    kind: VersionKind
    from_version: str
    to_version: str
    description: str = ""
    entry: int = -1

    @property
    def change_kind(self) -> ChangeKind:
        """The kind of the change event: ``model_version``, ``prompt_template``..."""
        return CHANGE_KINDS[self.kind]
