"""Reproducible file writers: the same lines in always give the same bytes out.

Gzip normally stamps the current time and the file name into its header; both are fixed here
(``mtime=0``, no name) so that two runs with the same arguments write byte-identical files. Lines
are buffered in small batches and written as they come, so a day of tens of millions of events never
has to fit in memory.
"""

from __future__ import annotations

import gzip
from pathlib import Path

_BATCH_LINES = 4096
GZIP_LEVEL = 6


class LineWriter:
    """Writes text lines (without newlines) to ``path``, gzip-compressed if it ends in ``.gz``."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.lines_written = 0
        self._raw = open(path, "wb")
        if path.suffix == ".gz":
            self._sink = gzip.GzipFile(
                filename="", mode="wb", fileobj=self._raw, mtime=0, compresslevel=GZIP_LEVEL
            )
        else:
            self._sink = self._raw
        self._pending: list[str] = []

    def write(self, line: str) -> None:
        """Queue one line; it reaches the file within the next few thousand lines."""
        self._pending.append(line)
        self.lines_written += 1
        if len(self._pending) >= _BATCH_LINES:
            self._flush()

    def close(self) -> None:
        """Write what is queued and close the file."""
        self._flush()
        if self._sink is not self._raw:
            self._sink.close()
        self._raw.close()

    def _flush(self) -> None:
        if self._pending:
            self._sink.write(("\n".join(self._pending) + "\n").encode("utf-8"))
            self._pending.clear()

    def __enter__(self) -> LineWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
