"""Keep the warehouse's view of a landing folder current: parse each file content once.

`landing_files` lists the files seen in the folder with their sha256 (of the decompressed text for
a `.gz` file, so a log compressed by its rotation is the same content). A file whose path, size and
mtime are unchanged is not read again; a new content is parsed and validated into the source's
staging table, keyed by its hash. A content already staged (the same file landed twice under two
names) is not staged again, and a day reads each content once. Once ingested, rows stay: a file
removed from the folder (log rotation, a cleaned-up folder) keeps its rows and is marked
`removed_at`; a corrected file replacing an earlier version at the same path replaces its rows;
`forget_files` (the `media-analytics forget` command) removes a removed file's rows on purpose.
Files that cannot be read at all are listed with their error and quarantined as one row, on the
day being built when they were first seen (`landed_day`). A file cut short (a truncated `.gz`)
keeps the rows read before the cut; the cut is a rejected row at its line.

Staging commits block by block: a transaction holding a whole large file keeps memory outside
DuckDB's limit (measured: 3.2 GB resident after 35 blocks in one transaction, 1.1 GB committing
each). A content counts as staged once `landing_files` records it; rows left by a content whose
staging was interrupted are ignored by every query (they join `landing_files`) and removed before
it is staged again. Callers must not hold a transaction open around `sync_folder`.

The event sources' staged rows and the access logs' staged lines are dated (`day`: their
timestamp's day in REPORT_TIMEZONE, the `tz` parameter): the raw views find a day's rows by it. `landing_files.days_timezone` says in which
zone a content's rows are dated; a content dated in another zone is dated again when synced. A
content that a built day still reads (`event_day_contents`) keeps its staged rows when its file is
replaced, until that day is rebuilt; `forget_files` removes them at once.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
from isal import igzip

from assets.ingest.readers import READ_ERRORS, FileCutShort, UnreadableFile, iter_rows, read_ahead, tabular_format
from assets.shared.partitions import first_instant
from assets.shared.sqlfiles import bind, load_sql
from assets.shared.warehouse import transaction, write, writer_lock


@dataclass(frozen=True)
class ContentStats:
    """What parsing one file content gave."""

    lines: int | None
    valid: int | None
    rejected: int | None
    median_ts: datetime | None
    repaired: int | None = None  # lines holding U+FFFD: bytes that were not UTF-8, replaced when read


NO_STATS = ContentStats(None, None, None, None)
# The dated sources and their staging tables: a removed file of these keeps its rows until forgotten.
DATED_SOURCES = {"usage_events": "staged_usage_events", "player_events": "staged_player_events",
                 "access_logs": "staged_access_log"}
MAX_TAIL_CHARS = 2_000  # of a line cut in half, kept as the cut row's raw text
SCAN_BATCH_ROWS = 20_000  # DuckDB gives each thread one Arrow record batch: a block in batches uses every core


@dataclass(frozen=True)
class SyncSummary:
    files: int
    parsed: int
    unchanged: int
    unreadable: int
    removed: int  # files gone from the folder since the last sync
    removed_kept: int = 0  # files gone from the folder whose rows are kept
    repaired: int = 0  # lines of the folder's files whose bytes were not UTF-8 (replaced by U+FFFD)


def file_sha256(path: Path) -> str:
    """The sha256 of the file's content: of its decompressed text when its name ends in .gz (a log
    rotated into `access.log.2.gz` is the content already read as `access.log.1`); of its bytes when
    that text cannot be read whole."""
    if path.suffix.lower() == ".gz":
        try:
            with igzip.open(path, "rb") as handle:
                return _digest(handle)
        except READ_ERRORS:
            pass
    with path.open("rb") as handle:
        return _digest(handle)


def _digest(handle) -> str:
    digest = hashlib.sha256()
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
    day: date | None = None, keep_removed: bool = True,
) -> SyncSummary:
    """Bring `landing_files` and `staged_table` (built by `sql/<staged_table>.sql`, with `params`
    bound besides `$file_sha256`, `$first_instant` (PARTITIONS_START) and `$now` (the time the file is
    read) unless `params` say otherwise) in line with the files now under `folder`:
    NDJSON/CSV/Parquet by default, or whatever `detect_format` says a file is. `day` is the day
    being built: a new file's `landed_day`. Files no longer in the folder keep their rows unless
    `keep_removed` is false (an inventory export is a snapshot of the whole library, not history:
    the newest exports say what exists, and past days come from `created_at`/`deleted_at`).
    Two builds side by side (days built in parallel, several machines) take turns per source: the
    second finds the files the first staged and stages nothing twice."""
    with writer_lock(con).named(f"landing-{source}").held():
        return _sync_folder(con, source, folder, staged_table, detect_format, params, day, keep_removed)


def _sync_folder(
    con: duckdb.DuckDBPyConnection, source: str, folder: Path, staged_table: str,
    detect_format: Callable[[Path], str | None] = tabular_format, params: dict | None = None,
    day: date | None = None, keep_removed: bool = True,
) -> SyncSummary:
    known = {
        path: (size, mtime, sha, removed_at)
        for path, size, mtime, sha, removed_at in con.execute(
            "SELECT path, size_bytes, mtime_ns, sha256, removed_at FROM landing_files WHERE source = $source",
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
            if previous[3] is not None:  # removed, now back
                write(con, [("UPDATE landing_files SET removed_at = NULL WHERE source = $source AND path = $path",
                             {"source": source, "path": key})])
            unchanged += 1
            continue
        sha = file_sha256(path)
        fmt = detect_format(path)
        dated_in = None  # the zone the content's rows are dated in when staged now; else as recorded
        if sha in staged:
            stats = _stats_of_content(con, staged_table, sha)
            error = None
        elif fmt is None:
            stats, error = NO_STATS, f"unsupported file type {path.name!r} (expected .ndjson, .jsonl, .csv or .parquet, optionally .gz)"
        else:
            try:
                defaults = {"first_instant": first_instant(), "now": datetime.now(timezone.utc)}
                stats = _stage(con, path, fmt, sha, staged_table, {**defaults, **(params or {})})
                staged.add(sha)
                error = None
                dated_in = (params or {}).get("tz")
            except UnreadableFile as failure:
                stats, error = NO_STATS, str(failure)
            parsed += 1
        _record_file(con, source, key, stat.st_size, stat.st_mtime_ns, sha, fmt, stats, error, day, dated_in)

    present = {str(p) for p in paths}
    removed = [p for p, facts in known.items() if p not in present and facts[3] is None]
    with transaction(con):
        for path in removed:
            if keep_removed:
                con.execute("UPDATE landing_files SET removed_at = coalesce(removed_at, now()) "
                            "WHERE source = $source AND path = $path", {"source": source, "path": path})
            else:
                con.execute("DELETE FROM landing_files WHERE source = $source AND path = $path",
                            {"source": source, "path": path})
        _drop_unlisted_contents(con, staged_table)
        unreadable = _quarantine_unreadable(con, source)
    if params and "tz" in params:
        _date_rows(con, source, staged_table, params["tz"])
    kept = con.execute(
        "SELECT count(*) FROM landing_files WHERE source = $source AND removed_at IS NOT NULL",
        {"source": source},
    ).fetchone()[0]
    repaired = con.execute(
        "SELECT coalesce(sum(lines_repaired), 0) FROM landing_files WHERE source = $source AND removed_at IS NULL",
        {"source": source},
    ).fetchone()[0]
    return SyncSummary(files=len(paths), parsed=parsed, unchanged=unchanged, unreadable=unreadable,
                       removed=len(removed), removed_kept=kept, repaired=int(repaired))


def _date_rows(con: duckdb.DuckDBPyConnection, source: str, staged_table: str, tz: str) -> None:
    """Date in `tz` the staged rows of the contents dated in another zone (REPORT_TIMEZONE was
    changed) or not yet dated (staged before rows had a day), one content per transaction."""
    stale = [sha for (sha,) in con.execute(
        "SELECT DISTINCT sha256 FROM landing_files WHERE source = $source AND error IS NULL "
        "AND days_timezone IS DISTINCT FROM $tz ORDER BY 1",
        {"source": source, "tz": tz},
    ).fetchall()]
    for sha in stale:
        write(con, [
            (f"UPDATE {staged_table} SET day = CAST(timezone($tz, ts) AS DATE) "
             "WHERE file_sha256 = $sha AND ts IS NOT NULL", {"tz": tz, "sha": sha}),
            ("UPDATE landing_files SET days_timezone = $tz WHERE source = $source AND sha256 = $sha",
             {"tz": tz, "source": source, "sha": sha}),
        ])


def _drop_unlisted_contents(con: duckdb.DuckDBPyConnection, staged_table: str) -> None:
    # A content no file of landing_files names any more (replaced by a corrected version, forgotten)
    # and no built day reads (event_day_contents: a day built from it reads it until rebuilt).
    con.execute(
        f"DELETE FROM {staged_table} WHERE file_sha256 NOT IN "
        "(SELECT sha256 FROM landing_files WHERE error IS NULL) "
        "AND file_sha256 NOT IN (SELECT file_sha256 FROM event_day_contents)"
    )


def contents_kept_for_built_days(con: duckdb.DuckDBPyConnection, source: str) -> list[str]:
    """The contents no landing file holds any more whose staged rows stay because a built day reads them."""
    return [sha for (sha,) in con.execute(
        "SELECT DISTINCT file_sha256 FROM event_day_contents WHERE source = $source AND file_sha256 NOT IN "
        "(SELECT sha256 FROM landing_files WHERE source = $source AND error IS NULL) ORDER BY 1",
        {"source": source},
    ).fetchall()]


def drop_contents_read_no_more(con: duckdb.DuckDBPyConnection, source: str, staged_table: str,
                               shas: list[str]) -> None:
    """Remove the staged rows of those of `shas` (contents_kept_for_built_days) that no built day
    reads any more: the day that read one was rebuilt from the files as they are now."""
    with writer_lock(con).named(f"landing-{source}").held():
        write(con, [(f"DELETE FROM {staged_table} WHERE list_contains($shas, file_sha256) "
                     "AND file_sha256 NOT IN (SELECT file_sha256 FROM event_day_contents) "
                     "AND file_sha256 NOT IN (SELECT sha256 FROM landing_files WHERE error IS NULL)",
                     {"shas": shas})])


def forget_files(
    con: duckdb.DuckDBPyConnection, paths: list[str], tz: str, staged_tables: dict[str, str] = DATED_SOURCES,
) -> list[dict]:
    """Remove on purpose the rows of landing files that are no longer in their folder: their
    `landing_files` rows, the staged rows of contents no other file holds and their quarantine
    rows. Returns, per file, its source and the days its rows were on (to rebuild).
    A file still in its folder is refused: the next build would read it again."""
    forgotten = []
    for path in paths:
        found = con.execute(
            "SELECT source, path, sha256, landed_day FROM landing_files "
            "WHERE path IN ($path, $absolute) AND list_contains($sources, source)",
            {"path": path, "absolute": str(Path(path).absolute()), "sources": list(staged_tables)},
        ).fetchall()
        if not found:
            raise ValueError(f"{path}: not a file the builds have read (give its path as landing_files "
                             "records it; inventory exports are forgotten as soon as they are removed)")
        for source, file_path, sha, landed_day in found:
            if Path(file_path).exists():
                raise ValueError(f"{file_path} is still in the landing folder: remove it first, "
                                 "or the next build reads it again")
            # Table names are constants of the code (staged_tables), never input.
            days = {d for (d,) in con.execute(
                f"SELECT DISTINCT CAST(timezone($tz, ts) AS DATE) FROM {staged_tables[source]} "
                "WHERE file_sha256 = $sha AND ts IS NOT NULL",
                {"tz": tz, "sha": sha},
            ).fetchall()}
            days |= {d for (d,) in con.execute(
                "SELECT DISTINCT day FROM rejected_rows WHERE file = $path AND day IS NOT NULL",
                {"path": file_path},
            ).fetchall()}
            with transaction(con):
                con.execute("DELETE FROM landing_files WHERE source = $source AND path = $path",
                            {"source": source, "path": file_path})
                # Forgotten on purpose: built days no longer read the content (they are listed to rebuild).
                for table in ("event_day_contents", "event_day_repeats"):  # constants, not input
                    con.execute(f"DELETE FROM {table} WHERE file_sha256 = $sha AND $sha NOT IN "
                                "(SELECT sha256 FROM landing_files WHERE error IS NULL)", {"sha": sha})
                _drop_unlisted_contents(con, staged_tables[source])
                con.execute("DELETE FROM rejected_rows WHERE source = $source AND file = $path",
                            {"source": source, "path": file_path})
            forgotten.append({"source": source, "path": file_path, "days": sorted(days)})
    return forgotten


def _stage(con: duckdb.DuckDBPyConnection, path: Path, fmt: str, sha: str, staged_table: str, params: dict):
    # Block by block (assets/ingest/readers.py), each block its own transaction, so a large file never
    # sits in memory whole; a file cut short keeps the rows before the cut, and one that cannot be
    # read at all leaves none.
    select = load_sql(staged_table)
    last_line = repaired = 0
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
            # Not silent: bytes that were not UTF-8 became U+FFFD when read (JSON-escaped in a CSV or
            # Parquet row re-encoded as JSON); the file records how many lines.
            repaired += lines.filter(pl.col("raw").str.contains("\ufffd", literal=True)
                                     | pl.col("raw").str.contains("\\ufffd", literal=True)).height
    except FileCutShort as cut:
        # The rows before the cut stay; the cut is one rejected row where it happened.
        write(con, [(
            f"INSERT INTO {staged_table} (file_sha256, line, raw, reject_reason) "
            "VALUES ($sha, $line, mask_ips($tail), $reason)",
            {"sha": sha, "line": cut.line, "tail": cut.tail[:MAX_TAIL_CHARS] or None, "reason": cut.reason},
        )])
        last_line = max(last_line, cut.line)
    except UnreadableFile:
        write(con, [forget])
        raise
    return _stats_of_content(con, staged_table, sha, lines=last_line, repaired=repaired)


def _in_batches(frame: pl.DataFrame) -> pa.Table:
    table = frame.to_arrow()
    return pa.Table.from_batches(table.to_batches(max_chunksize=SCAN_BATCH_ROWS), schema=table.schema)


def _last_line(lines) -> int:
    return int(lines["line"].max()) if lines.height else 0


def _stats_of_content(con, staged_table: str, sha: str, lines: int | None = None,
                      repaired: int | None = None) -> ContentStats:
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
        lines, repaired = con.execute(
            "SELECT max(lines), max(lines_repaired) FROM landing_files WHERE sha256 = $sha", {"sha": sha}
        ).fetchone()
    return ContentStats(lines, valid, rejected, median_ts, repaired)


def _record_file(con, source, path, size, mtime, sha, fmt, stats: ContentStats, error, day,
                 dated_in: str | None = None) -> None:
    # One row per (source, path): the file's earlier row is replaced, keeping when it was first seen.
    # landed_day: the day being built when this content was first seen (kept when it is seen again);
    # days_timezone: `dated_in` when staged now, else as the content's other rows record it.
    key = {"source": source, "path": path}
    with transaction(con):
        first_seen, landed_day, days_timezone = con.execute(
            "SELECT (SELECT min(first_seen_at) FROM landing_files WHERE source = $source AND path = $path), "
            "(SELECT min(landed_day) FROM landing_files WHERE source = $source AND sha256 = $sha), "
            "(SELECT max(days_timezone) FROM landing_files WHERE source = $source AND sha256 = $sha)",
            {**key, "sha": sha},
        ).fetchone()
        con.execute("DELETE FROM landing_files WHERE source = $source AND path = $path", key)
        con.execute(
            """
            INSERT INTO landing_files
                (source, path, size_bytes, mtime_ns, sha256, format, lines, rows_valid, rows_rejected,
                 median_ts, error, first_seen_at, landed_day, removed_at, lines_repaired, days_timezone)
            VALUES ($source, $path, $size, $mtime, $sha, $fmt, $lines, $valid, $rejected, $median_ts, $error,
                    coalesce($first_seen, now()), coalesce($landed_day, $day), NULL, $repaired, $days_timezone)
            """,
            {**key, "size": size, "mtime": mtime, "sha": sha, "fmt": fmt, "lines": stats.lines,
             "valid": stats.valid, "rejected": stats.rejected, "median_ts": stats.median_ts, "error": error,
             "first_seen": first_seen, "landed_day": landed_day, "day": day, "repaired": stats.repaired,
             "days_timezone": dated_in or days_timezone},
        )


def _quarantine_unreadable(con, source: str) -> int:
    """Files that cannot be read at all are one row each in rejected_rows, on their landed_day."""
    con.execute("DELETE FROM rejected_rows WHERE source = $source AND line IS NULL", {"source": source})
    con.execute(
        """
        INSERT INTO rejected_rows (source, day, file, line, raw, reason)
        SELECT source, landed_day, path, NULL, NULL, error FROM landing_files
        WHERE source = $source AND error IS NOT NULL
        """,
        {"source": source},
    )
    return con.execute(
        "SELECT count(*) FROM landing_files WHERE source = $source AND error IS NOT NULL",
        {"source": source},
    ).fetchone()[0]
