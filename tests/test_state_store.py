"""The state store against real SQLite and PostgreSQL, and the ``aisre db`` / ``aisre keys`` CLI."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from typer.testing import CliRunner

from aisre.core import InputError, NotFound, SimulatedClock, StateError
from aisre.store import ApiKeyRecord, StateStore
from aisre.store._state_models import ApiKeyRow, StateBase


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def state_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/nested/dir/state.db"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(state_url: str, clock: SimulatedClock) -> Iterator[StateStore]:
    with StateStore.open(state_url, clock) as opened:
        yield opened


def test_migrations_reach_head_and_are_idempotent(state_url: str, clock: SimulatedClock) -> None:
    with StateStore(state_url, clock) as store:
        assert store.current_revision() is None
        assert store.upgrade() == StateStore.head_revision() == "0001"
        assert store.upgrade() == "0001"
        assert store.current_revision() == "0001"
        store.require_current()


def test_require_current_before_upgrade(state_url: str, clock: SimulatedClock) -> None:
    with StateStore(state_url, clock) as store, pytest.raises(StateError, match="db upgrade"):
        store.require_current()


def test_migrations_match_the_models(store: StateStore, state_url: str) -> None:
    engine = sa.create_engine(state_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), StateBase.metadata
            )
    finally:
        engine.dispose()
    assert diff == []


def test_sqlite_uses_wal(tmp_path: Path, clock: SimulatedClock) -> None:
    with StateStore.open(f"sqlite:///{tmp_path}/a/b/state.db", clock):
        pass
    assert (tmp_path / "a" / "b" / "state.db").exists()
    engine = sa.create_engine(f"sqlite:///{tmp_path}/a/b/state.db")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()


def test_create_verify_list_revoke(store: StateStore, clock: SimulatedClock) -> None:
    record, secret = store.create_api_key("gateway", ["ingest", "read", "ingest"])
    assert secret.startswith("aisre_") and len(secret) > 40
    assert record == ApiKeyRecord("gateway", frozenset({"ingest", "read"}), clock.now())
    assert record.active
    assert store.verify_api_key(secret) == record

    clock.advance(60)
    admin, admin_secret = store.create_api_key("ops", ["admin"])
    assert [k.name for k in store.list_api_keys()] == ["gateway", "ops"]
    assert store.verify_api_key(admin_secret) == admin

    clock.advance(60)
    revoked = store.revoke_api_key("gateway")
    assert revoked.revoked_at == clock.now() and not revoked.active
    assert store.verify_api_key(secret) is None
    assert store.verify_api_key(admin_secret) == admin
    clock.advance(60)
    assert store.revoke_api_key("gateway").revoked_at == revoked.revoked_at
    assert store.list_api_keys()[0] == revoked


def test_only_the_digest_is_stored(store: StateStore, state_url: str) -> None:
    _, secret = store.create_api_key("gateway", ["ingest"])
    engine = sa.create_engine(state_url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(sa.select(ApiKeyRow.key_sha256)).scalar_one()
    finally:
        engine.dispose()
    assert stored == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(store.list_api_keys())


@pytest.mark.parametrize("wrong", ["", "aisre_", "aisre_wrong", "x" * 1000])
def test_wrong_secrets_do_not_verify(store: StateStore, wrong: str) -> None:
    _, secret = store.create_api_key("gateway", ["read"])
    assert store.verify_api_key(wrong) is None
    assert store.verify_api_key(secret + "x") is None


def test_duplicate_name(store: StateStore) -> None:
    store.create_api_key("gateway", ["read"])
    store.revoke_api_key("gateway")
    with pytest.raises(StateError, match="'gateway' already exists") as info:
        store.create_api_key("gateway", ["ingest"])
    assert info.value.hint and "keys list" in info.value.hint
    assert len(store.list_api_keys()) == 1


@pytest.mark.parametrize("scopes", [[], ["write"], ["read", "root"]])
def test_invalid_scopes(store: StateStore, scopes: list[str]) -> None:
    with pytest.raises(InputError, match="scope"):
        store.create_api_key("gateway", scopes)
    assert store.list_api_keys() == []


@pytest.mark.parametrize("name", ["", " gateway", "a b", "-x", "x" * 201])
def test_invalid_names(store: StateStore, name: str) -> None:
    with pytest.raises(InputError, match="name"):
        store.create_api_key(name, ["read"])


def test_revoke_unknown(store: StateStore) -> None:
    with pytest.raises(NotFound, match="'ghost'"):
        store.revoke_api_key("ghost")


def test_aware_datetimes_round_trip_in_utc(state_url: str) -> None:
    tz = timezone(timedelta(hours=5, minutes=30))
    clock = SimulatedClock(datetime(2026, 3, 1, 17, 30, 0, 123456, tzinfo=tz))
    with StateStore.open(state_url, clock) as store:
        store.create_api_key("gateway", ["read"])
        (listed,) = store.list_api_keys()
    assert listed.created_at == datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
    assert listed.created_at.utcoffset() == timedelta(0)


def test_concurrent_creates(store: StateStore) -> None:
    errors: list[BaseException] = []

    def create(i: int) -> None:
        try:
            store.create_api_key(f"key-{i}", ["read"])
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.list_api_keys()) == 8


def test_unreachable_postgres_masks_the_password(clock: SimulatedClock) -> None:
    url = "postgresql+psycopg://aisre:hunter2@127.0.0.1:1/state?connect_timeout=2"
    with StateStore(url, clock) as store, pytest.raises(StateError) as info:
        store.upgrade()
    message = str(info.value)
    assert "aisre:***@127.0.0.1:1/state" in message
    assert "hunter2" not in message and "hunter2" not in repr(store)
    assert info.value.hint and "reachable" in info.value.hint


def test_invalid_url(clock: SimulatedClock) -> None:
    with pytest.raises(StateError, match="state store URL"):
        StateStore("nonsense://x:secret@host/db", clock)


def test_tables_missing_hint(tmp_path: Path, clock: SimulatedClock) -> None:
    with StateStore(f"sqlite:///{tmp_path}/state.db", clock) as store:
        with pytest.raises(StateError, match="no such table") as info:
            store.list_api_keys()
        assert info.value.hint and "db upgrade" in info.value.hint


# -- CLI ---------------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[tuple[CliRunner, Path]]:
    import aisre.cli._commands  # noqa: F401  (registers the commands)

    config = tmp_path / "aisre.yaml"
    config.write_text("state:\n  url: sqlite:///data/state.db\n", encoding="utf-8")
    yield CliRunner(), config


def test_cli_db_and_keys(cli: tuple[CliRunner, Path], tmp_path: Path) -> None:
    from aisre.cli._app import app

    runner, config = cli
    result = runner.invoke(app, ["db", "current", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "no schema yet" in result.stdout

    result = runner.invoke(app, ["keys", "list", "--config", str(config)])
    assert result.exit_code == 2 and "db upgrade" in result.stderr

    result = runner.invoke(app, ["db", "upgrade", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "0001" in result.stdout and (tmp_path / "data" / "state.db").exists()

    args = ["keys", "create", "gateway", "--scope", "ingest", "--scope", "read"]
    result = runner.invoke(app, [*args, "--config", str(config)])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert secret.startswith("aisre_") and "not be shown again" in result.stderr

    result = runner.invoke(app, [*args, "-c", str(config)])
    assert result.exit_code == 2 and "already exists" in result.stderr

    result = runner.invoke(app, ["keys", "create", "x", "--scope", "root", "-c", str(config)])
    assert result.exit_code == 2 and "unknown scope 'root'" in result.stderr

    result = runner.invoke(app, ["keys", "list", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "gateway" in result.stdout and "ingest,read" in result.stdout
    assert "active" in result.stdout and secret not in result.stdout

    result = runner.invoke(app, ["keys", "revoke", "gateway", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "revoked" in result.stdout
    result = runner.invoke(app, ["keys", "revoke", "ghost", "--config", str(config)])
    assert result.exit_code == 2 and "no API key named 'ghost'" in result.stderr

    with StateStore(f"sqlite:///{tmp_path}/data/state.db", SimulatedClock(_T0)) as store:
        assert store.verify_api_key(secret) is None
        assert store.list_api_keys()[0].revoked_at is not None


def test_cli_help_explains_every_command(cli: tuple[CliRunner, Path]) -> None:
    from aisre.cli._app import app

    runner, _ = cli
    for command in (["db", "upgrade"], ["db", "current"], ["keys", "create"], ["keys", "list"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, result.output
        assert "--config" in result.stdout and "state.url" in result.stdout
    result = runner.invoke(app, ["keys", "create", "--help"])
    assert "ingest" in result.stdout and "admin" in result.stdout


_T0 = datetime(2026, 1, 1, tzinfo=UTC)
