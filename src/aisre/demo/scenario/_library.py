"""Scenario files: read from a path, or by name from the bundled library."""

from __future__ import annotations

import difflib
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from ._checks import TrafficValidator
from ._errors import ScenarioError
from ._parse import parse_scenario
from ._spec import Scenario

__all__ = ["bundled_scenarios", "load_scenario"]

_SUFFIXES = (".yaml", ".yml")


def _library() -> Traversable:
    return resources.files(__package__ or "aisre.demo.scenario") / "library"


def bundled_scenarios() -> list[str]:
    """The names of the scenarios shipped with aisre, sorted.

    Example:
        >>> "default" in bundled_scenarios()
        True
    """
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in _library().iterdir()
        if entry.is_file() and entry.name.endswith(".yaml")
    )


def load_scenario(
    path_or_name: str | os.PathLike[str], *, traffic_validator: TrafficValidator | None = None
) -> Scenario:
    """Read a scenario from a YAML file, or a bundled one by name.

    A value that names an existing file, contains a path separator, or ends
    in ``.yaml``/``.yml`` is a path; any other is the name of a bundled
    scenario (see :func:`bundled_scenarios`).

    Args:
        path_or_name: ``"default"``, ``"model-regression"``, ``"scenarios/x.yaml"``...
        traffic_validator: Passed on to :func:`parse_scenario`.

    Raises:
        ScenarioError: The file cannot be read, no bundled scenario has that
            name (the message lists them), or the scenario is not valid.
    """
    file = _locate(path_or_name)
    source = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError("file not found", source=source) from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            "not UTF-8 text", source=source, line=line, hint="save the file as UTF-8"
        ) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read: {exc.strerror or exc}", source=source) from None
    return parse_scenario(text, source, traffic_validator=traffic_validator)


def _locate(path_or_name: str | os.PathLike[str]) -> Traversable | Path:
    if isinstance(path_or_name, os.PathLike):
        return Path(path_or_name)
    text = path_or_name
    if Path(text).is_file() or any(sep in text for sep in ("/", os.sep)):
        return Path(text)
    if text.endswith(_SUFFIXES):
        return Path(text)
    bundled = _library() / f"{text}.yaml"
    if text and bundled.is_file():
        return bundled
    names = bundled_scenarios()
    close = difflib.get_close_matches(text, names, n=1, cutoff=0.6)
    suggestion = f"; did you mean {close[0]!r}?" if close else ""
    raise ScenarioError(
        f"no bundled scenario named {text!r}{suggestion}",
        source="scenario library",
        hint=f"bundled scenarios: {', '.join(names)}; or give the path of a YAML file",
    )
