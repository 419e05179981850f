"""The event lake: append-only interactions, scores and change events in Parquet, read with DuckDB.

Example:
    >>> lake = EventLake(LakeConfig(url="/tmp/lake", spool_dir="/tmp/spool"), SystemClock())
    >>> lake.start()
    >>> ids = lake.append_interactions([...])   # durable when this returns
    >>> lake.flush()                              # or wait for the background flusher
    >>> lake.query("SELECT count(*) FROM interactions")
    >>> lake.close()

Records are durable in the write-ahead spool (:mod:`._wal`) when ``append_*``
returns, and queryable once the flusher has written them to Parquet, which it
does every ``flush_interval_s``. Files are partitioned by the record's own
time, ``<kind>/date=YYYY-MM-DD/hour=HH/``, so queries over a time range read
only the hours they need, and retention drops whole hours.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import duckdb
import msgspec
import pyarrow as pa
import pyarrow.compute as pc

from aisre.core import ChangeEvent, Clock, Interaction, LakeConfig, LakeError, Score

from ._durable import replace_durably
from ._lake_compaction import CompactionPolicy, Compactor
from ._lake_schema import KINDS, RecordKind
from ._lake_storage import LakeStorage, Partition, open_storage
from ._rwlock import ReadWriteLock
from ._wal import Segment, WriteAheadLog

log = logging.getLogger("aisre.lake")

_encoder = msgspec.json.Encoder()


@dataclass(frozen=True)
class KindTotals:
    """How many records of one kind the lake holds, and how many wait in the spool."""

    queryable: int
    pending: int


@dataclass(frozen=True)
class LakeHealth:
    """The capture pipeline's own health, exported as Prometheus metrics."""

    spooled_total: int
    written_total: int
    dropped_total: int
    pending: int
    lag_seconds: float
    flush_errors_total: int


class EventLake:
    """Append-only storage of interactions, scores and change events.

    Args:
        config: The ``lake`` section of the configuration.
        clock: The clock that decides what is old enough to drop.
        storage: Where Parquet files go; by default what ``config.url`` names.
    """

    def __init__(
        self, config: LakeConfig, clock: Clock, *, storage: LakeStorage | None = None
    ) -> None:
        self.config = config
        self.clock = clock
        self.storage = storage or open_storage(config)
        spool = Path(config.spool_dir)
        spool.mkdir(parents=True, exist_ok=True)
        self._spool_id = _spool_identity(spool)
        self._quarantine = spool / "quarantine"
        self._wals = {name: WriteAheadLog(spool, name, config.segment_max_bytes) for name in KINDS}
        self._db = duckdb.connect(
            config={
                # More threads than CPUs only adds switching (a pinned server).
                "threads": config.duckdb_threads or len(os.sched_getaffinity(0)),
                "memory_limit": config.duckdb_memory_limit,
                # Hand memory back after each flush or query instead of keeping
                # up to 128 MB cached: the server is long-lived and mostly idle.
                "allocator_flush_threshold": "16MB",
            }
        )
        self._schemas = {name: self._arrow_schema(kind) for name, kind in KINDS.items()}
        self._rw = ReadWriteLock()
        self._compactor = Compactor(
            self.storage,
            spool,
            self._spool_id,
            {name: _file_schema(schema) for name, schema in self._schemas.items()},
            self._rw,
            CompactionPolicy(config.compact_min_files, config.compact_target_bytes),
        )
        self._dirty: set[Partition] = set()
        self._last_sweep: float = 0.0
        self._time_fields = {
            name: [c for c, t in kind.columns.items() if t == "TIMESTAMP"]
            for name, kind in KINDS.items()
        }
        self._flush_lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()  # set when a segment is full: flush now
        self._thread: threading.Thread | None = None
        self._counts = {"spooled": 0, "written": 0, "dropped": 0, "flush_errors": 0}
        self._counts_lock = threading.Lock()
        self._last_retention: float = 0.0

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> None:
        """Finish what a previous run left (merges, spool), then flush in the background."""
        self._compactor.recover()
        self.flush()
        self._thread = threading.Thread(target=self._run, name="aisre-lake-flusher", daemon=True)
        self._thread.start()

    def close(self, *, flush: bool = True) -> None:
        """Stop the flusher; with ``flush``, write everything spooled to the lake first."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if flush:
            self.flush()
        for wal in self._wals.values():
            wal.close()
        self._db.close()

    def _run(self) -> None:
        interval = self.config.flush_interval_s
        while not self._stop.is_set():
            self._wake.wait(interval)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.flush()
                self._maybe_compact()
                self._maybe_enforce_retention()
            except Exception:  # keep flushing: the spool still holds everything
                log.exception("lake flush failed; will retry")
                self._count("flush_errors")

    # -- writing -----------------------------------------------------------

    def append_interactions(self, items: Sequence[Interaction]) -> list[str]:
        """Spool interactions durably, assigning ids and ``received_at`` where missing."""
        now = self.clock.now()
        for item in items:
            if item.received_at is None:
                item.received_at = now
        return self._append("interactions", items)

    def append_scores(self, items: Sequence[Score]) -> list[str]:
        """Spool scores durably, assigning ids where missing."""
        return self._append("scores", items)

    def append_changes(self, items: Sequence[ChangeEvent]) -> list[str]:
        """Spool change events durably, assigning ids where missing."""
        return self._append("changes", items)

    def _append(self, kind: str, items: Sequence[Any]) -> list[str]:
        if not items:
            return []
        # 96 random bits a batch and a counter: unique like a UUID4, without a
        # system call per record.
        prefix = os.urandom(12).hex()
        fields = self._time_fields[kind]
        for n, item in enumerate(items):
            if not item.id:
                item.id = f"{prefix}{n:08x}"
            # The lake stores UTC: DuckDB without ICU would drop a UTC offset.
            for field in fields:
                ts = getattr(item, field)
                if ts is not None and ts.tzinfo is not UTC:
                    setattr(item, field, ts.astimezone(UTC))
        # One call for the batch; no line is longer than the batch, a bound that
        # is good enough for sizing the reader's buffer.
        data = _encoder.encode_lines(items)
        wal = self._wals[kind]
        try:
            wal.append(data, len(items), len(data))
        except OSError as exc:
            raise LakeError(f"cannot write to the spool {self.config.spool_dir}: {exc}") from exc
        self._count("spooled", len(items))
        if wal.closed():
            self._wake.set()  # a segment filled up: no need to wait for the interval
        return [item.id for item in items]

    # -- flushing ----------------------------------------------------------

    def flush(self) -> int:
        """Move every spooled record into Parquet; returns how many were written."""
        written = 0
        with self._flush_lock:
            for wal in self._wals.values():
                wal.rotate()
                for segment in wal.closed():
                    written += self._flush_segment(wal, segment)
        return written

    def _flush_segment(self, wal: WriteAheadLog, segment: Segment) -> int:
        kind = KINDS[segment.kind]
        cursor = self._db.cursor()
        try:
            try:
                table = self._read_segment(cursor, kind, segment)
            except (duckdb.InvalidInputException, duckdb.ConversionException, LakeError) as exc:
                # The file itself is damaged: retrying cannot help. Any other
                # error (memory, disk) propagates and the segment is retried.
                self._quarantine_segment(wal, segment, exc)
                return 0
            for partition, part in _split_by_hour(kind.name, table):
                name = f"seg-{self._spool_id}-{segment.seq:012d}.parquet"
                self.storage.write_table(f"{partition.relpath}/{name}", part)
                self._dirty.add(partition)
        finally:
            cursor.close()
        wal.remove(segment)
        self._count("written", table.num_rows)
        return int(table.num_rows)

    def _read_segment(self, cursor: Any, kind: RecordKind, segment: Segment) -> pa.Table:
        table = cursor.sql(
            "SELECT *, CAST(timestamp AS DATE) AS date, CAST(hour(timestamp) AS INTEGER) AS hour "
            "FROM read_json($path, format = 'newline_delimited', columns = $columns, "
            "maximum_object_size = $max_size)",
            # DuckDB reserves buffers of this size: make it the longest record, not the file.
            params={
                "path": str(segment.path),
                "columns": kind.columns,
                "max_size": max(1 << 20, 2 * segment.longest + 2),
            },
        ).to_arrow_table()
        if table["timestamp"].null_count:
            # Valid JSON without its time (a damaged key) has no hour to go to,
            # and left in the spool it would stop every later segment too.
            raise LakeError("a record has no timestamp")
        return table

    def _quarantine_segment(self, wal: WriteAheadLog, segment: Segment, exc: Exception) -> None:
        # Only a damaged file gets here (every line was validated before it was
        # spooled). Keep it for a human and count it: aisre_capture_dropped_total.
        self._quarantine.mkdir(exist_ok=True)
        shutil.copy2(segment.path, self._quarantine / segment.path.name)
        log.error(
            "spool segment %s is unreadable (%s); moved to %s", segment.path, exc, self._quarantine
        )
        wal.remove(segment)
        self._count("dropped", segment.records)

    # -- compaction --------------------------------------------------------

    def _maybe_compact(self) -> None:
        # Partitions the flusher just wrote to are checked every tick; all of
        # them (to catch hours that have since closed) every few minutes.
        if time.monotonic() - self._last_sweep >= 300:
            self.compact()
        else:
            with self._flush_lock:
                dirty, self._dirty = self._dirty, set()
            self._compactor.compact(self.clock.now(), only=dirty, closed_hours=False)

    def compact(self, *, force: bool = False) -> int:
        """Merge the small files of every partition that is due (every one, with ``force``).

        Returns:
            How many partitions were merged.
        """
        self._last_sweep = time.monotonic()
        with self._flush_lock:
            self._dirty.clear()
            return self._compactor.compact(self.clock.now(), force=force)

    # -- retention ---------------------------------------------------------

    def _maybe_enforce_retention(self) -> None:
        if time.monotonic() - self._last_retention >= 60:
            self.enforce_retention()

    def enforce_retention(self) -> list[Partition]:
        """Drop every hour that ended more than ``retention_days`` before the clock's now."""
        self._last_retention = time.monotonic()
        cutoff = self.clock.now() - timedelta(days=self.config.retention_days)
        cutoff_key = (cutoff.date().isoformat(), cutoff.hour)
        dropped = []
        for name in KINDS:
            for partition in self.storage.partitions(name):
                if (partition.date, partition.hour) < cutoff_key:
                    with self._rw.exclusive():
                        self.storage.delete_partition(partition)
                    dropped.append(partition)
        if dropped:
            log.info("retention dropped %d partitions older than %s", len(dropped), cutoff)
        return dropped

    # -- reading -----------------------------------------------------------

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        """A DuckDB cursor on which ``interactions``, ``scores`` and ``changes`` are views."""
        cursor = self._db.cursor()
        try:
            # Shared: a compaction cannot swap files under a running query.
            with self._rw.shared():
                try:
                    for name, kind in KINDS.items():
                        if not self.storage.attach(cursor, name, name, self._schemas[name]):
                            cursor.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {_empty(kind)}")
                except (duckdb.Error, OSError, pa.ArrowException) as exc:
                    raise LakeError(
                        f"cannot open the lake at {self.storage.url}: {exc}",
                        hint="check lake.url, and that its storage is reachable",
                    ) from exc
                yield cursor
        finally:
            cursor.close()

    def query(self, sql: str, params: dict[str, Any] | Sequence[Any] | None = None) -> list[Any]:
        """Run one SQL statement over the lake's views and return its rows."""
        return self._execute(sql, params)[1]

    def query_records(
        self, sql: str, params: dict[str, Any] | Sequence[Any] | None = None
    ) -> list[dict[str, Any]]:
        """Run one SQL statement over the lake's views; rows as dicts by column name."""
        names, rows = self._execute(sql, params)
        return [dict(zip(names, row, strict=True)) for row in rows]

    def _execute(
        self, sql: str, params: dict[str, Any] | Sequence[Any] | None
    ) -> tuple[list[str], list[Any]]:
        with self.cursor() as cursor:
            try:
                result = cursor.execute(sql, params)
                return [d[0] for d in result.description], list(result.fetchall())
            except (duckdb.Error, OSError, pa.ArrowException) as exc:
                raise LakeError(f"lake query failed: {exc}") from exc

    def _arrow_schema(self, kind: RecordKind) -> pa.Schema:
        cursor = self._db.cursor()
        try:
            return cursor.sql(_empty(kind)).to_arrow_table().schema
        finally:
            cursor.close()

    # -- health ------------------------------------------------------------

    def _count(self, name: str, n: int = 1) -> None:
        with self._counts_lock:
            self._counts[name] += n

    def totals(self) -> dict[str, KindTotals]:
        """Records of each kind in the lake and in the spool, counted at one instant.

        The flush lock is held, so no segment moves from the spool into the
        lake between the two counts (which would be counted twice or not at all).
        """
        with self._flush_lock:
            counts = self.query(
                "SELECT (SELECT count(*) FROM interactions), (SELECT count(*) FROM scores), "
                "(SELECT count(*) FROM changes)"
            )[0]
            return {
                name: KindTotals(queryable=int(n), pending=self.pending(name))
                for name, n in zip(KINDS, counts, strict=True)
            }

    def pending(self, kind: str | None = None) -> int:
        """Records durable in the spool and not yet queryable (of one kind, or all)."""
        wals = self._wals.values() if kind is None else [self._wals[kind]]
        return sum(w.pending_records() for w in wals)

    def health(self) -> LakeHealth:
        """Counters and lag of the capture pipeline."""
        oldest = [t for w in self._wals.values() if (t := w.oldest_pending()) is not None]
        lag = time.monotonic() - min(oldest) if oldest else 0.0
        with self._counts_lock:
            counts = dict(self._counts)
        return LakeHealth(
            spooled_total=counts["spooled"],
            written_total=counts["written"],
            dropped_total=counts["dropped"],
            pending=self.pending(),
            lag_seconds=lag,
            flush_errors_total=counts["flush_errors"],
        )


def _empty(kind: RecordKind) -> str:
    columns = ", ".join(f"NULL::{t} AS {name}" for name, t in kind.columns.items())
    return f"SELECT {columns}, NULL::DATE AS date, NULL::INTEGER AS hour WHERE false"


def _file_schema(schema: pa.Schema) -> pa.Schema:
    """The schema of a kind's files: the partition columns live in the path."""
    return pa.schema([f for f in schema if f.name not in ("date", "hour")])


def _split_by_hour(kind: str, table: pa.Table) -> Iterator[tuple[Partition, pa.Table]]:
    keys = table.select(["date", "hour"]).group_by(["date", "hour"]).aggregate([])
    if keys.num_rows == 1:  # the usual case: no copy
        date, hour = keys["date"][0].as_py(), keys["hour"][0].as_py()
        yield Partition(kind, date.isoformat(), int(hour)), table.drop_columns(["date", "hour"])
        return
    for date, hour in zip(keys["date"].to_pylist(), keys["hour"].to_pylist(), strict=True):
        mask = pc.and_(pc.equal(table["date"], date), pc.equal(table["hour"], hour))
        part = table.filter(mask).drop_columns(["date", "hour"])
        yield Partition(kind, date.isoformat(), int(hour)), part


def _spool_identity(spool: Path) -> str:
    """A random id kept in the spool, so file names never collide across spools or servers."""
    path = spool / "spool.id"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        ident = uuid.uuid4().hex[:12]
        replace_durably(path, ident.encode())
        return ident
