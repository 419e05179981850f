"""Shared fixtures: real services (PostgreSQL, S3) found or started, fresh stores per test."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlparse

import pytest

from aisre.core import SimulatedClock

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
POSTGRES_URL = os.environ.get(
    "AISRE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _reachable(url: str) -> bool:
    parsed = urlparse(url.replace("+psycopg", ""))
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), 2):
            return True
    except OSError:
        return False


def need_service(name: str, ok: bool, how: str) -> None:
    """Fail in CI, skip elsewhere, when a real service a test needs is not there."""
    if ok:
        return
    message = f"{name} is not reachable; start it with: {how}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(datetime(2026, 11, 30, 12, 0, tzinfo=UTC))


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    need_service(
        "PostgreSQL",
        _reachable(POSTGRES_URL),
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start "
        "(or set AISRE_TEST_POSTGRES_URL)",
    )
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


REDIS_URL = os.environ.get("AISRE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_queue_config() -> Iterator[object]:
    """A queue configuration on the real Redis with a stream of its own, deleted afterwards."""
    parsed = urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), 2):
            ok = True
    except OSError:
        ok = False
    need_service(
        "Redis",
        ok,
        "redis-server --daemonize yes --port 6379 --save '' (or set AISRE_TEST_REDIS_URL)",
    )
    import redis

    from aisre.core import QueueConfig

    stream = f"aisre-test:{uuid.uuid4().hex[:12]}"
    yield QueueConfig(url=REDIS_URL, stream=stream, claim_idle_s=1.0, batch_size=16)
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(stream)
    client.close()
