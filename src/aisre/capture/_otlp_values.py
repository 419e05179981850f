"""OTLP attribute values as plain Python, and the helpers that read typed fields from them.

Attributes arrive as ``KeyValue`` lists whose values are ``AnyValue`` unions.
:func:`attributes` turns such a list into a ``dict``; the ``text``, ``number``,
``count`` and ``json_value`` readers then accept what senders really send (a
token count as an int, a double or a numeric string; an invocation-parameter
object as a JSON string or a key-value list) and answer ``None`` for anything
else rather than failing the span.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import orjson

#: Nested arrays and key-value lists deeper than this are cut off: an attribute
#: value is data, and nothing aisre reads nests this deep.
MAX_DEPTH = 12

Attrs = dict[str, Any]
_EXACT = 2**53
_ZEROS = {16: bytes(16), 8: bytes(8)}
_SCALARS = frozenset({"int_value", "double_value", "bool_value", "bytes_value"})
#: Attribute families the mapping reads by prefix (sampling parameters, labels,
#: retrieved documents); see :class:`~._otlp_layout.Layout`.
FAMILIES = ("gen_ai.request.", "aisre.attribute.", "retrieval.documents.")


def any_value(value: Any, depth: int = 0) -> Any:
    """One ``AnyValue`` as ``str``, ``bool``, ``int``, ``float``, ``bytes``, list, dict or None."""
    kind = value.WhichOneof("value")
    if kind is None:
        return None
    if kind == "array_value":
        if depth >= MAX_DEPTH:
            return None
        # A list of non-empty strings (finish reasons, stop sequences) needs no
        # WhichOneof an element; anything else is decoded element by element.
        # Indexing is cheaper than iterating over the protobuf container.
        values = value.array_value.values
        out: list[Any] = []
        for i in range(len(values)):
            element = values[i]
            string = element.string_value
            out.append(string if string else any_value(element, depth + 1))
        return out
    if kind == "kvlist_value":
        if depth >= MAX_DEPTH:
            return None
        return {kv.key: any_value(kv.value, depth + 1) for kv in value.kvlist_value.values}
    return getattr(value, kind)


def attributes(key_values: Iterable[Any]) -> Attrs:
    """A ``KeyValue`` list as a dict; a repeated key keeps its last value.

    The hot loop of the receiver (a dozen attributes a span): a non-empty string
    value (most of them) costs one field read; the others one ``WhichOneof``,
    scalars read directly, only arrays and key-value lists recursing.
    """
    out: Attrs = {}
    for kv in key_values:
        value = kv.value
        string = value.string_value
        if string:  # set, since the members of a oneof exclude each other
            out[kv.key] = string
            continue
        kind = value.WhichOneof("value")
        if kind == "string_value":
            out[kv.key] = string
        elif kind in _SCALARS:
            out[kv.key] = getattr(value, kind)
        elif kind is not None:
            out[kv.key] = any_value(value)
    return out


def first(attrs: Mapping[str, Any], *keys: str) -> Any:
    """The value of the first of ``keys`` that is present and not None."""
    for key in keys:
        value = attrs.get(key)
        if value is not None:
            return value
    return None


def pick(get: Callable[[str], Any], keys: tuple[str, ...]) -> Any:
    """:func:`first`, given a mapping's ``get``: the hot path's variant, without ``*keys``."""
    for key in keys:
        value = get(key)
        if value is not None:
            return value
    return None


def text(value: Any, limit: int | None = None) -> str | None:
    """A non-empty string (numbers and booleans rendered), cut to ``limit`` characters."""
    if value.__class__ is str:  # the common case first: called a few dozen times a span
        if not value:
            return None
        return value if limit is None or len(value) <= limit else value[:limit]
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    elif isinstance(value, bool | int | float):
        value = str(value).lower() if isinstance(value, bool) else str(value)
    elif isinstance(value, list | dict):
        value = orjson.dumps(value, default=str).decode()
    if not isinstance(value, str) or not value:
        return None
    return value[:limit] if limit is not None else value


def number(value: Any) -> float | None:
    """A finite float from a number or a numeric string."""
    if value.__class__ is float:
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def count(value: Any) -> int | None:
    """A non-negative integer from an int, an integral float or a numeric string."""
    if value.__class__ is int and 0 <= value <= _EXACT:  # exact as a float too
        return int(value)
    result = number(value)
    if result is None or result < 0 or result != int(result) or result > 2**63 - 1:
        return None
    return int(result)


def json_value(value: Any) -> Any:
    """A JSON string parsed (other values as they are); None when it is not valid JSON."""
    if isinstance(value, str | bytes):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            return None
    return value


def indexed(attrs: Mapping[str, Any], prefix: str) -> list[Attrs]:
    """Flattened lists such as ``llm.input_messages.0.message.role``, in index order.

    Example:
        >>> indexed({"p.1.role": "user", "p.0.role": "system", "p.0.content": "hi"}, "p.")
        [{'role': 'system', 'content': 'hi'}, {'role': 'user'}]
    """
    found: dict[int, Attrs] = {}
    for key, value in attrs.items():
        if not key.startswith(prefix):
            continue
        index, _, rest = key[len(prefix) :].partition(".")
        if rest and index.isdigit() and len(index) < 7:
            found.setdefault(int(index), {})[rest] = value
    return [found[i] for i in sorted(found)]


def hex_id(raw: bytes, size: int) -> str | None:
    """A trace (``size`` 16) or span (8) id as hex; None unless ``size`` bytes, not all zero."""
    if len(raw) != size or raw == _ZEROS[size]:
        return None
    return raw.hex()
