"""The event lake: spool → Parquet by hour → DuckDB views, on a local directory and on S3."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from aisre.core import (
    ChangeEvent,
    Interaction,
    LakeConfig,
    LakeError,
    LogprobSummary,
    RetrievedChunk,
    S3Config,
    Score,
    SimulatedClock,
)
from aisre.store import EventLake, LakeStorage, LocalStorage, Partition, S3Storage, open_storage

from . import s3

s3_endpoint = s3.s3_endpoint
s3_client = s3.s3_client
s3_lake_config = s3.s3_lake_config

MakeLake = Callable[..., EventLake]


# -- fixtures and builders -------------------------------------------------------------


@pytest.fixture(params=["local", "s3"])
def lake_config(request: pytest.FixtureRequest, tmp_path: Path) -> LakeConfig:
    if request.param == "local":
        return LakeConfig(url=str(tmp_path / "lake"), spool_dir=str(tmp_path / "spool"))
    config: LakeConfig = request.getfixturevalue("s3_lake_config")
    return config


@pytest.fixture
def local_config(tmp_path: Path) -> LakeConfig:
    return LakeConfig(url=str(tmp_path / "lake"), spool_dir=str(tmp_path / "spool"))


@pytest.fixture
def make_lake(clock: SimulatedClock) -> Iterator[MakeLake]:
    """Open lakes that are closed (without flushing) when the test ends."""
    lakes: list[EventLake] = []

    def make(config: LakeConfig, *, storage: LakeStorage | None = None) -> EventLake:
        lake = EventLake(config, clock, storage=storage)
        lakes.append(lake)
        return lake

    yield make
    for lake in lakes:
        lake.close(flush=False)


def naive_utc(ts: datetime) -> datetime:
    """How the lake returns a time: a UTC ``TIMESTAMP``, which DuckDB gives back naive."""
    return ts.astimezone(UTC).replace(tzinfo=None)


def interaction(ts: datetime, n: int = 0, **fields: Any) -> Interaction:
    return Interaction(service="svc", timestamp=ts, latency_ms=100.0 + n, input=f"q{n}", **fields)


def full_interaction(ts: datetime) -> Interaction:
    """An interaction with every field set to something other than its default."""
    return Interaction(
        service="rag",
        timestamp=ts,
        latency_ms=1234.5,
        trace_id="a" * 32,
        span_id="b" * 16,
        environment="staging",
        operation="completion",
        ttft_ms=87.25,
        model="gpt-x",
        model_version="2026-01-15",
        prompt_template_version="prompt-v3",
        retrieval_index_version="idx-7",
        temperature=0.2,
        params={"top_p": 0.9, "stop": ["\n\n"], "nested": {"a": [1, 2.5, None, True]}},
        input="What is an error budget? ünïcödé ✓",
        output='It is 1 \u2212 SLO, "quoted", with a\nnewline.',
        finish_reason="stop",
        input_tokens=12,
        output_tokens=345,
        status="error",
        status_code=503,
        error_type="upstream_timeout",
        retrieval_used=True,
        retrieval_chunks=[
            RetrievedChunk(id="c1", text="Error budgets are…", score=0.91),
            RetrievedChunk(id="c2"),
        ],
        retrieval_latency_ms=45.0,
        output_schema="answer.v1",
        schema_valid=False,
        logprobs=LogprobSummary(mean=-0.25, min=-3.5, tokens=345),
        attributes={"query_type": "how-to", "language": "en", "empty": ""},
    )


def parquet_files(config: LakeConfig, client: Any = None) -> list[str]:
    """The Parquet files under the lake, relative to its root, listed without the lake's help."""
    if not config.url.startswith("s3://"):
        root = Path(config.url)
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.parquet"))
    assert client is not None
    return [k for k in s3.list_keys(client, config.url) if k.endswith(".parquet")]


def s3_client_for(request: pytest.FixtureRequest, config: LakeConfig) -> Any:
    return request.getfixturevalue("s3_client") if config.url.startswith("s3://") else None


def spool_segments(config: LakeConfig) -> list[str]:
    return sorted(p.name for p in Path(config.spool_dir).glob("*.jsonl"))


class FailingWrites:
    """A storage whose n-th ``write_table`` calls fail (1-based), as a crash or outage would."""

    def __init__(self, inner: LakeStorage, fail: set[int], exc: BaseException) -> None:
        self.inner = inner
        self.url = inner.url
        self.fail = fail
        self.exc = exc
        self.calls = 0
        self.succeeded = threading.Event()

    def write_table(self, relpath: str, table: pa.Table) -> None:
        self.calls += 1
        if self.calls in self.fail:
            raise self.exc
        self.inner.write_table(relpath, table)
        self.succeeded.set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class Crash(BaseException):
    """Stands for the process dying: nothing after it runs."""


# -- writing and reading back -------------------------------------------------------------


def test_interactions_round_trip_every_field(
    lake_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(lake_config)
    ts = clock.now() - timedelta(minutes=20)
    full = full_interaction(ts)
    minimal = interaction(ts + timedelta(seconds=1), 1)
    ids = lake.append_interactions([full, minimal])
    assert lake.query("SELECT count(*) FROM interactions") == [(0,)]  # spooled, not yet visible
    assert lake.flush() == 2

    assert len(ids) == 2 and len(set(ids)) == 2
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)  # uuid4 hex
    rows = lake.query_records("SELECT * FROM interactions ORDER BY latency_ms DESC")
    assert [r["id"] for r in rows] == ids
    got = rows[0]
    assert got["service"] == "rag"
    assert got["timestamp"] == naive_utc(ts)
    assert got["received_at"] == naive_utc(clock.now())
    assert got["latency_ms"] == 1234.5
    assert (got["trace_id"], got["span_id"]) == ("a" * 32, "b" * 16)
    assert (got["environment"], got["operation"]) == ("staging", "completion")
    assert got["ttft_ms"] == 87.25
    assert (got["model"], got["model_version"]) == ("gpt-x", "2026-01-15")
    assert got["prompt_template_version"] == "prompt-v3"
    assert got["retrieval_index_version"] == "idx-7"
    assert got["temperature"] == 0.2
    assert json.loads(got["params"]) == {
        "top_p": 0.9,
        "stop": ["\n\n"],
        "nested": {"a": [1, 2.5, None, True]},
    }
    assert got["input"] == "What is an error budget? ünïcödé ✓"
    assert got["output"] == 'It is 1 \u2212 SLO, "quoted", with a\nnewline.'
    assert got["finish_reason"] == "stop"
    assert (got["input_tokens"], got["output_tokens"]) == (12, 345)
    assert (got["status"], got["status_code"], got["error_type"]) == (
        "error",
        503,
        "upstream_timeout",
    )
    assert got["retrieval_used"] is True
    assert got["retrieval_chunks"] == [
        {"id": "c1", "text": "Error budgets are…", "score": 0.91},
        {"id": "c2", "text": "", "score": None},
    ]
    assert got["retrieval_latency_ms"] == 45.0
    assert (got["output_schema"], got["schema_valid"]) == ("answer.v1", False)
    assert got["logprobs"] == {"mean": -0.25, "min": -3.5, "tokens": 345}
    assert got["attributes"] == {"query_type": "how-to", "language": "en", "empty": ""}
    assert got["date"] == ts.date()
    assert got["hour"] == ts.hour
    # Every field of the domain type is a column (and nothing is silently lost).
    assert set(Interaction.__struct_fields__) <= set(got)

    low = rows[1]
    assert low["input"] == "q1"
    assert low["retrieval_chunks"] == []
    assert low["logprobs"] is None
    assert low["attributes"] == {}
    assert json.loads(low["params"]) == {}
    assert (low["environment"], low["status"], low["retrieval_used"]) == (
        "production",
        "ok",
        False,
    )
    assert low["schema_valid"] is None and low["temperature"] is None


def test_given_ids_and_received_at_are_kept(
    lake_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(lake_config)
    received = clock.now() - timedelta(seconds=5)
    item = interaction(clock.now(), id="my-id", received_at=received)
    assert lake.append_interactions([item]) == ["my-id"]
    lake.flush()
    assert lake.query("SELECT id, received_at FROM interactions") == [
        ("my-id", naive_utc(received))
    ]


def test_scores_round_trip(
    lake_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(lake_config)
    ts = clock.now()
    verdict = Score(
        interaction_id="i1",
        scorer="grounding",
        timestamp=ts,
        scorer_version="2.1",
        service="rag",
        value=0.75,
        label="grounded",
        passed=True,
        explanation="cites c1 and c2",
        source="eval",
    )
    failed = Score(
        interaction_id="i2",
        scorer="judge",
        timestamp=ts + timedelta(seconds=1),
        id="given",
        error="judge timed out",
    )
    ids = lake.append_scores([verdict, failed])
    assert ids[1] == "given" and len(ids[0]) == 32
    assert lake.flush() == 2
    rows = lake.query_records("SELECT * FROM scores ORDER BY interaction_id")
    assert rows[0] == {
        "interaction_id": "i1",
        "scorer": "grounding",
        "timestamp": naive_utc(ts),
        "id": ids[0],
        "scorer_version": "2.1",
        "service": "rag",
        "value": 0.75,
        "label": "grounded",
        "passed": True,
        "explanation": "cites c1 and c2",
        "source": "eval",
        "error": None,
        "date": ts.date(),
        "hour": ts.hour,
    }
    second = rows[1]
    assert (second["id"], second["scorer_version"], second["source"]) == ("given", "1", "online")
    assert (second["value"], second["passed"], second["error"]) == (None, None, "judge timed out")


def test_changes_round_trip(
    lake_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(lake_config)
    ts = clock.now()
    change = ChangeEvent(
        service="rag",
        kind="model_version",
        timestamp=ts,
        environment="production",
        name="llm",
        from_version="v1",
        to_version="v2",
        description="upgrade",
        author="ana",
        attributes={"ticket": "OPS-1"},
    )
    [cid] = lake.append_changes([change])
    lake.flush()
    [row] = lake.query_records("SELECT * FROM changes")
    assert row == {
        "service": "rag",
        "kind": "model_version",
        "timestamp": naive_utc(ts),
        "id": cid,
        "environment": "production",
        "name": "llm",
        "from_version": "v1",
        "to_version": "v2",
        "description": "upgrade",
        "author": "ana",
        "attributes": {"ticket": "OPS-1"},
        "date": ts.date(),
        "hour": ts.hour,
    }


def test_non_utc_offsets_are_stored_as_the_same_instant_in_utc(
    lake_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(lake_config)
    plus2 = timezone(timedelta(hours=2))
    plus5 = timezone(timedelta(hours=5, minutes=30))
    minus7 = timezone(timedelta(hours=-7))
    event = datetime(2026, 11, 30, 14, 30, tzinfo=plus2)  # 12:30 UTC
    received = datetime(2026, 11, 30, 18, 1, tzinfo=plus5)  # 12:31 UTC
    late = datetime(2026, 12, 1, 3, 15, tzinfo=plus5)  # 21:45 UTC the day before
    lake.append_interactions(
        [
            interaction(event, 1, id="a", received_at=received),
            interaction(late, 2, id="b"),
        ]
    )
    lake.append_scores(
        [
            Score(
                interaction_id="a",
                scorer="s",
                timestamp=datetime(2026, 11, 30, 5, 0, tzinfo=minus7),
            )
        ]
    )
    lake.append_changes(
        [
            ChangeEvent(
                service="svc", kind="config", timestamp=datetime(2026, 11, 30, 21, 0, tzinfo=plus2)
            )
        ]
    )
    lake.flush()
    assert lake.query(
        "SELECT id, timestamp, received_at, date, hour FROM interactions ORDER BY id"
    ) == [
        (
            "a",
            datetime(2026, 11, 30, 12, 30),
            datetime(2026, 11, 30, 12, 31),
            date(2026, 11, 30),
            12,
        ),
        ("b", datetime(2026, 11, 30, 21, 45), naive_utc(clock.now()), date(2026, 11, 30), 21),
    ]
    assert lake.query("SELECT timestamp, hour FROM scores") == [(datetime(2026, 11, 30, 12, 0), 12)]
    assert lake.query("SELECT timestamp, hour FROM changes") == [
        (datetime(2026, 11, 30, 19, 0), 19)
    ]


def test_files_are_partitioned_by_the_hour_of_the_event(
    request: pytest.FixtureRequest, lake_config: LakeConfig, make_lake: MakeLake
) -> None:
    lake = make_lake(lake_config)
    eleven = datetime(2026, 11, 30, 11, 59, 59, tzinfo=UTC)
    twelve = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    yesterday = datetime(2026, 11, 29, 23, 5, tzinfo=UTC)
    # One batch, one segment, three hours: the segment is split by the records' own time.
    lake.append_interactions(
        [
            interaction(eleven, 1),
            interaction(twelve, 2),
            interaction(twelve, 3),
            interaction(yesterday, 4),
        ]
    )
    lake.flush()

    files = parquet_files(lake_config, s3_client_for(request, lake_config))
    dirs = sorted({f.rsplit("/", 1)[0] for f in files})
    assert dirs == [
        "interactions/date=2026-11-29/hour=23",
        "interactions/date=2026-11-30/hour=11",
        "interactions/date=2026-11-30/hour=12",
    ]
    assert len(files) == 3  # one file per hour for the one segment
    assert lake.storage.partitions("interactions") == [
        Partition("interactions", "2026-11-29", 23),
        Partition("interactions", "2026-11-30", 11),
        Partition("interactions", "2026-11-30", 12),
    ]
    assert lake.storage.partitions("scores") == []
    assert lake.query("SELECT hour, count(*) FROM interactions GROUP BY hour ORDER BY hour") == [
        (11, 1),
        (12, 2),
        (23, 1),
    ]
    # The partition columns select whole hours.
    assert lake.query(
        "SELECT input FROM interactions WHERE date = DATE '2026-11-30' AND hour = 12 ORDER BY input"
    ) == [("q2",), ("q3",)]


def test_several_flushes_add_files_and_keep_earlier_ones(
    lake_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(lake_config)
    for n in range(3):
        lake.append_interactions([interaction(clock.now(), n)])
        assert lake.flush() == 1
    assert lake.flush() == 0  # nothing left
    assert lake.query("SELECT input FROM interactions ORDER BY input") == [
        ("q0",),
        ("q1",),
        ("q2",),
    ]


def test_empty_append_is_a_no_op(local_config: LakeConfig, make_lake: MakeLake) -> None:
    lake = make_lake(local_config)
    assert lake.append_interactions([]) == []
    assert lake.append_scores([]) == []
    assert lake.append_changes([]) == []
    assert spool_segments(local_config) == []
    assert lake.health().spooled_total == 0


def test_empty_lake_has_the_views_and_no_rows(lake_config: LakeConfig, make_lake: MakeLake) -> None:
    lake = make_lake(lake_config)
    for view in ("interactions", "scores", "changes"):
        assert lake.query(f"SELECT count(*) FROM {view}") == [(0,)]
        assert lake.query(f"SELECT id, timestamp, date, hour FROM {view}") == []
    assert (
        lake.query_records("SELECT service, attributes, retrieval_chunks FROM interactions") == []
    )
    assert lake.query("SELECT interaction_id, passed FROM scores") == []
    # Joins across the views work on an empty lake too.
    assert (
        lake.query("SELECT i.id FROM interactions i JOIN scores s ON s.interaction_id = i.id") == []
    )


def test_views_exist_for_kinds_without_data(
    lake_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(lake_config)
    lake.append_scores([Score(interaction_id="x", scorer="s", timestamp=clock.now())])
    lake.flush()
    assert lake.query("SELECT count(*) FROM scores") == [(1,)]
    assert lake.query("SELECT count(*) FROM interactions") == [(0,)]
    assert lake.query("SELECT count(*) FROM changes") == [(0,)]


def test_query_parameters_and_errors(
    local_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(local_config)
    lake.append_interactions([interaction(clock.now(), n) for n in range(3)])
    lake.flush()
    assert lake.query(
        "SELECT input FROM interactions WHERE latency_ms > ? ORDER BY 1", [100.5]
    ) == [
        ("q1",),
        ("q2",),
    ]
    assert lake.query_records(
        "SELECT input FROM interactions WHERE input = $name", {"name": "q0"}
    ) == [{"input": "q0"}]
    with pytest.raises(LakeError, match="lake query failed"):
        lake.query("SELECT no_such_column FROM interactions")
    with pytest.raises(LakeError, match="lake query failed"):
        lake.query_records("SELEC nonsense")


# -- replay and exactly-once --------------------------------------------------------------


def test_unflushed_close_is_replayed_exactly_once(
    request: pytest.FixtureRequest,
    lake_config: LakeConfig,
    make_lake: MakeLake,
    clock: SimulatedClock,
) -> None:
    client = s3_client_for(request, lake_config)
    first = make_lake(lake_config)
    ids = first.append_interactions([interaction(clock.now(), n) for n in range(5)])
    first.append_scores([Score(interaction_id=ids[0], scorer="s", timestamp=clock.now())])
    first.close(flush=False)
    assert parquet_files(lake_config, client) == []
    assert spool_segments(lake_config) == [
        "interactions-000000000001.jsonl",
        "scores-000000000001.jsonl",
    ]

    second = make_lake(lake_config)
    assert second.pending() == 6
    assert second.pending("interactions") == 5
    second.start()  # writes what the first left behind
    assert second.pending() == 0
    assert spool_segments(lake_config) == []
    assert sorted(r[0] for r in second.query("SELECT id FROM interactions")) == sorted(ids)
    assert second.query("SELECT count(*) FROM scores") == [(1,)]
    second.close()

    third = make_lake(lake_config)
    third.start()  # nothing left to replay: still exactly one copy
    assert third.query("SELECT count(*), count(DISTINCT id) FROM interactions") == [(5, 5)]
    assert third.query("SELECT count(*) FROM scores") == [(1,)]


def test_replay_after_parquet_was_written_but_segment_not_removed(
    request: pytest.FixtureRequest,
    lake_config: LakeConfig,
    make_lake: MakeLake,
    clock: SimulatedClock,
) -> None:
    """A crash between writing a segment's Parquet and removing the segment: no duplicates."""
    client = s3_client_for(request, lake_config)
    first = make_lake(lake_config)
    ids = first.append_interactions(
        [interaction(clock.now() - timedelta(hours=h), h) for h in (0, 0, 1, 2)]
    )

    def crash(segment: object) -> None:
        raise Crash

    first._wals["interactions"].remove = crash  # type: ignore[method-assign]
    with pytest.raises(Crash):
        first.flush()
    first.close(flush=False)
    written = parquet_files(lake_config, client)
    assert len(written) == 3  # every hour of the segment was written ...
    assert spool_segments(lake_config) == ["interactions-000000000001.jsonl"]  # ... and it stayed

    second = make_lake(lake_config)
    second.start()
    assert parquet_files(lake_config, client) == written  # rewritten under the same names
    assert spool_segments(lake_config) == []
    assert second.query("SELECT count(*), count(DISTINCT id) FROM interactions") == [(4, 4)]
    assert sorted(r[0] for r in second.query("SELECT id FROM interactions")) == sorted(ids)


def test_replay_after_a_crash_midway_through_a_segments_hours(
    request: pytest.FixtureRequest,
    lake_config: LakeConfig,
    make_lake: MakeLake,
    clock: SimulatedClock,
) -> None:
    client = s3_client_for(request, lake_config)
    storage = FailingWrites(open_storage(lake_config), fail={2}, exc=Crash())
    first = make_lake(lake_config, storage=storage)
    first.append_interactions([interaction(clock.now() - timedelta(hours=h), h) for h in range(3)])
    with pytest.raises(Crash):
        first.flush()
    first.close(flush=False)
    assert len(parquet_files(lake_config, client)) == 1  # one hour written before the "crash"

    second = make_lake(lake_config)
    second.start()
    assert len(parquet_files(lake_config, client)) == 3
    assert second.query("SELECT count(*), count(DISTINCT id) FROM interactions") == [(3, 3)]


def test_replay_from_a_copy_of_the_spool_writes_the_same_files(
    tmp_path: Path, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    """Two flushes of the same segment (a copy of the spool) give one copy of each record."""
    config = LakeConfig(url=str(tmp_path / "lake"), spool_dir=str(tmp_path / "spool"))
    first = make_lake(config)
    first.append_interactions([interaction(clock.now(), n) for n in range(4)])
    first.close(flush=False)
    shutil.copytree(tmp_path / "spool", tmp_path / "spool-copy")

    copy = make_lake(config.model_copy(update={"spool_dir": str(tmp_path / "spool-copy")}))
    copy.start()
    copy.close()
    written = parquet_files(config)
    assert len(written) == 1  # the copy wrote the Parquet and removed its own segment
    assert sorted(p.name for p in (tmp_path / "spool-copy").glob("*.jsonl")) == []

    original = make_lake(config)
    assert original.pending() == 4  # the original spool still holds the segment
    original.start()
    assert parquet_files(config) == written
    assert original.query("SELECT count(*), count(DISTINCT id) FROM interactions") == [(4, 4)]


def test_a_restart_after_a_clean_flush_does_not_overwrite_earlier_files(
    lake_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    """Each segment's Parquet name comes from its sequence number, which must never repeat."""
    for n in range(3):
        lake = make_lake(lake_config)
        lake.start()
        lake.append_interactions([interaction(clock.now(), n)])
        lake.close()  # flushes: the spool is empty between runs
        assert spool_segments(lake_config) == []
    lake = make_lake(lake_config)
    assert lake.query("SELECT input FROM interactions ORDER BY input") == [
        ("q0",),
        ("q1",),
        ("q2",),
    ]


def test_appends_from_threads_while_flushing_land_exactly_once(
    lake_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(lake_config)
    writers, batches = 4, 25
    ids: list[str] = []
    ids_lock = threading.Lock()

    def write(t: int) -> None:
        for b in range(batches):
            batch = [interaction(clock.now(), t * 1000 + b * 2 + k) for k in range(2)]
            got = lake.append_interactions(batch)
            with ids_lock:
                ids.extend(got)

    threads = [threading.Thread(target=write, args=(t,)) for t in range(writers)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        lake.flush()  # rotates and removes segments while the writers append
    for t in threads:
        t.join()
    lake.flush()

    total = writers * batches * 2
    assert len(ids) == len(set(ids)) == total
    assert lake.query("SELECT count(*), count(DISTINCT id) FROM interactions") == [(total, total)]
    assert lake.health().written_total == total
    assert lake.pending() == 0


def test_close_flushes_by_default(
    local_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(local_config)
    lake.start()
    lake.append_interactions([interaction(clock.now())])
    lake.close()
    assert spool_segments(local_config) == []
    assert make_lake(local_config).query("SELECT count(*) FROM interactions") == [(1,)]


# -- retention -------------------------------------------------------------------------


def test_retention_drops_hours_older_than_retention_days(
    lake_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(lake_config)
    now = clock.now()  # 2026-11-30 12:00 UTC; the cutoff is 2026-10-31 12:00
    stamps = {
        "ancient": now - timedelta(days=90),
        "older": now - timedelta(days=31),
        "last_dropped_hour": now - timedelta(days=30, minutes=1),  # 10-31 11:59
        "cutoff_hour": now - timedelta(days=30) + timedelta(minutes=1),  # 10-31 12:01
        "recent": now - timedelta(days=29),
        "now": now,
    }
    lake.append_interactions([interaction(ts, id=name) for name, ts in stamps.items()])
    lake.append_scores(
        [Score(interaction_id=name, scorer="s", timestamp=ts) for name, ts in stamps.items()]
    )
    lake.flush()

    dropped = lake.enforce_retention()
    assert sorted((p.kind, p.date, p.hour) for p in dropped) == sorted(
        (kind, day, hour)
        for kind in ("interactions", "scores")
        for day, hour in (("2026-09-01", 12), ("2026-10-30", 12), ("2026-10-31", 11))
    )
    kept = ["cutoff_hour", "now", "recent"]
    assert [r[0] for r in lake.query("SELECT id FROM interactions ORDER BY id")] == kept
    assert [r[0] for r in lake.query("SELECT interaction_id FROM scores ORDER BY 1")] == kept
    assert lake.enforce_retention() == []  # nothing more until the clock moves

    clock.advance(3600)  # the cutoff hour has now ended more than 30 days ago
    assert [(p.kind, p.date, p.hour) for p in lake.enforce_retention()] == [
        ("interactions", "2026-10-31", 12),
        ("scores", "2026-10-31", 12),
    ]
    assert [r[0] for r in lake.query("SELECT id FROM interactions ORDER BY id")] == [
        "now",
        "recent",
    ]


def test_retention_follows_the_configured_days(
    local_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(local_config.model_copy(update={"retention_days": 2}))
    now = clock.now()
    lake.append_interactions(
        [
            interaction(now - timedelta(days=3), id="old"),
            interaction(now - timedelta(days=1), id="new"),
        ]
    )
    lake.flush()
    assert [p.date for p in lake.enforce_retention()] == ["2026-11-27"]
    assert lake.query("SELECT id FROM interactions") == [("new",)]
    root = Path(local_config.url) / "interactions"
    assert sorted(p.name for p in root.iterdir()) == ["date=2026-11-29"]  # empty day removed


# -- damage and health -----------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"garbage\n{not json\n", id="not-json"),
        pytest.param(
            b'{"service": "x", "timestamp": "yesterday", "latency_ms": 1}\n', id="bad-time"
        ),
        pytest.param(b'{"service": "x", "latency_ms": 1}\n', id="no-time"),
    ],
)
def test_a_damaged_segment_is_quarantined_and_counted_as_dropped(
    local_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock, content: bytes
) -> None:
    # A good segment from an earlier run, a damaged one, and a good one of another kind.
    earlier = make_lake(local_config)
    earlier.append_interactions([interaction(clock.now(), n) for n in range(2)])
    earlier.append_scores([Score(interaction_id="i", scorer="s", timestamp=clock.now())])
    earlier.close(flush=False)
    spool = Path(local_config.spool_dir)
    damaged = spool / "interactions-000000000007.jsonl"
    damaged.write_bytes(content)
    lines = content.count(b"\n")

    lake = make_lake(local_config)
    assert lake.pending() == 2 + lines + 1
    lake.start()  # must not raise: one bad file does not stop the others

    assert (spool / "quarantine" / damaged.name).read_bytes() == content
    assert not damaged.exists()
    assert spool_segments(local_config) == []
    assert lake.query("SELECT count(*) FROM interactions") == [(2,)]
    assert lake.query("SELECT count(*) FROM scores") == [(1,)]
    health = lake.health()
    assert health.dropped_total == lines
    assert health.written_total == 3
    assert health.pending == 0


def test_health_counters(
    local_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(local_config)
    health = lake.health()
    assert (health.spooled_total, health.written_total, health.dropped_total) == (0, 0, 0)
    assert (health.pending, health.lag_seconds, health.flush_errors_total) == (0, 0.0, 0)

    lake.append_interactions([interaction(clock.now(), n) for n in range(3)])
    lake.append_scores([Score(interaction_id="i", scorer="s", timestamp=clock.now())])
    lake.append_changes(
        [ChangeEvent(service="svc", kind="deployment", timestamp=clock.now()) for _ in range(2)]
    )
    health = lake.health()
    assert health.spooled_total == 6
    assert health.pending == 6
    assert health.written_total == 0
    assert health.lag_seconds > 0
    assert (lake.pending("interactions"), lake.pending("scores"), lake.pending("changes")) == (
        3,
        1,
        2,
    )

    assert lake.flush() == 6
    health = lake.health()
    assert (health.spooled_total, health.written_total, health.pending) == (6, 6, 0)
    assert health.lag_seconds == 0.0

    lake.append_interactions([interaction(clock.now(), 9)])
    assert lake.health().spooled_total == 7
    assert lake.health().pending == 1


def test_background_flusher_retries_after_a_storage_error(
    local_config: LakeConfig,
    make_lake: MakeLake,
    clock: SimulatedClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = local_config.model_copy(update={"flush_interval_s": 0.02})
    storage = FailingWrites(open_storage(config), fail={1}, exc=OSError("disk unplugged"))
    lake = make_lake(config, storage=storage)
    lake.start()
    lake.append_interactions([interaction(clock.now(), n) for n in range(2)])
    # The flusher's first write fails; it keeps the segment and writes it next time.
    assert storage.succeeded.wait(10), "the background flusher never wrote the segment"
    lake.close()  # joins the flusher
    health = lake.health()
    assert health.flush_errors_total == 1
    assert health.written_total == 2
    assert health.dropped_total == 0
    assert storage.calls == 2
    assert "lake flush failed" in caplog.text
    assert make_lake(config).query("SELECT count(*) FROM interactions") == [(2,)]


# -- storage ---------------------------------------------------------------------------------


def test_open_storage_picks_the_backend_by_url(tmp_path: Path) -> None:
    local = open_storage(LakeConfig(url=str(tmp_path / "a")))
    assert isinstance(local, LocalStorage)
    file_url = open_storage(LakeConfig(url=f"file://{tmp_path / 'b'}"))
    assert isinstance(file_url, LocalStorage) and file_url.root == tmp_path / "b"
    s3_storage = open_storage(
        LakeConfig(url="s3://bucket/some/prefix/", s3=S3Config(region="us-east-1"))
    )
    assert isinstance(s3_storage, S3Storage) and s3_storage.base == "bucket/some/prefix"
    with pytest.raises(LakeError, match="unsupported lake URL"):
        open_storage(LakeConfig(url="gs://bucket/lake"))
    with pytest.raises(LakeError, match="names no bucket"):
        open_storage(LakeConfig(url="s3:///lake"))


def test_totals_never_miss_a_segment_that_is_being_flushed(
    local_config: LakeConfig, make_lake: MakeLake, clock: SimulatedClock
) -> None:
    lake = make_lake(local_config.model_copy(update={"segment_max_bytes": 2048}))
    appended = 0
    for batch in range(40):
        lake.append_interactions([interaction(clock.now(), batch * 10 + n) for n in range(10)])
        appended += 10
    stop = threading.Event()

    def flush_in_steps() -> None:
        while not stop.is_set() and lake.pending():
            lake.flush()

    flusher = threading.Thread(target=flush_in_steps)
    flusher.start()
    seen = []
    try:
        while flusher.is_alive():
            totals = lake.totals()["interactions"]
            seen.append(totals.queryable + totals.pending)
    finally:
        stop.set()
        flusher.join()
    assert seen and set(seen) == {appended}
    assert lake.totals()["interactions"].queryable == appended
