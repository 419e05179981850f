"""Compaction: the many small files the flusher writes into an hour become one.

The flusher writes one file per spool segment and hour, which at a steady
load is one file a second; a query over days would open hundreds of
thousands of files. The compactor merges the small files of a partition into
one once there are ``compact_min_files`` of them, or once the hour has
closed and there are two, streaming them through one Parquet writer so that
memory holds one input file at a time.

A merge must never show a row twice or lose one, even if the process dies
mid-way. It goes in four steps, with an intent file in the spool first:

1. ``spool/compaction/<id>.json`` names the partition, the inputs and the output;
2. the output is written as ``<output>.pending`` (invisible: not ``.parquet``);
3. under the lake's exclusive lock (so no query of this process sees the
   swap half done) the inputs are deleted and the output renamed into place;
4. the intent file is removed.

:meth:`Compactor.recover` runs at start-up before anything else: for each
intent left behind it finishes step 3 if the output was complete, or throws
the partial output away if it was not.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa

from ._durable import replace_durably
from ._lake_storage import DataFile, LakeStorage, Partition
from ._rwlock import ReadWriteLock

log = logging.getLogger("aisre.lake")

#: How long after an hour ends before it counts as closed (late records still arrive).
CLOSE_GRACE = timedelta(minutes=10)


@dataclass(frozen=True)
class CompactionPolicy:
    """When a partition is merged."""

    min_files: int = 8
    target_bytes: int = 64 * 1024 * 1024


class Compactor:
    """Merges the small files of the lake's partitions.

    Args:
        storage: The lake's files.
        spool: The spool directory, where intent files go.
        spool_id: Identifies this spool in output file names.
        schemas: The current Arrow schema of each kind (without partition columns).
        lock: The lake's readers-writer lock.
        policy: When to merge.
    """

    def __init__(
        self,
        storage: LakeStorage,
        spool: Path,
        spool_id: str,
        schemas: dict[str, pa.Schema],
        lock: ReadWriteLock,
        policy: CompactionPolicy | None = None,
    ) -> None:
        self.storage = storage
        self.intents = spool / "compaction"
        self.spool_id = spool_id
        self.schemas = schemas
        self.lock = lock
        self.policy = policy or CompactionPolicy()

    def compact(
        self,
        now: datetime,
        *,
        force: bool = False,
        only: Iterable[Partition] | None = None,
        closed_hours: bool = True,
    ) -> int:
        """Merge every partition that is due; with ``force``, every one with two or more files.

        Args:
            now: The time that decides which hours are closed.
            force: Merge partitions of open hours too.
            only: Consider just these partitions (default: all of the lake's).
            closed_hours: Also merge closed hours with fewer than ``min_files``
                small files. The flusher leaves this to a periodic sweep, so that
                a trickle of late records into an old hour is not rewritten with
                every flush.

        Returns:
            How many merges were done.
        """
        merged = 0
        if only is None:
            only = [p for kind in self.schemas for p in self.storage.partitions(kind)]
        for partition in sorted(only, key=lambda p: (p.kind, p.date, p.hour)):
            closed = closed_hours and _hour_end(partition) + CLOSE_GRACE <= now
            while self._merge_one(partition, whole=closed or force):
                merged += 1
        return merged

    def _merge_one(self, partition: Partition, *, whole: bool) -> bool:
        """Do the first merge that is due in ``partition``; False if none is."""
        small = [f for f in self.storage.files(partition) if f.size < self.policy.target_bytes]
        if whole:
            if len(small) < 2:
                return False
            self._merge(partition, small, max(map(level, small)) + 1)
            return True
        # Tiers, as in an LSM tree: min_files files of one level make one of the
        # next, so a row is rewritten about log(files an hour) times, not once
        # for every few flushes.
        by_level: dict[int, list[DataFile]] = {}
        for f in small:
            by_level.setdefault(level(f), []).append(f)
        for lvl in sorted(by_level):
            if len(by_level[lvl]) >= self.policy.min_files:
                self._merge(partition, by_level[lvl], lvl + 1)
                return True
        return False

    def _merge(self, partition: Partition, inputs: list[DataFile], out_level: int) -> None:
        ident = uuid.uuid4().hex[:12]
        output = f"{partition.relpath}/cmp{out_level}-{self.spool_id}-{ident}.parquet"
        paths = [f"{partition.relpath}/{f.name}" for f in inputs]
        self.intents.mkdir(parents=True, exist_ok=True)
        intent_path = self.intents / f"{ident}.json"
        intent = {"partition": partition.relpath, "inputs": paths, "output": output}
        replace_durably(intent_path, json.dumps(intent).encode())
        schema = self.schemas[partition.kind]
        rows = self.storage.write_tables(
            output + ".pending", schema, self._conformed(paths, schema)
        )
        self._swap(paths, output)
        intent_path.unlink()
        log.info("compacted %d files (%d rows) of %s", len(inputs), rows, partition.relpath)

    def _conformed(self, paths: list[str], schema: pa.Schema) -> Iterator[pa.Table]:
        # Batch by batch: memory holds one batch, not one file, however large.
        for path in paths:
            for batch in self.storage.read_batches(path):
                yield conform(batch, schema)

    def _swap(self, inputs: list[str], output: str) -> None:
        with self.lock.exclusive():
            for path in inputs:
                self.storage.delete_file(path)
            self.storage.move(output + ".pending", output)

    def recover(self) -> int:
        """Finish or undo the merges a previous run left half done; returns how many."""
        if not self.intents.is_dir():
            return 0
        count = 0
        for intent_path in sorted(self.intents.glob("*.json")):
            try:
                intent = json.loads(intent_path.read_text())
            except (OSError, ValueError):
                intent_path.unlink()  # torn before it was durable: nothing was done yet
                continue
            output: str = intent["output"]
            if self.storage.exists(output):
                for path in intent["inputs"]:
                    self.storage.delete_file(path)
                self.storage.delete_file(output + ".pending")  # an S3 move copies first
            elif self.storage.exists(output + ".pending"):
                # A .pending file is whole (written to a temporary name, or an
                # S3 upload that completed); some inputs may already be gone.
                self._swap(intent["inputs"], output)
            intent_path.unlink()
            count += 1
        return count


def level(file: DataFile) -> int:
    """A file's compaction level: 0 as the flusher wrote it, n after n merges (``cmp<n>-``)."""
    if file.name.startswith("cmp"):
        digits = file.name[3 : file.name.index("-")]
        return int(digits) if digits.isdigit() else 1
    return 0


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with exactly the columns of ``schema``: missing ones null, types cast."""
    columns = []
    for field in schema:
        if field.name in table.column_names:
            column = table[field.name]
            columns.append(column if column.type == field.type else column.cast(field.type))
        else:
            columns.append(pa.nulls(table.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _hour_end(partition: Partition) -> datetime:
    start = datetime.fromisoformat(partition.date).replace(hour=partition.hour, tzinfo=UTC)
    return start + timedelta(hours=1)
