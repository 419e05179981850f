"""The features of interactions that drift is measured on.

A window is a list of flat rows (``dict``), one per interaction, with the
columns of :data:`ROW_COLUMNS`; :func:`row_of` makes one from an
:class:`~aisre.core.Interaction` and the lake query
(:mod:`._drift_window`) selects the same columns, so the statistics do not
care where the rows came from.

* numeric: ``input_tokens``, ``output_tokens`` (as the service reported
  them) and ``input_chars`` (the length of the input text);
* categorical: ``language`` and ``query_type`` (the interaction's free
  attributes of those names), ``operation`` and ``model``;
* text: ``input``, the query, which is embedded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from aisre.core import Interaction

__all__ = [
    "CATEGORICAL_FEATURES",
    "MISSING",
    "NUMERIC_FEATURES",
    "ROW_COLUMNS",
    "TEXT_LIMIT",
    "categorical_values",
    "numeric_values",
    "query_texts",
    "row_of",
    "rows_of",
]

NUMERIC_FEATURES: tuple[str, ...] = ("input_tokens", "output_tokens", "input_chars")
CATEGORICAL_FEATURES: tuple[str, ...] = ("language", "query_type", "operation", "model")
ROW_COLUMNS: tuple[str, ...] = (
    "id",
    "timestamp",
    "input",
    "input_chars",
    "input_tokens",
    "output_tokens",
    "operation",
    "model",
    "language",
    "query_type",
)
#: The category of a row without a value (an interaction without the attribute).
MISSING = "(none)"
#: Characters of an input that are embedded; the rest is cut.
TEXT_LIMIT = 2000


def row_of(interaction: Interaction) -> dict[str, Any]:
    """The flat row of one interaction, as the lake query returns it."""
    return {
        "id": interaction.id,
        "timestamp": interaction.timestamp,
        "input": interaction.input[:TEXT_LIMIT],
        "input_chars": len(interaction.input),
        "input_tokens": interaction.input_tokens,
        "output_tokens": interaction.output_tokens,
        "operation": interaction.operation,
        "model": interaction.model,
        "language": interaction.attributes.get("language"),
        "query_type": interaction.attributes.get("query_type"),
    }


def rows_of(items: Iterable[Interaction | Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows of interactions (structs are flattened; mappings are taken as rows)."""
    return [row_of(i) if isinstance(i, Interaction) else dict(i) for i in items]


def numeric_values(rows: Sequence[Mapping[str, Any]], feature: str) -> list[float]:
    """The non-missing values of a numeric feature."""
    return [float(v) for row in rows if (v := row.get(feature)) is not None]


def categorical_values(rows: Sequence[Mapping[str, Any]], feature: str) -> list[str]:
    """The values of a categorical feature, a missing one as :data:`MISSING`."""
    return [MISSING if (v := row.get(feature)) in (None, "") else str(v) for row in rows]


def query_texts(rows: Sequence[Mapping[str, Any]]) -> list[tuple[int, str]]:
    """``(index, text)`` of the rows with a non-empty input, cut to :data:`TEXT_LIMIT`."""
    return [
        (n, str(text)[:TEXT_LIMIT])
        for n, row in enumerate(rows)
        if (text := row.get("input")) and str(text).strip()
    ]
