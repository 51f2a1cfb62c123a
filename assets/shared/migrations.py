"""Schema changes as migrations: numbered steps, applied in order when a writer opens the warehouse.

`warehouse_migrations` records each applied step. A writer that finds steps missing takes the
writer lock, looks again (another process may have applied them meanwhile) and applies each in its
own transaction, recording it in the same one: a step is applied whole or not at all.

Step 1 is the baseline: every domain's `schema*.sql`, the tables as they were when the warehouse
became a lakehouse. Those files are frozen from then on (a test pins them): a change to a table
is a new step here, tested from the schema before it (tests/shared/test_migrations.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from assets.shared.settings import load_settings
from assets.shared.sqlfiles import load_sql, schema_sql, sql_files
from assets.shared.warehouse import Location, close_connection, detach, open_connection

RECORD = """CREATE TABLE IF NOT EXISTS warehouse_migrations (
    version    INTEGER NOT NULL,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
)"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


def _baseline(con: duckdb.DuckDBPyConnection) -> None:
    for statements in schema_sql():
        con.execute(statements)


def day_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The warehouse's tables with a `day` column, in name order."""
    return [row[0] for row in con.execute(
        "SELECT DISTINCT table_name FROM duckdb_columns() WHERE database_name = current_database() "
        "AND column_name = 'day' AND table_name <> 'warehouse_migrations' ORDER BY 1"
    ).fetchall()]


def _partition_by_day(con: duckdb.DuckDBPyConnection) -> None:
    # A day's rows in files of their own: replacing a day ends those files and writes new ones,
    # and a reader's filter on day opens that day's files only. Rows written before keep their files.
    for table in day_tables(con):
        con.execute(f"ALTER TABLE {table} SET PARTITIONED BY (day)")  # names from the catalog, not input


def _media_url(con: duckdb.DuckDBPyConnection) -> None:
    # Events may name their item by URL (issue 17): the staged row keeps the URL's path, and the
    # day's build maps it to a media_id by the access logs' mapping (media_of_paths.sql).
    for table in ("staged_usage_events", "staged_player_events"):  # constants, not input
        con.execute(f"ALTER TABLE {table} ADD COLUMN media_url VARCHAR")
        con.execute(f"COMMENT ON COLUMN {table}.media_url IS 'The path of the URL the event names its item "
                    "by (scheme, host, query and fragment dropped, %-escapes decoded), when sent; a row needs "
                    "media_id or media_url, and media_id wins. Mapped to a media_id when the day is built.'")


def _built_days(con: duckdb.DuckDBPyConnection) -> None:
    # The read API says which days of a range are built and answers If-None-Match from when each
    # was built (issue 18): the report asset records its day here when it has written the report.
    con.execute("""CREATE TABLE built_days (
        day      DATE NOT NULL,
        built_at TIMESTAMPTZ NOT NULL,
        run_id   VARCHAR
    )""")
    con.execute("COMMENT ON TABLE built_days IS 'One row per day whose report was built: when (built_at) and "
                "by which Dagster run. A day here has every daily table the report read; the read API serves "
                "these days and takes its ETag and Last-Modified from built_at.'")
    con.execute("ALTER TABLE built_days SET PARTITIONED BY (day)")
    # days built before this step: those with storage rows (the report refuses a day without them),
    # stamped with the time of the step
    con.execute("INSERT INTO built_days SELECT DISTINCT day, now(), NULL FROM daily_storage")


def _encodings_first_needed(con: duckdb.DuckDBPyConnection) -> None:
    # The image_encodings asset measures a range's images in its first run (issue 19): measured_on is
    # the first day that needed an encoding, whichever build beside it measured it.
    con.execute("COMMENT ON COLUMN image_encodings.measured_on IS 'The first day whose images needed this "
                "encoding (its build measured it, or the build of a later day beside it).'")


# The raw event tables as views over the staged rows (step 6): the columns each takes from its staged
# table besides day, event_id, media_id and the source file and line, in the tables' order.
RAW_EVENT_VIEWS = {
    "raw_usage_events": ("usage_events", "staged_usage_events",
                         "s.event_type, s.ts, s.user_id, s.session_id, s.referrer, s.user_agent, s.client_id, "
                         "s.country, s.page_url, s.usage, s.load_time_ms, s.bytes"),
    "raw_player_events": ("player_events", "staged_player_events",
                          "s.event_type, s.ts, s.position, s.from_position, s.to_position, s.duration, s.user_id, "
                          "s.session_id, s.quality, s.user_agent, s.country"),
}
# What a built day of an event source records besides its staged rows (event_day_tables.sql).
DAY_RECORDS = ("event_day_contents", "event_day_repeats", "event_day_media_urls")
RAW_EVENT_COMMENTS = {
    "raw_usage_events": "One row per valid usage event, deduplicated by event_id within its day (the first by "
                        "file path and line wins). A view over staged_usage_events: each event is stored once. "
                        "day: the event timestamp''s calendar day in REPORT_TIMEZONE; client_id: salted SHA-256 of "
                        "the event''s ip (16 hex digits), the IP itself is never stored.",
    "raw_player_events": "One row per valid player event, deduplicated by event_id within its day (the first by "
                         "file path and line wins). A view over staged_player_events: each event is stored once.",
}


def date_staged_events(con: duckdb.DuckDBPyConnection, tz: str) -> None:
    """Date every staged usage and player event in `tz` (their `day`), as staging does."""
    for source, staged, _ in RAW_EVENT_VIEWS.values():  # constants, not input
        con.execute(f"UPDATE {staged} SET day = CAST(timezone($tz, ts) AS DATE) WHERE ts IS NOT NULL", {"tz": tz})
        con.execute("UPDATE landing_files SET days_timezone = $tz WHERE source = $source AND error IS NULL",
                    {"tz": tz, "source": source})


def record_days_built_before(con: duckdb.DuckDBPyConnection, raw_tables: dict[str, str]) -> None:
    """The day records (event_day_tables.sql) of the days built into raw event tables, `raw_tables`
    naming the table that holds a view's rows (event_days_from_raw_table.sql)."""
    for view, raw_table in raw_tables.items():
        source, staged, _ = RAW_EVENT_VIEWS[view]
        con.execute(load_sql("event_days_from_raw_table").replace("{raw_table}", raw_table)
                    .replace("{source}", source).replace("{staged_table}", staged))


def create_raw_event_views(con: duckdb.DuckDBPyConnection) -> None:
    for view, (source, staged, columns) in RAW_EVENT_VIEWS.items():
        con.execute(load_sql("raw_events_view").replace("{view}", view).replace("{source}", source)
                    .replace("{staged_table}", staged).replace("{columns}", columns))
        con.execute(f"COMMENT ON VIEW {view} IS '{RAW_EVENT_COMMENTS[view]}'")


def _events_stored_once(con: duckdb.DuckDBPyConnection) -> None:
    # Each event stored once (issue 19): the staged rows are dated (`day`), and the raw
    # event tables become views over them with a few bytes of record per built day.
    for _, staged, _ in RAW_EVENT_VIEWS.values():  # constants, not input
        con.execute(f"ALTER TABLE {staged} ADD COLUMN day DATE")
        con.execute(f"COMMENT ON COLUMN {staged}.day IS 'The timestamp''s calendar day in REPORT_TIMEZONE "
                    "(landing_files.days_timezone): the raw view reads a built day''s rows by it.'")
        # Not partitioned by day: DuckLake's partitioned insert of a staging block held 0.5 GiB more
        # (1.91 against 1.40 GiB peak staging the default day); a content's blocks are written in
        # the file's order, so a day's filter skips other days' data files by their min/max.
    con.execute("ALTER TABLE landing_files ADD COLUMN days_timezone VARCHAR")
    con.execute("COMMENT ON COLUMN landing_files.days_timezone IS 'The time zone the content''s staged rows "
                "are dated in (event sources): REPORT_TIMEZONE when they were staged or last dated.'")
    date_staged_events(con, load_settings().report_timezone)
    con.execute(load_sql("event_day_tables"))
    record_days_built_before(con, {view: view for view in RAW_EVENT_VIEWS})
    for view in RAW_EVENT_VIEWS:
        con.execute(f"DROP TABLE {view}")
    create_raw_event_views(con)


# What a built day of the access logs records besides its staged lines and its event_day_contents
# (step 7): tables of the access logs alone, each filled by the SQL file of its name.
ACCESS_LOG_DAY_TABLES = ("access_log_day_paths", "access_log_day_user_agents")
RAW_ACCESS_LOG_COMMENT = (
    "One row per request in the access logs, on the day of its timestamp (REPORT_TIMEZONE), mapped "
    "to the media item it served when its path matches the inventory. A view over "
    "staged_access_log: each request is stored once.")


def date_staged_access_log(con: duckdb.DuckDBPyConnection, tz: str) -> None:
    """Date every staged access-log line in `tz` (its `day`), as staging does."""
    con.execute("UPDATE staged_access_log SET day = CAST(timezone($tz, ts) AS DATE) "
                "WHERE ts IS NOT NULL", {"tz": tz})
    con.execute("UPDATE landing_files SET days_timezone = $tz "
                "WHERE source = 'access_logs' AND error IS NULL", {"tz": tz})


def record_access_log_days_built_before(con: duckdb.DuckDBPyConnection, raw_table: str) -> None:
    """The day records of the access-log days built into the table `raw_table`
    (access_log_days_from_raw_table.sql)."""
    con.execute(load_sql("access_log_days_from_raw_table").replace("{raw_table}", raw_table))


def create_raw_access_log_view(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(load_sql("raw_access_log_view"))
    con.execute(f"COMMENT ON VIEW raw_access_log IS '{RAW_ACCESS_LOG_COMMENT}'")


def _access_log_stored_once(con: duckdb.DuckDBPyConnection) -> None:
    # Each access-log line stored once (issue 19), as step 6 did for the events: the staged lines
    # are dated, and raw_access_log becomes a view over them with a few thousand rows of record per
    # built day (its contents, path mapping and User-Agents) instead of a copy of every request.
    con.execute("ALTER TABLE staged_access_log ADD COLUMN day DATE")
    con.execute("COMMENT ON COLUMN staged_access_log.day IS 'The timestamp''s calendar day in "
                "REPORT_TIMEZONE (landing_files.days_timezone): raw_access_log reads a built "
                "day''s requests by it.'")
    con.execute("COMMENT ON COLUMN landing_files.days_timezone IS 'The time zone the content''s "
                "staged rows are dated in (event sources, access logs): REPORT_TIMEZONE when they "
                "were staged or last dated.'")
    date_staged_access_log(con, load_settings().report_timezone)
    con.execute(load_sql("access_log_day_tables"))
    record_access_log_days_built_before(con, "raw_access_log")
    con.execute("DROP TABLE raw_access_log")
    create_raw_access_log_view(con)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "baseline: the tables of every domain's schema files", _baseline),
    Migration(2, "tables with a day column stored partitioned by day", _partition_by_day),
    Migration(3, "staged usage and player events keep the media_url an event may send instead of a media_id",
              _media_url),
    Migration(4, "built_days: the days whose report was built, and when (the read API's built days and ETags)",
              _built_days),
    Migration(5, "image_encodings.measured_on: the first day that needed the encoding", _encodings_first_needed),
    Migration(6, "each event stored once: raw_usage_events and raw_player_events are views over the staged rows",
              _events_stored_once),
    Migration(7, "each access-log line stored once: raw_access_log is a view over the staged lines",
              _access_log_stored_once),
)
LATEST = MIGRATIONS[-1].version


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The last step applied to the warehouse (0: a new warehouse)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND table_name = 'warehouse_migrations'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM warehouse_migrations").fetchone()[0]


def pending(con: duckdb.DuckDBPyConnection, target: int = LATEST) -> list[Migration]:
    version = current_version(con)
    if version > LATEST:
        raise RuntimeError(
            f"the warehouse is at schema version {version}, newer than this code knows ({LATEST}): "
            "upgrade Media Analytics before building with it")
    return [m for m in MIGRATIONS if version < m.version <= target]


def migrate(con: duckdb.DuckDBPyConnection, target: int = LATEST) -> list[int]:
    """Apply the missing steps up to `target`, each in its own transaction. The caller holds the
    writer lock. Returns the versions applied."""
    applied = []
    for migration in pending(con, target):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(RECORD)
            migration.apply(con)
            con.execute("INSERT INTO warehouse_migrations VALUES ($v, $n, now())",
                        {"v": migration.version, "n": migration.name})
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied


def schema_template() -> Path:
    """An empty SQLite catalog at the latest version, made once per machine for this DuckDB and
    these migrations: writing a schema's ~450 catalog entries costs seconds, copying a file does not."""
    # the migrations' code and every SQL file they may run: a step edited before release makes a new template
    sql = [load_sql(name) for name in sorted(sql_files())]
    identity = hashlib.sha256("\n".join([duckdb.__version__, str(LATEST), Path(__file__).read_text(encoding="utf-8"),
                                         *sql]).encode()).hexdigest()
    path = Path(tempfile.gettempdir()) / f"media-analytics-catalog-{identity[:16]}.sqlite"
    if path.exists():
        return path
    folder = Path(tempfile.mkdtemp(prefix="media-analytics-catalog-"))
    try:
        location = Location.parse(str(folder / "catalog.sqlite"), str(folder / "data"))
        con = open_connection(location, False, setup_sql=load_sql("macros"))
        try:
            migrate(con)
        finally:
            close_connection(con)
        detach(location)
        db = sqlite3.connect(location.target)
        try:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself
        finally:
            db.close()
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        shutil.copyfile(location.target, temporary)
        temporary.replace(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return path


def create_catalog(location: Location) -> None:
    """A new SQLite catalog at the latest version for `location`: a copy of the template with the
    data path recorded (the `data_path` entry of DuckLake's `ducklake_metadata` table)."""
    target = Path(location.target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    shutil.copyfile(schema_template(), temporary)
    db = sqlite3.connect(temporary)
    try:
        with db:
            db.execute("UPDATE ducklake_metadata SET value = ? WHERE key = 'data_path' AND scope IS NULL",
                       (location.data_path,))
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the change into the file itself before it moves
    finally:
        db.close()
    temporary.replace(target)
