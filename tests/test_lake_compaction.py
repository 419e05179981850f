"""Compaction: an hour's small files become one; no row is lost or doubled, even in a crash."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from aisre.core import Interaction, LakeConfig, SimulatedClock
from aisre.store import EventLake, Partition
from aisre.store._lake_compaction import conform

from . import s3

s3_endpoint = s3.s3_endpoint
s3_client = s3.s3_client
s3_lake_config = s3.s3_lake_config

MakeLake = Callable[..., EventLake]


class Crash(BaseException):
    """Stands for the process dying: nothing after it runs."""


@pytest.fixture(params=["local", "s3"])
def config(request: pytest.FixtureRequest, tmp_path: Path) -> LakeConfig:
    if request.param == "local":
        base = LakeConfig(url=str(tmp_path / "lake"), spool_dir=str(tmp_path / "spool"))
    else:
        base = request.getfixturevalue("s3_lake_config")
    return base.model_copy(update={"compact_min_files": 4})


@pytest.fixture
def make_lake(clock: SimulatedClock) -> Iterator[MakeLake]:
    lakes: list[EventLake] = []

    def make(config: LakeConfig) -> EventLake:
        lake = EventLake(config, clock)
        lakes.append(lake)
        return lake

    yield make
    for lake in lakes:
        lake.close(flush=False)


def write_files(lake: EventLake, clock: SimulatedClock, files: int, per_file: int = 3) -> set[str]:
    """Flush ``files`` times into the current hour; returns the ids written."""
    ids: set[str] = set()
    for f in range(files):
        items = [
            Interaction(service="svc", timestamp=clock.now(), latency_ms=float(f * per_file + n))
            for n in range(per_file)
        ]
        ids.update(lake.append_interactions(items))
        lake.flush()
        clock.advance(1)
    return ids


def partition_of(lake: EventLake) -> Partition:
    (partition,) = lake.storage.partitions("interactions")
    return partition


def stored_ids(lake: EventLake) -> list[str]:
    return sorted(r[0] for r in lake.query("SELECT id FROM interactions"))


def test_due_partition_is_merged_into_one_file(
    config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(config)
    ids = write_files(lake, clock, files=4)
    partition = partition_of(lake)
    assert len(lake.storage.files(partition)) == 4
    assert lake.compact() == 1
    (merged,) = lake.storage.files(partition)
    assert merged.name.startswith("cmp1-")
    assert stored_ids(lake) == sorted(ids)
    assert lake.query("SELECT sum(latency_ms) FROM interactions") == [(float(sum(range(12))),)]


def test_merges_are_tiered(config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock) -> None:
    lake = make_lake(config)  # compact_min_files = 4
    ids: set[str] = set()
    levels = []
    for _ in range(16):
        ids |= write_files(lake, clock, files=1)
        lake._compactor.compact(clock.now(), closed_hours=False)
        levels.append(sorted(f.name.split("-")[0] for f in lake.storage.files(partition_of(lake))))
    # Four flushed files make a level-1 file; four level-1 files make a level-2 file.
    assert levels[3] == ["cmp1"]
    assert levels[7] == ["cmp1", "cmp1"]
    assert levels[15] == ["cmp2"]
    assert stored_ids(lake) == sorted(ids)


def test_open_hour_below_threshold_waits_closed_hour_does_not(
    config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(config)
    write_files(lake, clock, files=2)
    partition = partition_of(lake)
    assert lake.compact() == 0  # the hour is open and has fewer than 4 files
    clock.advance(3600 + 11 * 60)  # the hour has closed, and its grace period passed
    assert lake.compact() == 1
    assert len(lake.storage.files(partition)) == 1


def test_force_merges_open_hours(
    config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(config)
    ids = write_files(lake, clock, files=2)
    assert lake.compact(force=True) == 1
    assert stored_ids(lake) == sorted(ids)


def test_large_files_are_left_alone(
    config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(config.model_copy(update={"compact_target_bytes": 1024}))
    write_files(lake, clock, files=5)  # every file is over 1 KiB: none is small
    assert lake.compact(force=True) == 0


def test_background_flusher_compacts(
    config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(config.model_copy(update={"flush_interval_s": 0.02}))
    lake.start()
    ids: set[str] = set()
    for n in range(12):
        ids.update(
            lake.append_interactions(
                [Interaction(service="svc", timestamp=clock.now(), latency_ms=float(n))]
            )
        )
        threading.Event().wait(0.05)  # let the flusher write a file for each
    lake.close()
    assert len(lake.storage.files(partition_of(lake))) < 12
    reopened = make_lake(config)
    assert stored_ids(reopened) == sorted(ids)


@pytest.mark.parametrize("crash_at", ["write", "delete", "move"])
def test_crash_mid_merge_recovers_exactly_once(
    config: LakeConfig,
    make_lake: MakeLake,
    clock: SimulatedClock,
    crash_at: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lake = make_lake(config)
    ids = write_files(lake, clock, files=4)
    storage = lake.storage
    calls = {"delete": 0}

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise Crash

    if crash_at == "write":
        monkeypatch.setattr(storage, "write_tables", crash)
    elif crash_at == "move":
        monkeypatch.setattr(storage, "move", crash)
    else:
        real_delete = storage.delete_file

        def delete_one_then_crash(relpath: str) -> None:
            calls["delete"] += 1
            if calls["delete"] == 2:
                raise Crash
            real_delete(relpath)

        monkeypatch.setattr(storage, "delete_file", delete_one_then_crash)
    with pytest.raises(Crash):
        lake.compact()
    monkeypatch.undo()

    restarted = make_lake(config)
    restarted.start()  # recovers the merge before anything else
    assert stored_ids(restarted) == sorted(ids)
    assert not list((Path(config.spool_dir) / "compaction").glob("*.json"))
    restarted.compact()
    assert stored_ids(restarted) == sorted(ids)
    assert len(restarted.storage.files(partition_of(restarted))) == 1


def test_queries_never_see_a_merge_half_done(
    tmp_path: Path, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    config = LakeConfig(
        url=str(tmp_path / "lake"), spool_dir=str(tmp_path / "spool"), compact_min_files=2
    )
    lake = make_lake(config)
    write_files(lake, clock, files=2, per_file=5)
    expected = 10
    seen: list[int] = []
    stop = threading.Event()

    def query() -> None:
        while not stop.is_set():
            seen.append(lake.query("SELECT count(*) FROM interactions")[0][0])

    reader = threading.Thread(target=query)
    reader.start()
    try:
        for _ in range(15):
            ids = write_files(lake, clock, files=2, per_file=5)
            expected += len(ids)
            lake.compact()
    finally:
        stop.set()
        reader.join()
    assert seen, "the reader never ran"
    assert seen == sorted(seen), f"a count went down mid-merge: {seen}"
    assert lake.query("SELECT count(*) FROM interactions") == [(expected,)]


def test_conform_adds_missing_columns_and_casts() -> None:
    schema = pa.schema([("a", pa.int64()), ("b", pa.string()), ("c", pa.float64())])
    table = pa.table({"c": pa.array([1, 2], pa.int32()), "a": pa.array([3, 4], pa.int64())})
    out = conform(table, schema)
    assert out.schema == schema
    assert out.to_pylist() == [{"a": 3, "b": None, "c": 1.0}, {"a": 4, "b": None, "c": 2.0}]


def test_retention_still_drops_compacted_hours(
    config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(config)
    write_files(lake, clock, files=4)
    lake.compact()
    clock.advance(timedelta(days=config.retention_days, hours=2).total_seconds())
    assert len(lake.enforce_retention()) == 1
    assert lake.query("SELECT count(*) FROM interactions") == [(0,)]
