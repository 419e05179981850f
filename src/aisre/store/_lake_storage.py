"""Where the lake's Parquet files live: a local directory, or S3-compatible object storage.

Both backends go through ``pyarrow.fs``, so listing, reading, moving and
deleting files is one piece of code. They differ where the medium does: a
local write goes to a temporary file, is fsynced and renamed into place (an
S3 PUT is atomic by itself), and DuckDB reads a local directory with its own
Parquet reader (the fastest path) but an ``s3://`` URL through a pyarrow
dataset registered on the connection (so no DuckDB extension has to be
downloaded at run time).

Only names ending in ``.parquet`` are data; anything else in a partition
(``.pending`` compaction outputs, temporary files) is invisible to readers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from aisre.core import LakeConfig, LakeError

from ._durable import fsync_path

PARTITION_SCHEMA = pa.schema([("date", pa.date32()), ("hour", pa.int32())])
#: Snappy decodes about a fifth faster than zstd in DuckDB's scans, for files
#: about a quarter larger; queries over weeks of data matter more here.
COMPRESSION = "snappy"
#: Rows per row group, as DuckDB writes them: fewer, larger groups scan faster,
#: up to a size that keeps a merge's memory bounded when rows are wide.
ROW_GROUP_ROWS = 122_880
ROW_GROUP_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Partition:
    """One ``date=…/hour=…`` directory of one kind."""

    kind: str
    date: str
    hour: int

    @property
    def relpath(self) -> str:
        return f"{self.kind}/date={self.date}/hour={self.hour:02d}"


@dataclass(frozen=True)
class DataFile:
    """One Parquet file of a partition."""

    name: str
    size: int


class LakeStorage(Protocol):
    """The contract a lake backend fulfils. Paths are relative to the lake's root."""

    url: str

    def write_table(self, relpath: str, table: pa.Table) -> None:
        """Write ``table`` as one Parquet file, atomically and durably."""
        ...

    def write_tables(self, relpath: str, schema: pa.Schema, tables: Iterable[pa.Table]) -> int:
        """Stream ``tables`` into one Parquet file, atomically; returns the rows written."""
        ...

    def partitions(self, kind: str) -> list[Partition]:
        """The partitions that hold at least one file of ``kind``."""
        ...

    def files(self, partition: Partition) -> list[DataFile]:
        """The data files of a partition, by name."""
        ...

    def exists(self, relpath: str) -> bool:
        """Whether a file exists."""
        ...

    def read_file(self, relpath: str) -> pa.Table:
        """Read one Parquet file."""
        ...

    def read_batches(self, relpath: str) -> Iterator[pa.Table]:
        """Read one Parquet file a batch of rows at a time."""
        ...

    def delete_file(self, relpath: str) -> None:
        """Delete one file; a missing file is not an error."""
        ...

    def move(self, src: str, dst: str) -> None:
        """Rename a file (atomic locally; copy-then-delete on S3)."""
        ...

    def delete_partition(self, partition: Partition) -> None:
        """Remove a partition and every file in it."""
        ...

    def attach(self, cursor: Any, kind: str, view: str, schema: pa.Schema) -> bool:
        """Make ``view`` on ``cursor`` read every file of ``kind``; False if there are none."""
        ...


class _FileSystemStorage:
    """What both backends share: everything but writing and attaching."""

    fs: pafs.FileSystem
    base: str

    def _path(self, relpath: str) -> str:
        return f"{self.base}/{relpath}"

    def write_table(self, relpath: str, table: pa.Table) -> None:
        self.write_tables(relpath, table.schema, [table])

    def write_tables(self, relpath: str, schema: pa.Schema, tables: Iterable[pa.Table]) -> int:
        raise NotImplementedError

    def _data_files(self, directory: str) -> list[pafs.FileInfo]:
        selector = pafs.FileSelector(self._path(directory), recursive=True, allow_not_found=True)
        infos = self.fs.get_file_info(selector)
        return [
            i
            for i in infos
            if i.type == pafs.FileType.File
            and i.base_name.endswith(".parquet")
            and not i.base_name.startswith(".")
        ]

    def partitions(self, kind: str) -> list[Partition]:
        seen: set[Partition] = set()
        for info in self._data_files(kind):
            parts = info.path.split("/")
            day, hour = parts[-3], parts[-2]
            if day.startswith("date=") and hour.startswith("hour="):
                seen.add(Partition(kind, day[5:], int(hour[5:])))
        return sorted(seen, key=lambda p: (p.date, p.hour))

    def files(self, partition: Partition) -> list[DataFile]:
        infos = self._data_files(partition.relpath)
        return sorted((DataFile(i.base_name, i.size or 0) for i in infos), key=lambda f: f.name)

    def exists(self, relpath: str) -> bool:
        return bool(self.fs.get_file_info(self._path(relpath)).type == pafs.FileType.File)

    def read_file(self, relpath: str) -> pa.Table:
        return pq.read_table(self._path(relpath), filesystem=self.fs)

    def read_batches(self, relpath: str) -> Iterator[pa.Table]:
        with self.fs.open_input_file(self._path(relpath)) as f:
            for batch in pq.ParquetFile(f).iter_batches(batch_size=16_384):
                yield pa.Table.from_batches([batch])

    def delete_file(self, relpath: str) -> None:
        if self.exists(relpath):
            self.fs.delete_file(self._path(relpath))

    def move(self, src: str, dst: str) -> None:
        self.fs.move(self._path(src), self._path(dst))

    def delete_partition(self, partition: Partition) -> None:
        self.fs.delete_dir(self._path(partition.relpath))


class LocalStorage(_FileSystemStorage):
    """Parquet files under a local directory."""

    def __init__(self, root: str) -> None:
        self.url = root
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.fs = pafs.LocalFileSystem()
        self.base = str(self.root.resolve())

    def write_tables(self, relpath: str, schema: pa.Schema, tables: Iterable[pa.Table]) -> int:
        final = self.root / relpath
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f".{final.name}.{uuid.uuid4().hex[:8]}.tmp")
        rows = 0
        try:
            with pq.ParquetWriter(tmp, schema, compression=COMPRESSION) as writer:
                for table in row_groups(tables):
                    writer.write_table(table)
                    rows += table.num_rows
            fsync_path(tmp)
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
        fsync_path(final.parent)
        return rows

    def move(self, src: str, dst: str) -> None:
        os.replace(self.root / src, self.root / dst)
        fsync_path((self.root / dst).parent)

    def delete_partition(self, partition: Partition) -> None:
        super().delete_partition(partition)
        day = (self.root / partition.relpath).parent
        if day.exists() and not any(day.iterdir()):
            day.rmdir()

    def attach(self, cursor: Any, kind: str, view: str, schema: pa.Schema) -> bool:
        if not any((self.root / kind).glob("date=*/hour=*/*.parquet")):
            return False
        pattern = str(self.root / kind / "date=*" / "hour=*" / "*.parquet").replace("'", "''")
        cursor.execute(
            f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM read_parquet('{pattern}', "
            "hive_partitioning = true, union_by_name = true, "
            "hive_types = {'date': DATE, 'hour': INTEGER})"
        )
        return True


class S3Storage(_FileSystemStorage):
    """Parquet files in an S3-compatible bucket (AWS S3, MinIO, Ceph, …)."""

    def __init__(self, url: str, config: LakeConfig) -> None:
        parsed = urlparse(url)
        if not parsed.netloc:
            raise LakeError(f"lake URL {url!r} names no bucket", hint="use s3://bucket/prefix")
        self.url = url
        self.base = f"{parsed.netloc}/{parsed.path.strip('/')}".rstrip("/")
        s3 = config.s3
        kwargs: dict[str, Any] = {}
        if s3.endpoint_url:
            endpoint = urlparse(s3.endpoint_url)
            kwargs["endpoint_override"] = endpoint.netloc or s3.endpoint_url
            kwargs["scheme"] = endpoint.scheme or "https"
        if s3.region:
            kwargs["region"] = s3.region
        if s3.access_key_id and s3.secret_access_key:
            kwargs["access_key"] = s3.access_key_id
            kwargs["secret_key"] = s3.secret_access_key
            if s3.session_token:
                kwargs["session_token"] = s3.session_token
        self.fs = pafs.S3FileSystem(**kwargs)

    def write_tables(self, relpath: str, schema: pa.Schema, tables: Iterable[pa.Table]) -> int:
        # An S3 object appears whole when its upload completes, or not at all.
        rows = 0
        try:
            with pq.ParquetWriter(
                self._path(relpath), schema, filesystem=self.fs, compression=COMPRESSION
            ) as writer:
                for table in row_groups(tables):
                    writer.write_table(table)
                    rows += table.num_rows
        except OSError as exc:
            raise LakeError(f"cannot write {self.url}/{relpath}: {exc}") from exc
        return rows

    def attach(self, cursor: Any, kind: str, view: str, schema: pa.Schema) -> bool:
        files = [i.path for i in self._data_files(kind)]
        if not files:
            return False
        dataset = ds.dataset(
            files,
            schema=schema,
            filesystem=self.fs,
            format="parquet",
            partitioning=ds.partitioning(PARTITION_SCHEMA, flavor="hive"),
            partition_base_dir=self._path(kind),
        )
        cursor.register(view, dataset)
        return True


def row_groups(tables: Iterable[pa.Table]) -> Iterator[pa.Table]:
    """Regroup a stream of tables into ones of about ``ROW_GROUP_ROWS`` or ``ROW_GROUP_BYTES``."""
    pending: list[pa.Table] = []
    count = size = 0
    for table in tables:
        pending.append(table)
        count += table.num_rows
        size += table.nbytes
        if count >= ROW_GROUP_ROWS or size >= ROW_GROUP_BYTES:
            yield pa.concat_tables(pending)
            pending, count, size = [], 0, 0
    if pending:
        yield pa.concat_tables(pending)


def open_storage(config: LakeConfig) -> LakeStorage:
    """The backend the lake URL names: ``s3://bucket/prefix`` or a local path."""
    if config.url.startswith("s3://"):
        return S3Storage(config.url, config)
    if "://" in config.url and not config.url.startswith("file://"):
        raise LakeError(
            f"unsupported lake URL {config.url!r}",
            hint="use a local directory, file:///path or s3://bucket/prefix",
        )
    return LocalStorage(config.url.removeprefix("file://"))
