"""aisre.store: the event lake (Parquet + DuckDB, local or S3) and the state store (SQL)."""

from ._lake import EventLake, KindTotals, LakeHealth
from ._lake_schema import KINDS, RecordKind
from ._lake_storage import LakeStorage, LocalStorage, Partition, S3Storage, open_storage
from ._state import StateStore
from ._state_models import ApiKeyRecord

__all__ = [
    "KINDS",
    "ApiKeyRecord",
    "EventLake",
    "KindTotals",
    "LakeHealth",
    "LakeStorage",
    "LocalStorage",
    "Partition",
    "RecordKind",
    "S3Storage",
    "StateStore",
    "open_storage",
]
