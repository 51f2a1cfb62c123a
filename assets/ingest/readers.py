"""Turn a landing file into rows `(line, raw)`: one JSON object per row, whatever the format.

NDJSON lines are kept as written; CSV and Parquet rows are re-encoded as JSON objects so one SQL
file validates every format. `line` is the 1-based line in the file for NDJSON and CSV (a CSV's
header is line 1), the 1-based row number for Parquet. Blank lines are not rows.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl
from isal import igzip, isal_zlib

CHUNK_BYTES = 64 << 20  # NDJSON is staged in blocks of this much text: ~200,000 events
TABULAR_SUFFIXES = {".ndjson": "ndjson", ".jsonl": "ndjson", ".json": "ndjson", ".csv": "csv",
                    ".parquet": "parquet"}


class UnreadableFile(Exception):
    """The file as a whole cannot be read (corrupt compression, not Parquet, not text)."""


class FileCutShort(Exception):
    """The file ends inside its compressed stream (a `.gz` truncated by a copy, a full disk): the
    rows before the cut were read; `line` is where the cut is, `tail` the part line before it."""

    def __init__(self, line: int, tail: str, error: str):
        super().__init__(f"file cut short at line {line}: {error}")
        self.line = line
        self.tail = tail
        self.reason = str(self)


READ_ERRORS = (OSError, EOFError, gzip.BadGzipFile, zlib.error, isal_zlib.error)
PIECE_BYTES = 4 << 20  # read1 size: a cut loses nothing that was decompressed before it


def tabular_format(path: Path) -> str | None:
    """'ndjson', 'csv' or 'parquet' from the file name (a `.gz` suffix allowed on text formats)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
        if suffixes and suffixes[-1] == ".parquet":
            return None
    return TABULAR_SUFFIXES.get(suffixes[-1]) if suffixes else None


def read_bytes(path: Path) -> bytes:
    """The file's content, gunzipped when its name ends in .gz."""
    try:
        if path.suffix.lower() == ".gz":
            with igzip.open(path, "rb") as handle:
                return handle.read()
        return path.read_bytes()
    except READ_ERRORS as error:
        raise UnreadableFile(f"cannot read {path.name}: {error}") from error


def iter_rows(path: Path, fmt: str, chunk_bytes: int = CHUNK_BYTES) -> Iterator[pl.DataFrame]:
    """The rows `read_rows` gives, in frames of about `chunk_bytes` of text each: NDJSON and plain
    lines (access logs) and CSV are read as a stream, so memory stays flat however large the file;
    Parquet comes as one frame.

    A W3C log's `#Fields:` directive names the columns of the lines after it, so the last one seen
    is repeated, with its own line number, at the head of every later frame: each frame parses on
    its own as the whole file would."""
    if fmt == "csv":
        yield from _csv_blocks(path, chunk_bytes)
        return
    if fmt not in ("ndjson", "lines"):
        yield read_rows(path, fmt)
        return
    offset = 0
    header = _empty()
    for block in _line_blocks(path, chunk_bytes, lambda: offset):
        frame = line_rows(block)
        frame = frame.with_columns(pl.col("line") + offset) if offset else frame
        offset += block.count(b"\n")
        if fmt == "lines":
            fields = frame.filter(pl.col("raw").str.starts_with("#Fields:"))
            frame = pl.concat([header, frame]) if header.height else frame
            header = fields.tail(1) if fields.height else header
        yield frame


def read_ahead(frames: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """`frames`, the next one read in a background thread while the caller works on the current one:
    gunzip and the line split release the GIL, as DuckDB does, so reading and staging overlap."""
    with ThreadPoolExecutor(max_workers=1) as reader:
        pending = reader.submit(next, frames, None)
        while (frame := pending.result()) is not None:
            pending = reader.submit(next, frames, None)
            yield frame


def _open_binary(path: Path):
    """The file opened for reading bytes, gunzipped on the fly when its name ends in .gz. With
    Python's gzip, not ISA-L: the CSV reader parses text far slower than either decompresses, and a
    CSV cut short then keeps the lines Python's gzip gives, as an NDJSON file does (_pieces)."""
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")


def _pieces(path: Path, size: int) -> Iterator[bytes]:
    """The file's content in pieces of up to `size` bytes, gunzipped when its name ends in .gz: with
    ISA-L (about twice as fast as zlib). A damaged .gz is read again with Python's gzip up to where
    that one stops, so a file cut short keeps the same text whichever decompressor met the damage
    (ISA-L stops at its last whole chunk, up to a few hundred KB earlier)."""
    if path.suffix.lower() != ".gz":
        with path.open("rb") as handle:
            while piece := handle.read1(size):
                yield piece
        return
    given = 0
    try:
        with igzip.open(path, "rb") as handle:
            while piece := handle.read1(size):
                given += len(piece)
                yield piece
        return
    except READ_ERRORS:
        pass
    with gzip.open(path, "rb") as handle:  # raises where Python's gzip meets the damage
        while piece := handle.read1(size):
            if given >= len(piece):
                given -= len(piece)
                continue
            yield piece[given:]
            given = 0


def _line_blocks(path: Path, chunk_bytes: int, lines_before: Callable[[], int] = lambda: 0) -> Iterator[bytes]:
    """The file's content (gunzipped when its name ends in .gz) in blocks of whole lines. A file
    that breaks off after some text gives its whole lines, then raises FileCutShort at the line
    after them (`lines_before()` is how many lines the caller has numbered so far)."""
    carry = b""
    pieces: list[bytes] = []
    size = 0
    read_any = False
    try:
        for piece in _pieces(path, min(chunk_bytes, PIECE_BYTES)):
            read_any = True
            pieces.append(piece)
            size += len(piece)
            if size < chunk_bytes:
                continue
            block = carry + b"".join(pieces)
            pieces, size = [], 0
            cut = block.rfind(b"\n") + 1
            if not cut:
                carry = block
                continue
            yield block[:cut]
            carry = block[cut:]
    except READ_ERRORS as error:
        if not read_any:
            raise UnreadableFile(f"cannot read {path.name}: {error}") from error
        block = carry + b"".join(pieces)
        cut = block.rfind(b"\n") + 1
        if cut:
            yield block[:cut]
        raise FileCutShort(lines_before() + 1, block[cut:].decode("utf-8", errors="replace"), str(error)) from error
    block = carry + b"".join(pieces)
    if block:
        yield block


def read_rows(path: Path, fmt: str) -> pl.DataFrame:
    """The file's rows as a frame `(line: Int64, raw: String)`; format "lines" is plain text
    (access logs), one row per line."""
    if fmt in ("ndjson", "lines"):
        return line_rows(read_bytes(path))
    if fmt == "csv":
        return _csv_rows(read_bytes(path))
    if fmt == "parquet":
        return _parquet_rows(path)
    raise ValueError(f"unknown format {fmt!r}")


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema={"line": pl.Int64, "raw": pl.String})


def line_rows(data: bytes) -> pl.DataFrame:
    """Every line of `data` with its 1-based number; blank lines are kept (as empty or null) so the
    numbers stay right. Polars' CSV reader with NUL as the separator splits lines ~15x faster than
    Python; a line holding a NUL byte falls back to Python's split."""
    if not data.strip():
        return _empty()
    try:
        lines = pl.read_csv(data, has_header=False, separator="\x00", quote_char=None, new_columns=["raw"],
                            schema={"raw": pl.String}, encoding="utf8-lossy")["raw"]
    except pl.exceptions.PolarsError:
        text = data.decode("utf-8", errors="replace")
        lines = pl.Series("raw", text.split("\n"), dtype=pl.String)
        if text.endswith("\n"):
            lines = lines.head(-1)
    frame = lines.to_frame().with_row_index("line", offset=1)
    return frame.select(pl.col("line").cast(pl.Int64), pl.col("raw").fill_null("").str.strip_suffix("\r"))


def _csv_rows(data: bytes) -> pl.DataFrame:
    text = io.StringIO(data.decode("utf-8-sig", errors="replace"), newline="")
    return pl.concat([_empty(), *_csv_frames(text, CHUNK_BYTES)])


def _csv_blocks(path: Path, chunk_bytes: int) -> Iterator[pl.DataFrame]:
    """A CSV file as a stream of frames of about `chunk_bytes` of text each (a quoted field may hold
    line breaks, so rows, not lines, are counted)."""
    try:
        with _open_binary(path) as raw:
            yield from _csv_frames(io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline=""),
                                   chunk_bytes)
    except READ_ERRORS as error:
        raise UnreadableFile(f"cannot read {path.name}: {error}") from error


def _csv_frames(text: io.TextIOBase, chunk_bytes: int) -> Iterator[pl.DataFrame]:
    reader = csv.reader(text)
    header = next(reader, None)
    if header is None:
        return
    header = [name.strip() for name in header]
    lines: list[int] = []
    raws: list[str] = []
    size = 0
    rows = iter(reader)
    while True:
        try:
            row = next(rows, None)
        except READ_ERRORS as error:
            # Cut short: the rows read so far are kept, the cut is where the reader stopped.
            if lines:
                yield pl.DataFrame({"line": lines, "raw": raws}, schema={"line": pl.Int64, "raw": pl.String})
            raise FileCutShort(reader.line_num + 1, "", str(error)) from error
        if row is None:
            break
        if not row or all(not cell.strip() for cell in row):
            continue
        lines.append(reader.line_num)
        if len(row) != len(header):
            # Not an object: the validating SQL rejects it, and raw keeps the row as it was.
            raws.append(",".join(row))
        else:
            raws.append(json.dumps({k: (v if v != "" else None) for k, v in zip(header, row)}))
        size += len(raws[-1])
        if size >= chunk_bytes:
            yield pl.DataFrame({"line": lines, "raw": raws}, schema={"line": pl.Int64, "raw": pl.String})
            lines, raws, size = [], [], 0
    if lines:
        yield pl.DataFrame({"line": lines, "raw": raws}, schema={"line": pl.Int64, "raw": pl.String})


def _parquet_rows(path: Path) -> pl.DataFrame:
    try:
        frame = pl.read_parquet(path)
    except Exception as error:  # polars raises several error types for a broken file
        raise UnreadableFile(f"cannot read {path.name} as Parquet: {error}") from error
    if frame.height == 0:
        return _empty()
    as_text = [
        _datetime_text(name, dtype) if isinstance(dtype, pl.Datetime) else pl.col(name)
        for name, dtype in frame.schema.items()
    ]
    return (
        frame.select(as_text)
        .select(pl.struct(pl.all()).struct.json_encode().alias("raw"))
        .with_row_index("line", offset=1)
        .select(pl.col("line").cast(pl.Int64), "raw")
    )


def _datetime_text(name: str, dtype: pl.Datetime) -> pl.Expr:
    # An aware timestamp keeps its offset; a naive one is written without, and rejected as such.
    fmt = "%Y-%m-%dT%H:%M:%S%.f%:z" if dtype.time_zone else "%Y-%m-%dT%H:%M:%S%.f"
    return pl.col(name).dt.strftime(fmt)
