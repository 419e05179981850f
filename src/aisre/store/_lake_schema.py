"""The columns of each kind of record in the event lake, derived from the domain types.

Deriving the DuckDB column types from the msgspec structs keeps the lake's
schema and the wire schema from drifting apart: a field added to
:class:`~aisre.core.Interaction` is a column the next time a segment is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec
import msgspec.inspect as mi

from aisre.core import ChangeEvent, Interaction, Score


@dataclass(frozen=True)
class RecordKind:
    """One kind of record the lake keeps (a table, in DuckDB terms)."""

    name: str
    type: type[msgspec.Struct]

    @property
    def columns(self) -> dict[str, str]:
        """Column name to DuckDB type, in field order."""
        return _columns(self.type)


INTERACTIONS = RecordKind("interactions", Interaction)
SCORES = RecordKind("scores", Score)
CHANGES = RecordKind("changes", ChangeEvent)
KINDS: dict[str, RecordKind] = {k.name: k for k in (INTERACTIONS, SCORES, CHANGES)}

#: Hive partition columns every file path carries: ``date=YYYY-MM-DD/hour=HH``.
PARTITION_TYPES = {"date": "DATE", "hour": "INTEGER"}


def _columns(struct: type[msgspec.Struct]) -> dict[str, str]:
    info = mi.type_info(struct)
    assert isinstance(info, mi.StructType)
    return {f.encode_name: _duckdb_type(f.type) for f in info.fields}


def _duckdb_type(t: Any) -> str:
    if isinstance(t, mi.Metadata):
        return _duckdb_type(t.type)
    if isinstance(t, mi.UnionType):
        rest = [x for x in t.types if not isinstance(x, mi.NoneType)]
        if len(rest) != 1:
            return "JSON"
        return _duckdb_type(rest[0])
    if isinstance(t, (mi.StrType, mi.LiteralType)):
        return "VARCHAR"
    if isinstance(t, mi.BoolType):
        return "BOOLEAN"
    if isinstance(t, mi.IntType):
        return "BIGINT"
    if isinstance(t, mi.FloatType):
        return "DOUBLE"
    if isinstance(t, mi.DateTimeType):
        return "TIMESTAMP"  # UTC: the wheel has no ICU for TIMESTAMPTZ maths
    if isinstance(t, mi.ListType):
        return _duckdb_type(t.item_type) + "[]"
    if isinstance(t, mi.DictType):
        if isinstance(t.key_type, mi.StrType) and isinstance(t.value_type, mi.StrType):
            return "MAP(VARCHAR, VARCHAR)"
        return "JSON"
    if isinstance(t, mi.StructType):
        inner = ", ".join(f"{f.encode_name} {_duckdb_type(f.type)}" for f in t.fields)
        return f"STRUCT({inner})"
    return "JSON"
