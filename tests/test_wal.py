"""The write-ahead spool: segments, group commit, and recovery after a crash."""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from aisre.store._wal import WriteAheadLog


def lines(*ids: int) -> bytes:
    return b"".join(json.dumps({"n": i}).encode() + b"\n" for i in ids)


def read_ids(path: Path) -> list[int]:
    return [json.loads(line)["n"] for line in path.read_bytes().splitlines()]


def segment_files(directory: Path, kind: str = "interactions") -> list[str]:
    return sorted(p.name for p in directory.glob(f"{kind}-*.jsonl"))


# -- append, rotate, closed, remove ---------------------------------------------


def test_append_rotate_closed_remove(tmp_path: Path) -> None:
    wal = WriteAheadLog(tmp_path, "interactions")
    assert wal.closed() == []
    wal.append(lines(1, 2), 2)
    wal.append(lines(3), 1)
    assert wal.closed() == []  # still open
    assert wal.pending_records() == 3

    wal.rotate()
    [first] = wal.closed()
    assert (first.kind, first.seq, first.records) == ("interactions", 1, 3)
    assert first.path == tmp_path / "interactions-000000000001.jsonl"
    assert read_ids(first.path) == [1, 2, 3]
    assert first.opened_at is not None

    wal.rotate()  # nothing new: no empty segment
    assert wal.closed() == [first]

    wal.append(lines(4), 1)
    wal.rotate()
    first_again, second = wal.closed()
    assert first_again == first
    assert (second.seq, second.records) == (2, 1)
    assert read_ids(second.path) == [4]

    wal.remove(first)
    assert wal.closed() == [second]
    assert not first.path.exists()
    assert wal.pending_records() == 1
    wal.remove(second)
    assert wal.closed() == []
    assert segment_files(tmp_path) == []
    wal.close()


def test_append_adds_a_missing_final_newline_and_ignores_nothing(tmp_path: Path) -> None:
    wal = WriteAheadLog(tmp_path, "scores")
    wal.append(b"", 0)
    assert segment_files(tmp_path, "scores") == []  # no file for no data
    wal.append(b'{"n": 1}', 1)
    wal.append(b'{"n": 2}\n', 1)
    wal.rotate()
    [segment] = wal.closed()
    assert segment.path.read_bytes() == b'{"n": 1}\n{"n": 2}\n'
    assert segment.records == 2
    wal.close()


def test_kinds_keep_separate_segments(tmp_path: Path) -> None:
    a = WriteAheadLog(tmp_path, "interactions")
    b = WriteAheadLog(tmp_path, "scores")
    a.append(lines(1), 1)
    b.append(lines(2, 3), 2)
    a.rotate()
    b.rotate()
    assert [s.path.name for s in a.closed()] == ["interactions-000000000001.jsonl"]
    assert [s.path.name for s in b.closed()] == ["scores-000000000001.jsonl"]
    a.close()
    b.close()
    # After a restart each kind recovers only its own files.
    assert [s.records for s in WriteAheadLog(tmp_path, "interactions").closed()] == [1]
    assert [s.records for s in WriteAheadLog(tmp_path, "scores").closed()] == [2]


def test_a_segment_closes_itself_once_past_max_bytes(tmp_path: Path) -> None:
    wal = WriteAheadLog(tmp_path, "interactions", max_bytes=1024)
    assert not wal.should_rotate()
    wal.append(b'{"pad": "' + b"x" * 900 + b'"}\n', 1)
    assert not wal.should_rotate()
    assert wal.closed() == []
    wal.append(b'{"pad": "' + b"x" * 200 + b'"}\n', 1)
    # Past max_bytes: closed at once, so that no segment grows while the flusher is busy.
    assert [s.records for s in wal.closed()] == [2]
    assert not wal.should_rotate()  # the next segment starts empty
    wal.append(lines(1), 1)
    assert wal.pending_records() == 3
    wal.close()


def test_close_keeps_the_open_segment_for_the_next_start(tmp_path: Path) -> None:
    wal = WriteAheadLog(tmp_path, "interactions")
    wal.append(lines(1, 2), 2)
    wal.close()
    wal.close()  # twice is harmless
    reopened = WriteAheadLog(tmp_path, "interactions")
    [segment] = reopened.closed()
    assert (segment.seq, segment.records, segment.opened_at) == (1, 2, None)
    assert read_ids(segment.path) == [1, 2]
    reopened.close()


# -- group commit ------------------------------------------------------------------


def count_segment_fsyncs(monkeypatch: pytest.MonkeyPatch, hook: Callable[[], None]) -> list[int]:
    """Count fsync calls on regular ``*.jsonl`` files; ``hook`` runs before each one."""
    calls: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode) and os.readlink(f"/proc/self/fd/{fd}").endswith(
            ".jsonl"
        ):
            calls.append(fd)
            hook()
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return calls


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name an fd")
def test_concurrent_appends_share_one_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While one fsync runs, the other writers queue up and one fsync covers them all."""
    writers = 8
    wal = WriteAheadLog(tmp_path, "interactions")
    all_written = threading.Event()
    written = 0
    written_lock = threading.Lock()
    real_write = os.write

    def write(fd: int, data: bytes) -> int:
        nonlocal written
        n = real_write(fd, data)
        with written_lock:
            written += 1
            if written == writers:
                all_written.set()
        return n

    # The first fsync holds until every writer has written: without group
    # commit (a lock held across write and fsync) the others could not write
    # and each append would end in its own fsync.
    fsyncs = count_segment_fsyncs(monkeypatch, lambda: all_written.wait(5))
    monkeypatch.setattr(os, "write", write)

    barrier = threading.Barrier(writers)

    def append(i: int) -> None:
        barrier.wait()
        wal.append(lines(i), 1)

    threads = [threading.Thread(target=append, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    monkeypatch.undo()

    assert all_written.is_set()
    assert 1 <= len(fsyncs) <= 2, f"{len(fsyncs)} fsyncs for {writers} appends"
    assert wal.pending_records() == writers
    wal.rotate()
    [segment] = wal.closed()
    assert sorted(read_ids(segment.path)) == list(range(writers))
    wal.close()


def test_concurrent_appends_and_rotations_lose_and_repeat_nothing(tmp_path: Path) -> None:
    threads_n, batches, per_batch = 8, 60, 3
    wal = WriteAheadLog(tmp_path, "interactions")
    errors: list[BaseException] = []

    def writer(t: int) -> None:
        try:
            for b in range(batches):
                base = (t * batches + b) * per_batch
                wal.append(lines(*range(base, base + per_batch)), per_batch)
                if (b + t) % 7 == 0:  # rotate while the other threads append
                    wal.rotate()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    writing = [threading.Thread(target=writer, args=(t,)) for t in range(threads_n)]
    for t in writing:
        t.start()
    for t in writing:
        t.join()
    assert errors == []

    total = threads_n * batches * per_batch
    assert wal.pending_records() == total
    wal.rotate()
    segments = wal.closed()
    assert len(segments) > 1  # rotation really happened mid-stream
    assert [s.seq for s in segments] == list(range(1, len(segments) + 1))
    seen: list[int] = []
    for segment in segments:
        ids = read_ids(segment.path)
        assert segment.records == len(ids)
        seen += ids
    assert sorted(seen) == list(range(total))
    assert sum(s.records for s in segments) == total
    wal.close()


# -- recovery ----------------------------------------------------------------------


def test_torn_last_line_is_cut_off_and_counted_right(tmp_path: Path) -> None:
    wal = WriteAheadLog(tmp_path, "interactions")
    wal.append(lines(1, 2, 3), 3)
    wal.close()
    path = tmp_path / "interactions-000000000001.jsonl"
    whole = path.read_bytes()
    with path.open("ab") as f:
        f.write(b'{"n": 4, "text": "cut sho')  # a batch torn by the crash

    recovered = WriteAheadLog(tmp_path, "interactions")
    [segment] = recovered.closed()
    assert segment.records == 3
    assert path.read_bytes() == whole
    assert read_ids(path) == [1, 2, 3]
    assert recovered.pending_records() == 3
    recovered.close()


def test_segment_holding_only_a_torn_line_is_removed(tmp_path: Path) -> None:
    (tmp_path / "interactions-000000000004.jsonl").write_bytes(b'{"n": 1, "tor')
    wal = WriteAheadLog(tmp_path, "interactions")
    assert wal.closed() == []
    assert segment_files(tmp_path) == []
    wal.close()


def test_empty_segments_are_removed_at_start_up(tmp_path: Path) -> None:
    (tmp_path / "interactions-000000000001.jsonl").write_bytes(b"")
    (tmp_path / "interactions-000000000002.jsonl").write_bytes(lines(7))
    (tmp_path / "interactions-000000000003.jsonl").write_bytes(b"")
    (tmp_path / "not-a-segment.jsonl").write_bytes(b"")
    (tmp_path / "interactions-1.jsonl").write_bytes(b"")  # not twelve digits: not ours
    wal = WriteAheadLog(tmp_path, "interactions")
    assert [(s.seq, s.records) for s in wal.closed()] == [(2, 1)]
    assert segment_files(tmp_path) == ["interactions-000000000002.jsonl", "interactions-1.jsonl"]
    assert (tmp_path / "not-a-segment.jsonl").exists()
    wal.close()


def test_recovered_segments_come_oldest_first(tmp_path: Path) -> None:
    for seq in (10, 2, 33):
        (tmp_path / f"interactions-{seq:012d}.jsonl").write_bytes(lines(seq))
    wal = WriteAheadLog(tmp_path, "interactions")
    assert [s.seq for s in wal.closed()] == [2, 10, 33]
    assert wal.pending_records() == 3
    wal.close()


def test_sequence_continues_after_a_restart(tmp_path: Path) -> None:
    wal = WriteAheadLog(tmp_path, "interactions")
    wal.append(lines(1), 1)
    wal.rotate()
    wal.append(lines(2), 1)
    wal.close()  # seq 1 closed, seq 2 left open by the "crash"

    wal = WriteAheadLog(tmp_path, "interactions")
    assert [s.seq for s in wal.closed()] == [1, 2]
    wal.append(lines(3), 1)
    wal.rotate()
    assert [s.seq for s in wal.closed()] == [1, 2, 3]
    assert read_ids(wal.closed()[-1].path) == [3]
    wal.close()


def test_sequence_is_never_reused_after_every_segment_was_removed(tmp_path: Path) -> None:
    """Parquet file names come from the sequence: reusing 1 would overwrite old data."""
    wal = WriteAheadLog(tmp_path, "interactions")
    for i in range(3):
        wal.append(lines(i), 1)
        wal.rotate()
    for segment in wal.closed():
        wal.remove(segment)
    wal.close()
    assert segment_files(tmp_path) == []

    wal = WriteAheadLog(tmp_path, "interactions")
    wal.append(lines(9), 1)
    wal.rotate()
    assert [s.seq for s in wal.closed()] == [4]
    wal.close()


# -- what is waiting ------------------------------------------------------------------


def test_pending_records_and_oldest_pending(tmp_path: Path) -> None:
    wal = WriteAheadLog(tmp_path, "interactions")
    assert wal.pending_records() == 0
    assert wal.oldest_pending() is None

    before = time.monotonic()
    wal.append(lines(1, 2), 2)
    after = time.monotonic()
    oldest = wal.oldest_pending()
    assert oldest is not None
    assert before <= oldest <= after
    assert wal.pending_records() == 2

    wal.rotate()
    assert wal.oldest_pending() == oldest  # the closed segment still waits
    wal.append(lines(3), 1)
    assert wal.pending_records() == 3
    assert wal.oldest_pending() == oldest  # the older of the two

    first = wal.closed()[0]
    wal.remove(first)
    newer = wal.oldest_pending()
    assert newer is not None and newer >= oldest
    assert wal.pending_records() == 1

    wal.rotate()
    wal.remove(wal.closed()[0])
    assert wal.pending_records() == 0
    assert wal.oldest_pending() is None
    wal.close()


def test_recovered_segments_are_pending_without_a_known_age(tmp_path: Path) -> None:
    (tmp_path / "interactions-000000000001.jsonl").write_bytes(lines(1, 2, 3, 4))
    wal = WriteAheadLog(tmp_path, "interactions")
    assert wal.pending_records() == 4
    assert wal.oldest_pending() is None
    wal.append(lines(5), 1)
    assert wal.pending_records() == 5
    assert wal.oldest_pending() is not None
    wal.close()
