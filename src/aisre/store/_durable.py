"""Small file operations that survive a power cut: fsync, and replace-by-rename."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_path(path: Path) -> None:
    """Flush a file's data, or a directory's entries, to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_durably(path: Path, data: bytes, *, sync_dir: bool = True) -> None:
    """Make ``path`` hold ``data``: a reader sees the old content or the new, never a mix.

    Args:
        path: The file to write.
        data: Its new content.
        sync_dir: Also flush the directory entry (a caller that flushes the
            directory itself right after can skip it).
    """
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)
    if sync_dir:
        fsync_path(path.parent)
