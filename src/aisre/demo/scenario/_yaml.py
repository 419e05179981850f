"""Reading a scenario's YAML with the line of every node, for messages that point at it.

Times like ``1:30`` are written unquoted in timelines, and YAML 1.1 reads
them as base-60 integers (``1:30`` is 90). The loader here drops that rule,
so ``at: 1:30`` stays the string ``"1:30"`` and means an hour and a half.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ._errors import ScenarioError

__all__ = ["Lines", "Path", "field_name", "read_yaml"]

#: Where a value sits in the document: keys and list positions from the top.
Path = tuple[str | int, ...]
#: The 1-based line of each path (of its key, for mapping values).
Lines = dict[Path, int]

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


class _Loader(yaml.SafeLoader):
    """``SafeLoader`` without YAML 1.1's base-60 numbers."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |\.[0-9_]+(?:[eE][-+]?[0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)


def read_yaml(text: str, source: str) -> tuple[Any, Lines]:
    """Parse ``text`` into plain data and the line of every path in it.

    Raises:
        ScenarioError: The text is not YAML (with the line of the problem), or a
            mapping repeats a key.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "cannot be parsed"
        raise ScenarioError(
            f"not valid YAML: {problem}",
            source=source,
            line=line,
            hint="check the indentation and quoting on that line or the one before",
        ) from None
    except (yaml.YAMLError, ValueError) as exc:
        raise ScenarioError(f"not valid YAML: {exc}", source=source) from None
    finally:
        loader.dispose()
    lines: Lines = {}
    if node is not None:
        _index(node, (), lines, source)
    return data, lines


def field_name(path: Path) -> str:
    """``("timeline", 2, "faults", "latency_ms")`` as ``timeline[2].faults.latency_ms``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _index(node: yaml.Node, path: Path, out: Lines, source: str) -> None:
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            child = (*path, name)
            if name in seen:
                raise ScenarioError(
                    "the key is repeated; YAML would silently keep the last one",
                    source=source,
                    line=key.start_mark.line + 1,
                    field=field_name(child),
                    hint="merge the two into one key",
                )
            seen.add(name)
            out[child] = key.start_mark.line + 1
            _index(value, child, out, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, i), out, source)
