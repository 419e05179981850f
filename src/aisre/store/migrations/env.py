"""Alembic environment of the state store.

Run by :meth:`aisre.store.StateStore.upgrade`, which passes its own open
connection in ``config.attributes["connection"]``, so migrations use the same
engine settings (SQLite pragmas, timeouts) as the store and never read an
``alembic.ini``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from aisre.store._state_models import StateBase

config = context.config
target_metadata = StateBase.metadata


def _run_online(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _run_offline()
else:
    connection = config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError(
            "the state-store migrations run through aisre.store.StateStore.upgrade(), "
            "which passes its connection; they are not meant for the alembic command"
        )
    _run_online(connection)
