"""Keep the warehouse's view of a landing folder current: parse each file content once.

`landing_files` lists the files now in the folder with their sha256. A file whose path, size and
mtime are unchanged is not read again; a new content is parsed and validated into the source's
staging table, keyed by its hash. A content already staged (the same file landed twice under two
names) is not staged again, and a day reads each content once. Rows of contents no longer in the
folder (a corrected file replaced its earlier version, a file was removed) leave the staging table.
Files that cannot be read at all are listed with their error and quarantined as one row.

Staging commits block by block: a transaction holding a whole large file keeps memory outside
DuckDB's limit (measured: 3.2 GB resident after 35 blocks in one transaction, 1.1 GB committing
each). A content counts as staged once `landing_files` records it; rows left by a content whose
staging was interrupted are ignored by every query (they join `landing_files`) and removed before
it is staged again. Callers must not hold a transaction open around `sync_folder`.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa

from assets.ingest.readers import UnreadableFile, iter_rows, read_ahead, tabular_format
from assets.shared.sqlfiles import bind, load_sql
from assets.shared.warehouse import transaction, write


@dataclass(frozen=True)
class ContentStats:
    """What parsing one file content gave."""

    lines: int | None
    valid: int | None
    rejected: int | None
    median_ts: datetime | None


NO_STATS = ContentStats(None, None, None, None)
SCAN_BATCH_ROWS = 20_000  # DuckDB gives each thread one Arrow record batch: a block in batches uses every core


@dataclass(frozen=True)
class SyncSummary:
    files: int
    parsed: int
    unchanged: int
    unreadable: int
    removed: int


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def landing_paths(folder: Path) -> list[Path]:
    """Every regular file below `folder`, in path order; hidden files (names starting with a dot,
    e.g. partial uploads) are skipped."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def sync_folder(
    con: duckdb.DuckDBPyConnection, source: str, folder: Path, staged_table: str,
    detect_format: Callable[[Path], str | None] = tabular_format, params: dict | None = None,
) -> SyncSummary:
    """Bring `landing_files` and `staged_table` (built by `sql/<staged_table>.sql`, with `params`
    bound besides `$file_sha256`) in line with the files now under `folder`: NDJSON/CSV/Parquet
    by default, or whatever `detect_format` says a file is."""
    known = {
        path: (size, mtime, sha)
        for path, size, mtime, sha in con.execute(
            "SELECT path, size_bytes, mtime_ns, sha256 FROM landing_files WHERE source = $source",
            {"source": source},
        ).fetchall()
    }
    staged = {row[0] for row in con.execute(
        "SELECT DISTINCT sha256 FROM landing_files WHERE source = $source AND error IS NULL", {"source": source}
    ).fetchall()}
    paths = landing_paths(folder)
    parsed = unchanged = 0
    for path in paths:
        key = str(path)
        stat = path.stat()
        previous = known.get(key)
        if previous and previous[0] == stat.st_size and previous[1] == stat.st_mtime_ns:
            unchanged += 1
            continue
        sha = file_sha256(path)
        fmt = detect_format(path)
        if sha in staged:
            stats = _stats_of_content(con, staged_table, sha)
            error = None
        elif fmt is None:
            stats, error = NO_STATS, f"unsupported file type {path.name!r} (expected .ndjson, .jsonl, .csv or .parquet, optionally .gz)"
        else:
            try:
                stats = _stage(con, path, fmt, sha, staged_table, params or {})
                staged.add(sha)
                error = None
            except UnreadableFile as failure:
                stats, error = NO_STATS, str(failure)
            parsed += 1
        _record_file(con, source, key, stat.st_size, stat.st_mtime_ns, sha, fmt, stats, error)

    present = {str(p) for p in paths}
    removed = [p for p in known if p not in present]
    with transaction(con):
        for path in removed:
            con.execute("DELETE FROM landing_files WHERE source = $source AND path = $path",
                        {"source": source, "path": path})
        con.execute(
            f"DELETE FROM {staged_table} WHERE file_sha256 NOT IN "
            "(SELECT sha256 FROM landing_files WHERE error IS NULL)"
        )
        unreadable = _quarantine_unreadable(con, source)
    return SyncSummary(files=len(paths), parsed=parsed, unchanged=unchanged,
                       unreadable=unreadable, removed=len(removed))


def _stage(con: duckdb.DuckDBPyConnection, path: Path, fmt: str, sha: str, staged_table: str, params: dict):
    # Block by block (assets/ingest/readers.py), each block its own transaction, so a large file never sits
    # in memory whole; a file that turns out unreadable half-way leaves none of its rows.
    select = load_sql(staged_table)
    last_line = 0
    forget = (f"DELETE FROM {staged_table} WHERE file_sha256 = $sha", {"sha": sha})
    write(con, [forget])  # an interrupted try's rows
    try:
        for lines in read_ahead(iter_rows(path, fmt)):
            con.register("lines", _in_batches(lines))
            try:
                write(con, [(f"INSERT INTO {staged_table} BY NAME {select}",
                             bind(select, {**params, "file_sha256": sha}))])
            finally:
                con.unregister("lines")
            last_line = max(last_line, _last_line(lines))
    except UnreadableFile:
        write(con, [forget])
        raise
    return _stats_of_content(con, staged_table, sha, lines=last_line)


def _in_batches(frame: pl.DataFrame) -> pa.Table:
    table = frame.to_arrow()
    return pa.Table.from_batches(table.to_batches(max_chunksize=SCAN_BATCH_ROWS), schema=table.schema)


def _last_line(lines) -> int:
    return int(lines["line"].max()) if lines.height else 0


def _stats_of_content(con, staged_table: str, sha: str, lines: int | None = None) -> ContentStats:
    # Dated sources (a `ts` column) also record the median valid timestamp: the day of a row whose
    # own timestamp is unusable.
    dated = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = $table AND column_name = 'ts' "
        "AND database_name = current_database()",
        {"table": staged_table},
    ).fetchone()[0]
    median = "median(ts) FILTER (reject_reason IS NULL)" if dated else "CAST(NULL AS TIMESTAMPTZ)"
    valid, rejected, median_ts = con.execute(
        f"SELECT count(*) FILTER (reject_reason IS NULL), count(*) FILTER (reject_reason IS NOT NULL), "
        f"{median} FROM {staged_table} WHERE file_sha256 = $sha",
        {"sha": sha},
    ).fetchone()
    if lines is None:
        lines = con.execute(
            "SELECT max(lines) FROM landing_files WHERE sha256 = $sha", {"sha": sha}
        ).fetchone()[0]
    return ContentStats(lines, valid, rejected, median_ts)


def _record_file(con, source, path, size, mtime, sha, fmt, stats: ContentStats, error) -> None:
    # One row per (source, path): the file's earlier row is replaced, keeping when it was first seen.
    key = {"source": source, "path": path}
    with transaction(con):
        first_seen = con.execute(
            "SELECT min(first_seen_at) FROM landing_files WHERE source = $source AND path = $path", key,
        ).fetchone()[0]
        con.execute("DELETE FROM landing_files WHERE source = $source AND path = $path", key)
        con.execute(
            """
            INSERT INTO landing_files
                (source, path, size_bytes, mtime_ns, sha256, format, lines, rows_valid, rows_rejected,
                 median_ts, error, first_seen_at)
            VALUES ($source, $path, $size, $mtime, $sha, $fmt, $lines, $valid, $rejected, $median_ts, $error,
                    coalesce($first_seen, now()))
            """,
            {**key, "size": size, "mtime": mtime, "sha": sha, "fmt": fmt, "lines": stats.lines,
             "valid": stats.valid, "rejected": stats.rejected, "median_ts": stats.median_ts, "error": error,
             "first_seen": first_seen},
        )


def _quarantine_unreadable(con, source: str) -> int:
    """Files that cannot be read at all are one row each in rejected_rows, with no day."""
    con.execute("DELETE FROM rejected_rows WHERE source = $source AND day IS NULL AND line IS NULL",
                {"source": source})
    con.execute(
        """
        INSERT INTO rejected_rows (source, day, file, line, raw, reason)
        SELECT source, NULL, path, NULL, NULL, error FROM landing_files
        WHERE source = $source AND error IS NOT NULL
        """,
        {"source": source},
    )
    return con.execute(
        "SELECT count(*) FROM landing_files WHERE source = $source AND error IS NOT NULL",
        {"source": source},
    ).fetchone()[0]
