"""Durability on acknowledgement: SIGKILL the server mid-stream, restart it, lose nothing.

``aisre up`` runs as a real subprocess. Several threads ingest batches with
their own ids and remember which batches were acknowledged; the server is
killed with SIGKILL while they are sending, restarted on the same spool and
lake, and stopped gracefully. Every acknowledged interaction must then be in
the lake's Parquet files exactly once, and nothing at all may be there twice.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import httpx
import pytest
import yaml

from .helpers import interaction

BATCH = 200
THREADS = 4


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(config: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISRE_")}
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "aisre", "up", "--config", str(config), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"aisre up exited early:\n{log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"aisre up did not become healthy:\n{log.read_text()}")


def _sender(url: str, worker: int, acked: list[str], stop: threading.Event) -> None:
    with httpx.Client(base_url=url, timeout=10) as client:
        n = 0
        while not stop.is_set():
            ids = [f"w{worker}-b{n}-{i}" for i in range(BATCH)]
            items = [interaction(i, id=ident) for i, ident in enumerate(ids)]
            try:
                response = client.post("/api/v1/interactions", json={"interactions": items})
            except httpx.HTTPError:
                return  # the server died: this batch was never acknowledged
            if response.status_code == 200:
                acked.extend(response.json()["ids"])
            n += 1


@pytest.mark.slow
def test_sigkill_loses_no_acknowledged_interaction(tmp_path: Path) -> None:
    config = tmp_path / "aisre.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "lake": {
                    "url": str(tmp_path / "lake"),
                    "spool_dir": str(tmp_path / "spool"),
                    "flush_interval_s": 0.2,
                },
                "state": {"url": f"sqlite:///{tmp_path / 'state.db'}"},
            }
        )
    )
    log = tmp_path / "server.log"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = _start(config, port, log)

    acked: list[str] = []
    stop = threading.Event()
    threads = [threading.Thread(target=_sender, args=(url, w, acked, stop)) for w in range(THREADS)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while len(acked) < 20 * BATCH and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)  # mid-stream: senders are still posting
    proc.wait()
    stop.set()
    for t in threads:
        t.join()
    assert len(acked) >= 20 * BATCH, "too few batches were acknowledged to make the test count"

    proc = _start(config, port, log)  # replays the spool on start
    proc.send_signal(signal.SIGTERM)
    # uvicorn shuts down gracefully, then re-raises the signal it caught.
    assert proc.wait(timeout=60) in (0, -signal.SIGTERM), log.read_text()

    pattern = str(tmp_path / "lake" / "interactions" / "**" / "*.parquet")
    counts = dict(
        duckdb.sql(f"SELECT id, count(*) FROM read_parquet('{pattern}') GROUP BY id").fetchall()
    )
    missing = [i for i in acked if i not in counts]
    assert not missing, f"{len(missing)} acknowledged interactions lost, e.g. {missing[:3]}"
    twice = {i: n for i, n in counts.items() if n > 1}
    assert not twice, f"{len(twice)} interactions stored more than once"
    assert not list((tmp_path / "spool").glob("*.jsonl")), "the spool was not drained"
