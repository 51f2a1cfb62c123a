"""One day of an event source (usage events, player events): landing files → raw view + quarantine.

Shared by every dated event source: the folder is synced (each file content parsed once into the
source's staged table, each row dated by its timestamp's day in REPORT_TIMEZONE), the day's rows
are gathered from every content whose rows fall on it, the first row of each event_id is kept and
the rest — invalid rows and repeats — go to `rejected_rows`. Each event is stored once: the raw
table is a view over the staged rows (raw_events_view.sql) and a day's build records only what the
view needs besides them — the contents it read, the repeats it left out and the media items the
URLs it mapped name (event_day_tables.sql) — in the same transaction as its rejected rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from assets.ingest.landing import (
    SyncSummary, contents_kept_for_built_days, drop_contents_read_no_more, sync_folder,
)
from assets.shared.checks import (
    column_schema, day_bounds, files_cut_short, preview, reject_ratio_check, reject_reasons, unique_keys_check,
)
from assets.shared.migrations import DAY_RECORDS
from assets.shared.sqlfiles import bind, load_sql
from assets.shared.warehouse import write


@dataclass(frozen=True)
class EventDay:
    """What building one day of an event source gave."""

    rows: int
    rejected: int
    duplicates: int
    reasons: dict[str, int]
    sync: SyncSummary
    cut_short: int = 0


def _for_source(name: str, source: str, staged_table: str) -> str:
    # Table and source names are constants of the code, never input: safe to put in the text.
    return load_sql(name).replace("{source}", source).replace("{staged_table}", staged_table)


def build_event_day(
    con: duckdb.DuckDBPyConnection, source: str, folder: Path, staged_table: str, raw_table: str,
    day: date, tz: str, salt: str, prefixes: list[str],
) -> EventDay:
    """Sync `folder` (client IPs hashed with `salt`, rows dated in `tz`), then replace `day`'s rows
    of the source in `rejected_rows` and the day's records that `raw_table` (a view) reads. Events sent with a media_url are mapped to the day's inventory like
    access-log paths (`prefixes`: MEDIA_URL_PREFIXES); those that map to nothing are rejected."""
    sync = sync_folder(con, source, folder, staged_table, params={"salt": salt, "tz": tz}, day=day)
    bounds = day_bounds(day, tz)
    con.execute(load_sql("media_of_paths"))
    urls = _for_source("event_urls", source, staged_table)
    con.execute(f"CREATE OR REPLACE TEMP TABLE event_urls AS {urls}",
                bind(urls, {"day": day, "prefixes": list(prefixes), **bounds}))
    con.execute(_for_source("events_of_day", source, staged_table))
    con.execute(f"CREATE OR REPLACE TEMP TABLE event_repeats AS {load_sql('event_repeats')}", bounds)
    repeated = _for_source("event_repeated_rows", source, staged_table)
    con.execute(f"CREATE OR REPLACE TEMP TABLE repeated_rows AS {repeated}", bounds)
    key = {"source": source, "day": day}
    # Rows without a line are unreadable files: sync_folder keeps those.
    statements = [("DELETE FROM rejected_rows WHERE source = $source AND day = $day AND line IS NOT NULL", key),
                  (f"INSERT INTO rejected_rows BY NAME {_for_source('rejected_events', source, staged_table)}",
                   {"day": day, **bounds})]
    for table in DAY_RECORDS:  # names are constants of the code
        select = _for_source(table, source, staged_table)
        statements += [(f"DELETE FROM {table} WHERE source = $source AND day = $day", key),
                       (f"INSERT INTO {table} BY NAME {select}", bind(select, {"day": day, **bounds}))]
    replaced = contents_kept_for_built_days(con, source)
    write(con, statements)
    if replaced:
        drop_contents_read_no_more(con, source, staged_table, replaced)
    for temp in ("repeated_rows", "event_repeats", "event_urls"):
        con.execute(f"DROP TABLE {temp}")
    rows = con.execute(f"SELECT count(*) FROM {raw_table} WHERE day = $day", {"day": day}).fetchone()[0]
    rejected, duplicates = con.execute(
        "SELECT count(*) FILTER (NOT starts_with(reason, 'duplicate')), "
        "count(*) FILTER (starts_with(reason, 'duplicate')) "
        "FROM rejected_rows WHERE source = $source AND day = $day",
        {"source": source, "day": day},
    ).fetchone()
    reasons = reject_reasons(con, source, day)
    return EventDay(rows=rows, rejected=rejected, duplicates=duplicates, reasons=reasons, sync=sync,
                    cut_short=files_cut_short(con, source, day))


def event_day_metadata(built: EventDay) -> dict:
    return {
        "dagster/row_count": built.rows,
        "rejected_rows": built.rejected,
        "duplicates_dropped": built.duplicates,
        "reject_reasons": dg.MetadataValue.json(built.reasons),
        "landing_files": built.sync.files,
        "files_parsed_now": built.sync.parsed,
        "unreadable_files": built.sync.unreadable,
        "removed_files_kept": built.sync.removed_kept,
        "lines_with_bytes_replaced": built.sync.repaired,
    }


def event_day_result(
    con: duckdb.DuckDBPyConnection, raw_table: str, keys: tuple[str, ...], day: date, built: EventDay,
    max_reject_ratio: float,
) -> dg.MaterializeResult:
    """What an event source's raw-table asset returns: the event-day metadata, a preview, the key
    check and the reject-ratio check."""
    return dg.MaterializeResult(
        metadata={**event_day_metadata(built), "dagster/column_schema": column_schema(con, raw_table),
                  "preview": preview(con, raw_table, day, "ts, event_id")},
        check_results=[unique_keys_check(con, raw_table, keys, day),
                       reject_ratio_check(raw_table, built.rows, built.rejected, max_reject_ratio,
                                          cut_short=built.cut_short)],
    )
