"""The state store's plumbing: engines per backend, Alembic configuration, error wrapping.

SQLite gets WAL, a busy timeout and SQLAlchemy-controlled transactions (so DDL
and writes are atomic); PostgreSQL gets a connect timeout and pre-ping. Every
database error leaves here as a :class:`StateError` that names the URL, with
its password masked, and says what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from aisre.core import AisreError, StateError

__all__ = ["WRITE", "alembic_config", "create_state_engine", "mask_url", "state_errors"]

#: Execution option for a transaction that will write: SQLite takes the write lock at BEGIN.
WRITE = "aisre_sqlite_immediate"

_MIGRATIONS = Path(__file__).parent / "migrations"
_SQLITE_BUSY_TIMEOUT_MS = 10_000


def mask_url(url: str) -> str:
    """``url`` with any password replaced by ``***``, fit for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


def alembic_config() -> Config:
    """An Alembic configuration built in code, with no ``alembic.ini``."""
    config = Config()
    # A path inside the package, so the migrations run from an installed wheel.
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.set_main_option("path_separator", "os")
    return config


@contextmanager
def state_errors(masked_url: str, action: str) -> Iterator[None]:
    """Turn database and migration errors raised inside into :class:`StateError`.

    Args:
        masked_url: The store's URL, password already masked.
        action: What was being done, completing "cannot ...", e.g. "list API keys".
    """
    try:
        yield
    except AisreError:
        raise
    except SQLAlchemyError as exc:
        raise StateError(
            f"state store {masked_url}: cannot {action}: {_reason(exc)}", hint=_hint(exc)
        ) from exc
    except CommandError as exc:
        raise StateError(
            f"state store {masked_url}: cannot {action}: {exc}",
            hint="the database may have been migrated by a newer aisre; upgrade aisre",
        ) from exc


def create_state_engine(url: str) -> Engine:
    """An engine for ``url``, set up for its backend; nothing connects yet.

    Raises:
        StateError: The URL is invalid, its driver is missing, or the SQLite
            directory cannot be created.
    """
    masked = mask_url(url)
    try:
        parsed = make_url(url)
        if parsed.drivername == "postgresql":
            # Plain postgresql:// means psycopg2, which aisre does not ship; psycopg 3 it does.
            parsed = parsed.set(drivername="postgresql+psycopg")
        backend = parsed.get_backend_name()
        kwargs: dict[str, Any] = {}
        if backend == "sqlite":
            _make_sqlite_dir(parsed, masked)
        else:
            kwargs["pool_pre_ping"] = True
        if backend == "postgresql" and "connect_timeout" not in parsed.query:
            kwargs["connect_args"] = {"connect_timeout": 10}
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise StateError(
            f"cannot use state store URL {masked}: {exc}",
            hint="state.url takes sqlite:///path/state.db or "
            "postgresql+psycopg://user:password@host:5432/database",
        ) from exc
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _make_sqlite_dir(url: URL, masked: str) -> None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StateError(
            f"cannot create the directory of state store {masked}: {exc.strerror}",
            hint="check state.url and the permissions of its directory",
        ) from exc


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling begins late and leaves DDL outside any
    # transaction; taking it over (BEGIN in _sqlite_begin) makes migrations atomic.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets readers proceed while one writer writes; the timeout makes a
        # second writer wait for the lock instead of failing at once.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # A writer takes the lock up front: upgrading a read lock later can fail at once
    # with "database is locked", whatever the busy timeout.
    immediate = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _reason(exc: SQLAlchemyError) -> str:
    cause = exc.orig if isinstance(exc, DBAPIError) else exc
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__


def _hint(exc: SQLAlchemyError) -> str:
    reason = str(exc.orig if isinstance(exc, DBAPIError) else exc)
    if "no such table" in reason or ("does not exist" in reason and "relation" in reason):
        return "run `aisre db upgrade` to create the tables"
    if (isinstance(exc, DBAPIError) and exc.connection_invalidated) or "connect" in reason:
        return "check state.url and that the database server is running and reachable"
    return "check state.url and the database server's log"
