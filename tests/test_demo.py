"""The demo run end to end, and the determinism of its synthetic traffic."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import msgspec
import pytest

from aisre.core import LakeConfig, SimulatedClock
from aisre.demo import DEMO_START, GOOD, REGRESSED, DemoResult, SyntheticTraffic, run_demo
from aisre.store import EventLake

HOURS, RATE = 0.5, 2.0


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(hours=HOURS, rate_per_s=RATE, data_dir=tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo_lake(demo: DemoResult) -> Iterator[EventLake]:
    """The lake the demo wrote, opened again (and closed without writing anything)."""
    lake = EventLake(
        LakeConfig(url=str(demo.data_dir / "lake"), spool_dir=str(demo.data_dir / "spool")),
        SimulatedClock(DEMO_START + timedelta(hours=HOURS)),
    )
    try:
        yield lake
    finally:
        lake.close(flush=False)


def rows_by_version(demo: DemoResult) -> dict[str, dict[str, Any]]:
    # Half an hour from midnight lies in one hour bucket: one row per model version.
    out: dict[str, dict[str, Any]] = {}
    for row in demo.rows:
        version = row["group"]["model_version"]
        assert version not in out, f"two rows for {version}: {demo.rows}"
        out[version] = row
    return out


def test_demo_reports_both_versions(demo: DemoResult) -> None:
    rows = rows_by_version(demo)
    assert set(rows) == {GOOD.version, REGRESSED.version} == {"v1", "v2"}
    for row in demo.rows:
        assert set(row["group"]) == {"hour", "model_version"}
        assert row["group"]["hour"].startswith(DEMO_START.strftime("%Y-%m-%dT00:00:00"))
        assert row["requests"] > 0


def test_demo_counts_every_interaction_it_sent(demo: DemoResult, demo_lake: EventLake) -> None:
    generated = SyntheticTraffic(
        start=DEMO_START, hours=HOURS, rate_per_s=RATE, deploy_at_hour=HOURS / 2, seed=7
    )
    expected = sum(len(items) for _, items in generated.seconds())
    # About rate x seconds; far from zero, so the checks below are not vacuous.
    assert 0.5 * RATE * HOURS * 3600 < expected < 2 * RATE * HOURS * 3600
    assert demo.interactions == expected
    assert sum(row["requests"] for row in demo.rows) == demo.interactions
    assert demo_lake.pending() == 0  # the demo left nothing behind in the spool
    assert demo_lake.query("SELECT count(*) FROM interactions") == [(demo.interactions,)]
    assert demo_lake.query("SELECT kind, from_version, to_version FROM changes") == [
        ("model_version", "v1", "v2")
    ]


def test_the_regressed_version_is_worse(demo: DemoResult) -> None:
    rows = rows_by_version(demo)
    v1, v2 = rows["v1"], rows["v2"]
    assert v2["latency_p95_ms"] > v1["latency_p95_ms"]
    assert v2["error_rate"] > v1["error_rate"]
    assert v2["availability"] < v1["availability"]


# -- synthetic traffic ------------------------------------------------------------------


def traffic(seed: int, hours: float = 0.05) -> bytes:
    source = SyntheticTraffic(start=DEMO_START, hours=hours, deploy_at_hour=hours / 2, seed=seed)
    return msgspec.json.encode(list(source.seconds()))


def test_same_seed_gives_identical_traffic() -> None:
    first = traffic(11)
    assert len(msgspec.json.decode(first)) == int(0.05 * 3600)
    assert b'"latency_ms"' in first
    assert first == traffic(11)


def test_different_seeds_give_different_traffic() -> None:
    assert traffic(11) != traffic(12)


def test_traffic_switches_version_at_the_deployment() -> None:
    source = SyntheticTraffic(start=DEMO_START, hours=0.1, deploy_at_hour=0.05, seed=3)
    deployed = source.deployment().timestamp
    assert deployed == DEMO_START + timedelta(minutes=3)
    versions_before, versions_after = set(), set()
    for second, items in source.seconds():
        assert DEMO_START <= second < DEMO_START + timedelta(hours=0.1)
        for item in items:
            assert second <= item.timestamp < second + timedelta(seconds=1)
            (versions_before if second < deployed else versions_after).add(item.model_version)
    assert versions_before == {"v1"}
    assert versions_after == {"v2"}


def test_data_dir_keeps_the_lake(demo: DemoResult) -> None:
    assert any((demo.data_dir / "lake").rglob("*.parquet"))
