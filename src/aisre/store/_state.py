"""The state store: SQLite by default, PostgreSQL by URL, schema by Alembic migrations.

Example:
    >>> from datetime import datetime, timezone
    >>> from aisre.core import SimulatedClock
    >>> clock = SimulatedClock(datetime(2026, 1, 1, tzinfo=timezone.utc))
    >>> with StateStore.open("sqlite://", clock) as store:
    ...     record, secret = store.create_api_key("gateway", ["ingest"])
    ...     store.verify_api_key(secret) == record
    True
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from types import TracebackType
from typing import Self

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from aisre.core import Clock, InputError, NotFound, StateError

from ._state_engine import WRITE, alembic_config, create_state_engine, mask_url, state_errors
from ._state_models import ApiKeyRecord, ApiKeyRow, parse_scopes

__all__ = ["StateStore"]

logger = logging.getLogger(__name__)

_SECRET_PREFIX = "aisre_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$")
# Any constant works: it only has to be the same in every aisre process.
_PG_MIGRATION_LOCK = 0x61697372650001


class StateStore:
    """Durable state of aisre (API keys for now) in a SQL database, safe to share between threads.

    Args:
        url: A SQLAlchemy URL: ``sqlite:///path/state.db`` or
            ``postgresql+psycopg://user:pass@host/db``. Plain ``postgresql://``
            uses psycopg 3, the driver aisre ships with.
        clock: The source of creation and revocation times.

    Attributes:
        url: The URL with its password masked, for messages and logs.

    Raises:
        StateError: The URL is invalid, its driver is missing, or the SQLite
            directory cannot be created.
    """

    def __init__(self, url: str, clock: Clock) -> None:
        self.url = mask_url(url)
        self._clock = clock
        self._engine = create_state_engine(url)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, clock: Clock) -> Self:
        """A store whose schema has been migrated to the newest revision."""
        store = cls(url, clock)
        try:
            store.upgrade()
        except BaseException:
            store.dispose()
            raise
        return store

    def __repr__(self) -> str:
        return f"StateStore({self.url!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.dispose()

    def dispose(self) -> None:
        """Close every pooled connection; the store can still be used afterwards."""
        self._engine.dispose()

    # -- schema -------------------------------------------------------------------------

    def upgrade(self) -> str:
        """Run the migrations up to the newest revision; does nothing when already there.

        Returns:
            The revision the schema is at afterwards.
        """
        with self._errors("migrate the schema"), self._connect(write=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                # Two processes starting at once must not both create the tables.
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                )
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        revision = self.current_revision()
        logger.info("state store %s is at revision %s", self.url, revision)
        return revision or ""

    def current_revision(self) -> str | None:
        """The revision the schema is at, or None before the first migration."""
        with self._errors("read the schema revision"), self._connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    @staticmethod
    def head_revision() -> str:
        """The newest revision this version of aisre knows."""
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert head is not None, "the packaged migrations have no head"
        return head

    def require_current(self) -> None:
        """Check that the schema is at the newest revision.

        Raises:
            StateError: It is not, or the database cannot be reached.
        """
        current, head = self.current_revision(), self.head_revision()
        if current != head:
            raise StateError(
                f"the state store at {self.url} is at revision {current or 'none'}, not at {head}",
                hint="run `aisre db upgrade`",
            )

    # -- API keys -----------------------------------------------------------------------

    def create_api_key(self, name: str, scopes: Iterable[str]) -> tuple[ApiKeyRecord, str]:
        """Create a key; its secret is returned here and never again.

        Args:
            name: A unique name: letters, digits and ``_ . : @ -``.
            scopes: Some of ``ingest``, ``read``, ``admin``.

        Returns:
            The stored key and its secret (``aisre_...``); only the secret's SHA-256 is kept.

        Raises:
            InputError: The name or a scope is invalid.
            StateError: A key with this name exists (revoked ones too), or the database failed.
        """
        if not _NAME.match(name):
            raise InputError(
                f"invalid API key name {name!r}",
                hint="use 1-200 letters, digits and _ . : @ -, starting with a letter or digit",
            )
        stored_scopes = parse_scopes(scopes)
        secret = _SECRET_PREFIX + secrets.token_urlsafe(32)
        duplicate = StateError(
            f"an API key named {name!r} already exists in {self.url}",
            hint="choose another name; `aisre keys list` shows the names in use",
        )
        try:
            with self._session("create an API key", write=True) as session:
                if session.scalar(select(ApiKeyRow.id).where(ApiKeyRow.name == name)) is not None:
                    raise duplicate
                row = ApiKeyRow(
                    name=name,
                    key_sha256=_sha256(secret),
                    scopes=stored_scopes,
                    created_at=self._clock.now(),
                )
                session.add(row)
                session.flush()
                record = row.to_record()
        except StateError as exc:
            # Another process may have taken the name between the check and the insert.
            if isinstance(exc.__cause__, IntegrityError):
                raise duplicate from exc.__cause__
            raise
        logger.info("created API key %r with scopes %s", name, stored_scopes)
        return record, secret

    def list_api_keys(self) -> list[ApiKeyRecord]:
        """Every key, revoked ones included, oldest first."""
        query = select(ApiKeyRow).order_by(ApiKeyRow.created_at, ApiKeyRow.name)
        with self._session("list API keys") as session:
            return [row.to_record() for row in session.scalars(query)]

    def revoke_api_key(self, name: str) -> ApiKeyRecord:
        """Revoke a key so that it no longer verifies; revoking it again changes nothing.

        Raises:
            NotFound: There is no key with this name.
        """
        with self._session("revoke an API key", write=True) as session:
            row = session.scalar(select(ApiKeyRow).where(ApiKeyRow.name == name))
            if row is None:
                raise NotFound(
                    f"no API key named {name!r} in {self.url}",
                    hint="`aisre keys list` shows the existing keys",
                )
            if row.revoked_at is None:
                row.revoked_at = self._clock.now()
                logger.info("revoked API key %r", name)
            return row.to_record()

    def verify_api_key(self, secret: str) -> ApiKeyRecord | None:
        """The active key whose secret this is, or None (unknown, wrong or revoked)."""
        digest = _sha256(secret)
        # The lookup is by digest: an attacker timing the index learns about a hash of
        # a 256-bit random secret, not the secret. The final comparison is constant time.
        query = select(ApiKeyRow).where(ApiKeyRow.key_sha256 == digest)
        with self._session("verify an API key") as session:
            for row in session.scalars(query):
                if hmac.compare_digest(row.key_sha256, digest) and row.revoked_at is None:
                    return row.to_record()
        return None

    # -- plumbing -----------------------------------------------------------------------

    def _errors(self, action: str) -> AbstractContextManager[None]:
        return state_errors(self.url, action)

    @contextmanager
    def _connect(self, *, write: bool = False) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            yield conn.execution_options(**{WRITE: True}) if write else conn

    @contextmanager
    def _session(self, action: str, *, write: bool = False) -> Iterator[Session]:
        with self._errors(action), self._sessions.begin() as session:
            if write:
                session.connection(execution_options={WRITE: True})
            yield session


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
