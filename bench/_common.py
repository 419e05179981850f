"""Helpers shared by the benchmark scripts: timing, process memory, figure lines."""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def figure(name: str, value: float, unit: str) -> None:
    """Print one figure line, the format every benchmark ends with."""
    print(f"figure {name} {value:.6g} {unit}", flush=True)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    """The peak resident set size (VmHWM) of a process, in MB (10^6 bytes)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError("VmHWM not found")


def start_aisre(
    args: Sequence[str], port: int, log: Path, cpu: int | None = 0, timeout_s: float = 120
) -> subprocess.Popen[bytes]:
    """Start ``aisre ARGS`` as a subprocess and wait until ``/healthz`` on ``port`` answers.

    The process is pinned to ``cpu`` when taskset exists and the machine has
    more than one CPU; ``AISRE_*`` variables are removed from its environment.
    """
    cmd = [sys.executable, "-m", "aisre", *args]
    if cpu is not None and shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        cmd = ["taskset", "-c", str(cpu), *cmd]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISRE_")}
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"aisre {args[0]} exited:\n{log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"aisre {args[0]} did not start:\n{log.read_text()}")


def start_server(
    config: Path, port: int, log: Path, cpu: int | None = 0
) -> subprocess.Popen[bytes]:
    """Start ``aisre up`` as a subprocess, pinned to one CPU when taskset exists."""
    return start_aisre(["up", "--config", str(config), "--port", str(port)], port, log, cpu, 60)


def start_demo_service(port: int, log: Path, cpu: int | None = 1) -> subprocess.Popen[bytes]:
    """Start the reference service (``aisre demo-service``, instant pace) as a subprocess."""
    return start_aisre(["demo-service", "--port", str(port), "--pace", "instant"], port, log, cpu)
