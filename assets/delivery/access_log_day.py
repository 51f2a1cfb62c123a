"""One day of the access logs: the day's records that raw_access_log (a view) reads, and its
rejected lines.

Each request is stored once, in `staged_access_log` (dated by its timestamp's day in
REPORT_TIMEZONE when staged). A day's build records only what the view needs besides the staged
lines — the contents it read (`event_day_contents`, source 'access_logs'), how each of its
distinct request paths maps to a media item (`access_log_day_paths`) and how each of its distinct
User-Agents is classified (`access_log_day_user_agents`; access_log_day_tables.sql) — in one
transaction with the day's rows of `rejected_rows`.
"""

from __future__ import annotations

from datetime import date

import duckdb

from assets.ingest.landing import contents_kept_for_built_days, drop_contents_read_no_more
from assets.shared.migrations import ACCESS_LOG_DAY_TABLES
from assets.shared.sqlfiles import bind, load_sql, run_sql
from assets.shared.useragents import user_agent_table
from assets.shared.warehouse import write

SOURCE, STAGED_TABLE = "access_logs", "staged_access_log"


def build_access_log_day(con: duckdb.DuckDBPyConnection, day: date, params: dict) -> int:
    """Replace `day`'s records and rejected access-log lines (the folder synced before); `params`
    bind `$day_start`/`$day_end` (the day's bounds) and `$prefixes` (MEDIA_URL_PREFIXES).
    Returns the day's rows of raw_access_log."""
    params = {**params, "day": day}
    agents = run_sql(con, "access_log_user_agents", params).fetchall()
    con.register("user_agents", user_agent_table(a[0] for a in agents).to_arrow())
    con.execute(load_sql("media_of_paths"))  # the URL → media mapping events with a media_url share
    paths = load_sql("access_log_paths")  # mapped once per distinct path
    con.execute(f"CREATE OR REPLACE TEMP TABLE access_log_paths AS {paths}", bind(paths, params))
    rejected, contents = load_sql("rejected_access_log"), load_sql("access_log_day_contents")
    key = {"source": SOURCE, "day": day}
    # Rows without a line are unreadable files: sync_folder keeps those.
    statements = [
        ("DELETE FROM rejected_rows WHERE source = $source AND day = $day AND line IS NOT NULL",
         key),
        (f"INSERT INTO rejected_rows BY NAME {rejected}", bind(rejected, params)),
        ("DELETE FROM event_day_contents WHERE source = $source AND day = $day", key),
        (f"INSERT INTO event_day_contents BY NAME {contents}", bind(contents, params)),
    ]
    for table in ACCESS_LOG_DAY_TABLES:  # constants of the code, each filled by its own SQL file
        select = load_sql(table)
        statements += [(f"DELETE FROM {table} WHERE day = $day", {"day": day}),
                       (f"INSERT INTO {table} BY NAME {select}", bind(select, params))]
    replaced = contents_kept_for_built_days(con, SOURCE)
    try:
        write(con, statements)
    finally:
        con.execute("DROP TABLE access_log_paths")
        con.unregister("user_agents")
    if replaced:
        drop_contents_read_no_more(con, SOURCE, STAGED_TABLE, replaced)
    return con.execute("SELECT count(*) FROM raw_access_log WHERE day = $day",
                       {"day": day}).fetchone()[0]
