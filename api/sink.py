"""Append-only landing files for one source in one process: hidden while written, renamed when whole.

Lines go to `$LANDING_DIR/<source>/collector/.<opened>-<host>-<pid>-<n>.ndjson.part` (a hidden name:
the landing sync skips it) and are flushed to disk (`fdatasync`) before anyone is told they are
stored. Every minute or 64 MiB the file is closed and renamed, atomically, to the same name without
the dot and `.part`; the folder itself is fsync'd after each create and rename so the name survives
a power cut too. The open file is held with an exclusive `flock`: a `.part` nobody holds was left by
a process that died, and `recover` renames it (cut after its last whole line) when the service
starts again — its lines were acknowledged, so they must land. The file is created and locked under a
name `recover` does not take (`….part.new`) and only then given its `.part` name, so a `.part` that
can be locked is never one a live writer is about to lock: the lock alone decides, not a process id
(which a zombie, a reused id or another host's process would answer wrongly).
"""

from __future__ import annotations

import fcntl
import os
import socket
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

FOLDER = "collector"
SUFFIX = ".ndjson"
PART = ".part"
NEW = ".new"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def final_name(part: Path) -> Path:
    return part.with_name(part.name[1:-len(PART)])


class Sink:
    """The open landing file of one source. Not thread-safe: one writer thread uses it."""

    def __init__(self, landing_dir: Path, source: str):
        self.folder = landing_dir / source / FOLDER
        self.source = source
        self.fd: int | None = None
        self.path: Path | None = None
        self.size = 0
        self.opened_at = 0.0
        self.count = 0

    def _open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        self.count += 1
        name = f".{stamp}-{socket.gethostname()}-{os.getpid()}-{self.count}{SUFFIX}{PART}"
        path = self.folder / name
        creating = path.with_name(name + NEW)
        fd = os.open(creating, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.rename(creating, path)  # the lock stays with the file
            _fsync_dir(self.folder)
        except OSError:
            os.close(fd)
            creating.unlink(missing_ok=True)
            path.unlink(missing_ok=True)
            raise
        self.fd, self.path, self.size, self.opened_at = fd, path, 0, time.monotonic()

    def append(self, data: bytes) -> None:
        """Write `data` (whole lines) and flush it to disk; on failure nothing of it stays."""
        if self.fd is None:
            self._open()
        before = self.size
        try:
            view = memoryview(data)
            while view:
                written = os.write(self.fd, view)
                view = view[written:]
            os.fdatasync(self.fd)
        except OSError:
            try:
                os.ftruncate(self.fd, before)
            except OSError:
                pass
            raise
        self.size = before + len(data)

    def due(self, max_seconds: float, max_bytes: int) -> bool:
        return self.fd is not None and self.size > 0 and (
            self.size >= max_bytes or time.monotonic() - self.opened_at >= max_seconds)

    def rotate(self) -> Path | None:
        """Close the open file and give it its visible name; None when there was nothing to give."""
        if self.fd is None:
            return None
        fd, path, size = self.fd, self.path, self.size
        self.fd = self.path = None
        self.size = 0
        try:
            os.close(fd)  # every byte was fdatasync'd by append
        except OSError:
            pass
        if not size:
            path.unlink(missing_ok=True)
            return None
        target = final_name(path)
        os.rename(path, target)
        _fsync_dir(self.folder)
        return target


def recover(landing_dir: Path, source: str) -> list[Path]:
    """Rename every `.part` of `source` that no process holds, cut after its last whole line; remove the
    empty files of writers that died between creating and naming one."""
    folder = landing_dir / source / FOLDER
    if not folder.is_dir():
        return []
    for creating in folder.glob(f".*{SUFFIX}{PART}{NEW}"):
        with _unheld(creating) as fd:
            if fd is not None:
                creating.unlink()  # nothing is written before the file has its .part name
    landed = []
    for part in sorted(folder.glob(f".*{SUFFIX}{PART}")):
        with _unheld(part) as fd:
            if fd is None:
                continue  # a live writer's file
            size = os.fstat(fd).st_size
            keep = _whole_lines(fd, size)
            if keep < size:
                os.ftruncate(fd, keep)
                os.fsync(fd)
            if keep:
                target = final_name(part)
                os.rename(part, target)
                landed.append(target)
            else:
                part.unlink()
    if landed:
        _fsync_dir(folder)
    return landed


@contextmanager
def _unheld(path: Path):
    """The file opened and locked by us, or None when it is gone or another process holds its lock."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        yield None
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        yield fd
    finally:
        os.close(fd)


def _whole_lines(fd: int, size: int) -> int:
    """The length of the file's content up to and including its last newline."""
    position = size
    while position > 0:
        start = max(0, position - 65536)
        block = os.pread(fd, position - start, start)
        cut = block.rfind(b"\n")
        if cut >= 0:
            return start + cut + 1
        position = start
    return 0
