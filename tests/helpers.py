"""Small builders shared by the tests."""

from __future__ import annotations

import hashlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aisre.core import (
    AisreConfig,
    ApiKeyConfig,
    LakeConfig,
    ScoringConfig,
    ServerConfig,
    StateConfig,
)

T0 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def config_in(tmp: Path, *, scorers: list[str] | None = None, **server: Any) -> AisreConfig:
    """A configuration keeping lake, spool and state under ``tmp``.

    No online scoring unless ``scorers`` names some: most tests count the
    scores they send, and scoring would add its own.
    """
    return AisreConfig(
        server=ServerConfig(**server),
        lake=LakeConfig(url=str(tmp / "lake"), spool_dir=str(tmp / "spool")),
        state=StateConfig(url=f"sqlite:///{tmp / 'state.db'}"),
        scoring=ScoringConfig(scorers=scorers or []),
    )


def key_config(name: str, secret: str, *scopes: str) -> ApiKeyConfig:
    """An API key as it is written in aisre.yaml: by the SHA-256 of its secret."""
    return ApiKeyConfig(
        name=name,
        sha256=hashlib.sha256(secret.encode()).hexdigest(),
        scopes=list(scopes),  # type: ignore[arg-type]
    )


def interaction(i: int = 0, **fields: Any) -> dict[str, Any]:
    """One interaction as JSON, ``i`` seconds after T0."""
    body: dict[str, Any] = {
        "service": "svc",
        "timestamp": (T0 + timedelta(seconds=i)).isoformat(),
        "latency_ms": 100.0 + i,
        "model": "m",
        "model_version": "v1",
        "input": f"question {i}",
        "output": f"answer {i}",
        "input_tokens": 10,
        "output_tokens": 20,
    }
    body.update(fields)
    return body


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free local port in a daemon thread; yields its URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            assert thread.is_alive(), "the server failed to start"
            threading.Event().wait(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
