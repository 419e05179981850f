"""The tables of the state store, as typed SQLAlchemy ORM classes, and their value objects.

The schema itself is created by the Alembic migrations in ``migrations/versions``;
these classes describe the same tables for queries, and a test checks that the
two agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import get_args

from sqlalchemy import DateTime, Dialect, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from aisre.core import InputError, Scope

__all__ = [
    "SCOPES",
    "ApiKeyRecord",
    "ApiKeyRow",
    "StateBase",
    "UtcDateTime",
    "parse_scopes",
]

#: Every scope an API key can carry.
SCOPES: frozenset[str] = frozenset(get_args(Scope))

# Named constraints, so that later migrations can alter them by name on every backend
# (SQLite's batch mode needs names to rebuild a table).
_NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime that is stored, and read back, in UTC.

    PostgreSQL keeps the offset (``timestamptz``); SQLite has no such type and
    drops it, so values are normalised to UTC on the way in and marked UTC on
    the way out. Naive datetimes are rejected rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()}: the state store needs UTC")
        value = value.astimezone(UTC)
        # SQLite stores text; without the offset all values sort and compare as UTC.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class StateBase(DeclarativeBase):
    """The declarative base of every state-store table."""

    metadata = MetaData(naming_convention=_NAMING)


class ApiKeyRow(StateBase):
    """An API key: only the SHA-256 of its secret is stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    #: Comma-separated, sorted: ``"ingest,read"``.
    scopes: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    def to_record(self) -> ApiKeyRecord:
        """The row as an immutable value, detached from any session."""
        return ApiKeyRecord(
            name=self.name,
            scopes=frozenset(s for s in self.scopes.split(",") if s),
            created_at=self.created_at,
            revoked_at=self.revoked_at,
        )


@dataclass(frozen=True)
class ApiKeyRecord:
    """An API key as the rest of aisre sees it; never holds the secret.

    Attributes:
        name: The unique name given when the key was created.
        scopes: What the key may do: some of ``ingest``, ``read``, ``admin``.
        created_at: When the key was created (UTC).
        revoked_at: When the key was revoked (UTC), or None while it is active.
    """

    name: str
    scopes: frozenset[str]
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        """Whether the key has not been revoked."""
        return self.revoked_at is None


def parse_scopes(scopes: Iterable[str]) -> str:
    """Validate scopes and render them as the stored comma-separated string.

    Args:
        scopes: Scope names; duplicates are ignored.

    Raises:
        InputError: There is no scope, or one is not ``ingest``, ``read`` or ``admin``.
    """
    wanted = {s.strip().lower() for s in scopes}
    if not wanted:
        raise InputError(
            "an API key needs at least one scope",
            hint=f"choose from: {', '.join(sorted(SCOPES))}",
        )
    unknown = sorted(wanted - SCOPES)
    if unknown:
        raise InputError(
            f"unknown scope {', '.join(repr(s) for s in unknown)}",
            hint=f"choose from: {', '.join(sorted(SCOPES))}",
        )
    return ",".join(sorted(wanted))
