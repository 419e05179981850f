"""Where the lake's Parquet files live: a local directory, or S3-compatible object storage.

Both backends write through ``pyarrow.fs`` and expose the files to DuckDB:
a local directory through DuckDB's own Parquet reader (the fastest path), an
``s3://`` URL through a pyarrow dataset registered on the DuckDB connection
(so no DuckDB extension has to be downloaded at run time).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from aisre.core import LakeConfig, LakeError

PARTITION_SCHEMA = pa.schema([("date", pa.date32()), ("hour", pa.int32())])


@dataclass(frozen=True)
class Partition:
    """One ``date=…/hour=…`` directory of one kind."""

    kind: str
    date: str
    hour: int

    @property
    def relpath(self) -> str:
        return f"{self.kind}/date={self.date}/hour={self.hour:02d}"


class LakeStorage(Protocol):
    """The contract a lake backend fulfils."""

    url: str

    def write_table(self, relpath: str, table: pa.Table) -> None:
        """Write ``table`` as one Parquet file, atomically and durably."""
        ...

    def partitions(self, kind: str) -> list[Partition]:
        """The partitions that hold at least one file of ``kind``."""
        ...

    def delete_partition(self, partition: Partition) -> None:
        """Remove a partition and every file in it."""
        ...

    def attach(self, cursor: Any, kind: str, view: str, schema: pa.Schema) -> bool:
        """Make ``view`` on ``cursor`` read every file of ``kind``; False if there are none."""
        ...


class LocalStorage:
    """Parquet files under a local directory."""

    def __init__(self, root: str) -> None:
        self.url = root
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def write_table(self, relpath: str, table: pa.Table) -> None:
        final = self.root / relpath
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f".{final.name}.{uuid.uuid4().hex[:8]}.tmp")
        pq.write_table(table, tmp, compression="zstd")
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, final)
        dfd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)

    def partitions(self, kind: str) -> list[Partition]:
        found = []
        for day in sorted((self.root / kind).glob("date=*")):
            for hour in sorted(day.glob("hour=*")):
                if any(hour.glob("*.parquet")):
                    found.append(Partition(kind, day.name[5:], int(hour.name[5:])))
        return found

    def delete_partition(self, partition: Partition) -> None:
        directory = self.root / partition.relpath
        for path in directory.iterdir():
            path.unlink()
        directory.rmdir()
        day = directory.parent
        if not any(day.iterdir()):
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


class S3Storage:
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
        self.fs = pafs.S3FileSystem(**kwargs)

    def write_table(self, relpath: str, table: pa.Table) -> None:
        # An S3 PUT is atomic: readers see the whole object or none of it.
        try:
            pq.write_table(table, f"{self.base}/{relpath}", filesystem=self.fs, compression="zstd")
        except OSError as exc:
            raise LakeError(f"cannot write {self.url}/{relpath}: {exc}") from exc

    def _files(self, kind: str) -> list[pafs.FileInfo]:
        selector = pafs.FileSelector(f"{self.base}/{kind}", recursive=True, allow_not_found=True)
        infos = self.fs.get_file_info(selector)
        return [i for i in infos if i.type == pafs.FileType.File and i.path.endswith(".parquet")]

    def partitions(self, kind: str) -> list[Partition]:
        seen: set[Partition] = set()
        for info in self._files(kind):
            parts = info.path.split("/")
            day, hour = parts[-3], parts[-2]
            if day.startswith("date=") and hour.startswith("hour="):
                seen.add(Partition(kind, day[5:], int(hour[5:])))
        return sorted(seen, key=lambda p: (p.date, p.hour))

    def delete_partition(self, partition: Partition) -> None:
        self.fs.delete_dir(f"{self.base}/{partition.relpath}")

    def attach(self, cursor: Any, kind: str, view: str, schema: pa.Schema) -> bool:
        files = [i.path for i in self._files(kind)]
        if not files:
            return False
        dataset = ds.dataset(
            files,
            schema=schema,
            filesystem=self.fs,
            format="parquet",
            partitioning=ds.partitioning(PARTITION_SCHEMA, flavor="hive"),
            partition_base_dir=f"{self.base}/{kind}",
        )
        cursor.register(view, dataset)
        return True


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
