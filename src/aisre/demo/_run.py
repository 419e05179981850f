"""``aisre demo``: the whole loop, so far, on simulated time.

It starts the server in-process, feeds it hours of simulated traffic through
the ingest API, and prints the infrastructure SLIs per model version and hour
read back from the lake.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import msgspec

from aisre.core import AisreConfig, Interaction, LakeConfig, SimulatedClock, StateConfig
from aisre.server import BackgroundServer

from ._synthetic import SyntheticTraffic

DEMO_START = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)
BATCH = 500


@dataclass(frozen=True)
class DemoResult:
    """What the demo did and measured."""

    interactions: int
    rows: list[dict[str, Any]]
    data_dir: Path


def demo_config(data_dir: Path) -> AisreConfig:
    """A configuration keeping everything under ``data_dir``."""
    return AisreConfig(
        lake=LakeConfig(url=str(data_dir / "lake"), spool_dir=str(data_dir / "spool")),
        state=StateConfig(url=f"sqlite:///{data_dir / 'state.db'}"),
    )


def run_demo(
    *,
    hours: float = 6.0,
    rate_per_s: float = 2.0,
    seed: int = 7,
    data_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoResult:
    """Run the demo and return the SLI rows it read back.

    Args:
        hours: Simulated hours of traffic.
        rate_per_s: Mean simulated requests per second.
        seed: Random seed of the traffic.
        data_dir: Where to keep the lake and state; a temporary directory when None.
        progress: Called with (simulated seconds done, total) as the feed goes.
    """
    tmp = None
    if data_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="aisre-demo-")
        data_dir = Path(tmp.name)
    clock = SimulatedClock(DEMO_START)
    traffic = SyntheticTraffic(
        start=DEMO_START,
        hours=hours,
        rate_per_s=rate_per_s,
        deploy_at_hour=hours / 2,
        seed=seed,
    )
    encoder = msgspec.json.Encoder()
    total_seconds = int(hours * 3600)
    sent = 0
    try:
        with (
            BackgroundServer(demo_config(data_dir), clock=clock) as server,
            httpx.Client(base_url=server.url, timeout=30) as client,
        ):
            pending: list[Interaction] = []
            deployed = False
            for i, (now, items) in enumerate(traffic.seconds()):
                clock.set(now)
                if not deployed and now >= traffic.deployment().timestamp:
                    _post(
                        client,
                        "/api/v1/changes",
                        encoder.encode({"changes": [traffic.deployment()]}),
                    )
                    deployed = True
                pending.extend(items)
                if len(pending) >= BATCH:
                    _post(client, "/api/v1/interactions", encoder.encode({"interactions": pending}))
                    sent += len(pending)
                    pending = []
                if progress is not None and i % 600 == 0:
                    progress(i, total_seconds)
            if pending:
                _post(client, "/api/v1/interactions", encoder.encode({"interactions": pending}))
                sent += len(pending)
            clock.advance(1)
            assert server.stores is not None
            server.stores.lake.flush()
            if progress is not None:
                progress(total_seconds, total_seconds)
            response = client.get(
                "/api/v1/slis",
                params={
                    "start": DEMO_START.isoformat(),
                    "end": (DEMO_START + timedelta(hours=hours)).isoformat(),
                    "group_by": "hour,model_version",
                },
            )
            response.raise_for_status()
            rows = response.json()["rows"]
    finally:
        if tmp is not None:
            tmp.cleanup()
    return DemoResult(interactions=sent, rows=rows, data_dir=data_dir)


def _post(client: httpx.Client, path: str, body: bytes) -> None:
    response = client.post(path, content=body, headers={"content-type": "application/json"})
    if response.status_code != 200:
        raise RuntimeError(f"POST {path} answered {response.status_code}: {response.text}")
