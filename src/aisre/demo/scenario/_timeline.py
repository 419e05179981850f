"""The ``timeline`` of a scenario file: instant changes and windows of faults or traffic.

An entry is either a **change** (``at`` + ``deploy``) or a **window**
(``from``, optional ``to`` + ``faults`` and/or ``traffic``). Keeping the two
apart keeps each entry's meaning plain: a deploy happens at an instant and
stays until another deploy; a fault holds over a span and then stops.
"""

from __future__ import annotations

from typing import Any

from ._checks import Checker
from ._entries import TimelineEntry
from ._times import format_offset
from ._yaml import Path

__all__ = ["ENTRY_KEYS", "parse_timeline"]

ENTRY_KEYS = ("at", "from", "to", "deploy", "faults", "traffic", "description")


def parse_timeline(
    check: Checker,
    value: Any,
    duration_s: float,
    initial: dict[str, str],
    traffic: dict[str, Any],
) -> tuple[TimelineEntry, ...]:
    """The timeline's entries, checked, in file order."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise check.error(
            ("timeline",),
            "must be a list of entries",
            hint='start each entry with "- ", e.g. - {at: "01:30", deploy: {model: v1}}',
        )
    entries = tuple(
        _entry(check, item, ("timeline", i), i, duration_s, traffic) for i, item in enumerate(value)
    )
    _check_deploys(check, entries, initial)
    return entries


def _entry(
    check: Checker, item: Any, path: Path, index: int, duration_s: float, traffic: dict[str, Any]
) -> TimelineEntry:
    data = check.mapping(item, path, '{at: "01:30", deploy: {model: v2-regressed}}')
    check.known_keys(data, path, ENTRY_KEYS, "entry key")
    if "at" in data and ("from" in data or "to" in data):
        raise check.error(
            (*path, "from" if "from" in data else "to"),
            "an entry has either at (a change at an instant) or from/to (a window), not both",
            hint="split it into two entries",
        )
    if "to" in data and "from" not in data:
        raise check.error((*path, "to"), "to without from", hint="add from: (the window's start)")
    if not any(k in data for k in ("deploy", "faults", "traffic")):
        raise check.error(
            path,
            "the entry does nothing",
            hint="give deploy: (with at:), or faults: or traffic: (with from: and to:)",
        )
    if "at" not in data and "from" not in data:
        raise check.error(
            path, "the entry has no time", hint="give at: for a deploy, from: and to: for a window"
        )
    description = check.text(data.get("description", ""), (*path, "description")).strip()
    line = check.lines.get(path)
    if "at" in data:
        for key in ("faults", "traffic"):
            if key in data:
                raise check.error(
                    (*path, key),
                    f"{key} hold over a window, not at an instant",
                    hint="replace at: with from: (and to:, or nothing to last until the end)",
                )
        at = _offset(check, data["at"], (*path, "at"), duration_s)
        deploy = check.versions(data["deploy"], (*path, "deploy"), "{model: v2-regressed}")
        if not deploy:
            raise check.error((*path, "deploy"), "no version given", hint="e.g. {model: v1}")
        return TimelineEntry(index, at, None, deploy=deploy, description=description, line=line)
    if "deploy" in data:
        raise check.error(
            (*path, "deploy"),
            "a deploy happens at an instant, not over a window",
            hint="use at: for the deploy, and a second entry with at: to roll it back",
        )
    start = _offset(check, data["from"], (*path, "from"), duration_s)
    end = duration_s
    if "to" in data:
        end = check.seconds(data["to"], (*path, "to"))
        if end <= start:
            raise check.error(
                (*path, "to"),
                f"{format_offset(end)} is not after from ({format_offset(start)})",
                hint="a window ends after it starts",
            )
        if end > duration_s:
            raise check.error(
                (*path, "to"),
                f"{format_offset(end)} is after the end ({format_offset(duration_s)})",
                hint="end the window earlier, omit to: to last until the end, "
                "or lengthen duration:",
            )
    faults = check.faults(data["faults"], (*path, "faults")) if "faults" in data else {}
    overrides = {}
    if "traffic" in data:
        overrides = check.traffic(data["traffic"], (*path, "traffic"), base=traffic)
    return TimelineEntry(
        index, start, end, faults=faults, traffic=overrides, description=description, line=line
    )


def _offset(check: Checker, value: Any, path: Path, duration_s: float) -> float:
    seconds = check.seconds(value, path)
    if seconds >= duration_s:
        raise check.error(
            path,
            f"{format_offset(seconds)} is not before the end ({format_offset(duration_s)})",
            hint="move it earlier, or lengthen duration:",
        )
    return seconds


def _check_deploys(
    check: Checker, entries: tuple[TimelineEntry, ...], initial: dict[str, str]
) -> None:
    """Each deploy changes its version, and no two deploy one kind at one instant."""
    current = dict(initial)
    since: dict[str, TimelineEntry] = {}
    for entry in sorted((e for e in entries if e.is_change), key=lambda e: (e.start_s, e.index)):
        when = format_offset(entry.start_s)
        for kind, version in entry.deploy.items():
            path = ("timeline", entry.index, "deploy", kind)
            before = since.get(kind)
            if before is not None and before.start_s == entry.start_s:
                raise check.error(
                    path,
                    f"timeline[{before.index}] already deploys {kind} at {when}",
                    hint="keep one deploy of a kind per instant",
                )
            if version == current[kind]:
                origin = (
                    "since the start"
                    if before is None
                    else f"since {format_offset(before.start_s)}, timeline[{before.index}]"
                )
                raise check.error(
                    path,
                    f"{kind} {version} is already served at {when} ({origin})",
                    hint="a deploy must change the version: remove it, or deploy another one",
                )
            current[kind] = version
            since[kind] = entry
