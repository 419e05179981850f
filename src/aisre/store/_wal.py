"""A write-ahead spool: records are durable on disk before an ingest call is acknowledged.

Each kind of record has its own sequence of segment files,
``<kind>-<seq>.jsonl``, one JSON record per line. ``append`` writes a batch
and returns only after ``fsync``; concurrent appends share one ``fsync``
(group commit). The lake's flusher ``rotate``\\ s the open segment, converts
closed segments to Parquet under deterministic names, and then removes them.

Why this is exactly-once across a crash: a segment is removed only after all
its Parquet files are written, and a segment always yields the same files
under the same names, so a segment replayed after a ``kill -9`` overwrites
what it had already produced instead of adding to it. A batch torn by the
crash (never acknowledged) leaves at most a partial last line, which recovery
cuts off. For the same reason a sequence number is never used twice: the last
one handed out is kept in ``<kind>.seq``, so a restart after every segment was
flushed and removed does not start again at 1 and overwrite older Parquet files.
"""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ._durable import fsync_path, replace_durably

_SEGMENT = re.compile(r"^(?P<kind>[a-z_]+)-(?P<seq>\d{12})\.jsonl$")


@dataclass(frozen=True)
class Segment:
    """A closed segment waiting to be written to the lake."""

    kind: str
    seq: int
    path: Path
    records: int
    #: Monotonic time of the segment's first append; None for segments found at start-up.
    opened_at: float | None
    #: Bytes in the longest line: the reader's buffer must hold one whole record.
    longest: int


class WriteAheadLog:
    """The spool for one kind of record.

    Args:
        directory: Where segment files live; created if missing.
        kind: The record kind, used in file names.
        max_bytes: Close the open segment once it is larger than this.
    """

    def __init__(self, directory: Path, kind: str, max_bytes: int = 16 * 1024 * 1024) -> None:
        self.directory = directory
        self.kind = kind
        self.max_bytes = max_bytes
        directory.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()  # guards the open segment and counters
        self._sync_lock = threading.Lock()  # one fsync at a time; taken before _lock
        self._closed: list[Segment] = self._recover()
        last = max((s.seq for s in self._closed), default=0)
        self._seq = max(last, self._load_last_seq()) + 1
        self._fd: int | None = None
        self._records = 0
        self._bytes = 0
        self._opened_at: float | None = None
        self._longest = 0
        self._written = 0  # bytes written, all segments, ever
        self._synced = 0  # bytes known durable

    # -- appending --------------------------------------------------------

    def append(self, data: bytes, records: int, longest: int | None = None) -> None:
        """Write ``data`` (whole JSON lines) and return once it is on disk.

        Args:
            data: One or more JSON lines.
            records: How many lines ``data`` holds.
            longest: The length of its longest line, if the caller knows it
                (else ``len(data)``, a safe upper bound).
        """
        if not data:
            return
        if not data.endswith(b"\n"):
            data += b"\n"
        with self._lock:
            fd = self._open_fd()
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            self._records += records
            self._longest = max(self._longest, len(data) if longest is None else longest)
            self._bytes += len(data)
            self._written += len(data)
            target = self._written
            full = self._bytes >= self.max_bytes
        self._sync_to(target)
        if full:
            # Close it now, not when the flusher next looks: a segment is read
            # whole when it is flushed, so its size bounds the flusher's memory.
            self.rotate()

    def _open_fd(self) -> int:
        if self._fd is None:
            self._save_last_seq(self._seq)
            path = self._path(self._seq)
            self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            self._opened_at = time.monotonic()
            fsync_path(self.directory)
        return self._fd

    def _sync_to(self, target: int) -> None:
        with self._sync_lock:
            if self._synced >= target:
                return  # another append's fsync covered this one
            with self._lock:
                fd, upto = self._fd, self._written
            if fd is not None:
                os.fsync(fd)
            self._synced = upto

    # -- handing segments to the flusher ----------------------------------

    def rotate(self) -> None:
        """Close the open segment (if it has records) so the flusher can take it."""
        with self._sync_lock, self._lock:
            if self._fd is None or self._records == 0:
                return
            os.fsync(self._fd)
            os.close(self._fd)
            self._synced = self._written
            self._closed.append(
                Segment(
                    self.kind,
                    self._seq,
                    self._path(self._seq),
                    self._records,
                    self._opened_at,
                    self._longest,
                )
            )
            self._fd = None
            self._seq += 1
            self._records = self._bytes = self._longest = 0
            self._opened_at = None

    def should_rotate(self) -> bool:
        """Whether the open segment has grown past ``max_bytes``."""
        with self._lock:
            return self._bytes >= self.max_bytes

    def closed(self) -> list[Segment]:
        """Closed segments, oldest first."""
        with self._lock:
            return list(self._closed)

    def remove(self, segment: Segment) -> None:
        """Forget a segment whose records are safely in the lake."""
        segment.path.unlink(missing_ok=True)
        fsync_path(self.directory)
        with self._lock:
            self._closed = [s for s in self._closed if s.seq != segment.seq]

    # -- what is waiting ---------------------------------------------------

    def pending_records(self) -> int:
        """Records that are durable in the spool but not yet in the lake."""
        with self._lock:
            return self._records + sum(s.records for s in self._closed)

    def oldest_pending(self) -> float | None:
        """Monotonic time of the oldest record not yet in the lake, if known."""
        with self._lock:
            times = [s.opened_at for s in self._closed if s.opened_at is not None]
            if self._records and self._opened_at is not None:
                times.append(self._opened_at)
            return min(times, default=None)

    def close(self) -> None:
        """Close the open segment file (its records stay in the spool)."""
        with self._sync_lock, self._lock:
            if self._fd is not None:
                os.fsync(self._fd)
                os.close(self._fd)
                self._fd = None

    # -- start-up ----------------------------------------------------------

    def _path(self, seq: int) -> Path:
        return self.directory / f"{self.kind}-{seq:012d}.jsonl"

    def _load_last_seq(self) -> int:
        try:
            return int((self.directory / f"{self.kind}.seq").read_text())
        except FileNotFoundError:
            return 0

    def _save_last_seq(self, seq: int) -> None:
        # Written before the segment file is created; the caller's fsync of the
        # directory then makes the rename and the new file durable together.
        replace_durably(self.directory / f"{self.kind}.seq", str(seq).encode(), sync_dir=False)

    def _recover(self) -> list[Segment]:
        found = []
        for path in self.directory.iterdir():
            match = _SEGMENT.match(path.name)
            if not match or match["kind"] != self.kind:
                continue
            records, longest = _truncate_torn_tail(path)
            if records == 0:
                path.unlink()
                continue
            found.append(Segment(self.kind, int(match["seq"]), path, records, None, longest))
        return sorted(found, key=lambda s: s.seq)


def _truncate_torn_tail(path: Path) -> tuple[int, int]:
    """Cut a partial last line left by a crash mid-write.

    Returns:
        The number of whole lines, and the length of the longest.
    """
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end != len(data):
        with path.open("r+b") as f:
            f.truncate(end)
            f.flush()
            os.fsync(f.fileno())
    lines = data[:end].splitlines()
    return len(lines), max(map(len, lines), default=0)
