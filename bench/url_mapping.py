"""What mapping events' media_url costs: the day's rows through events_of_day (all sent with a
media_id, the usual case: the mapping's lookup is empty) and raw_access_log's URL → media mapping,
with this checkout's SQL against another revision's (before media_of_paths.sql), on 1 and 2 threads.

    nice -n 10 .venv/bin/python bench/url_mapping.py [--rows 2000000] [--against lake6]

One in-memory DuckDB holding the warehouse schema: N staged usage events of one day, N access-log
requests (a third originals, a third renditions, a third .webp variants, 1 in 6 matching nothing)
over 100,000 inventory items with one rendition each. Each query is timed 3 times, the best kept;
both versions must give the same rows (counted, mapped, distinct items, modern-format variants).
Times are wall / CPU seconds of the process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from datetime import date, datetime, timezone

import duckdb

from assets.shared.sqlfiles import bind, load_sql, schema_sql

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DAY = {"day": date(2026, 11, 2), "day_start": datetime(2026, 11, 2, tzinfo=timezone.utc),
       "day_end": datetime(2026, 11, 3, tzinfo=timezone.utc), "prefixes": ["/media/"]}
EVENTS = "SELECT count(*), count(DISTINCT media_id) FROM events_of_day($day_start, $day_end) WHERE reject_reason IS NULL"
REQUESTS = ("SELECT count(*), count(media_id), count(DISTINCT media_id), "
            "count(*) FILTER (variant = 'modern_format') FROM ({})")


def at_revision(revision: str, path: str) -> str:
    return subprocess.run(["git", "show", f"{revision}:{path}"], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout


def for_source(sql: str) -> str:
    return sql.replace("{source}", "usage_events").replace("{staged_table}", "staged_usage_events")


def warehouse(rows: int) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for statements in schema_sql():
        con.execute(statements)
    con.execute(load_sql("macros"))
    con.execute("ALTER TABLE staged_usage_events ADD COLUMN media_url VARCHAR")  # migration 3
    con.execute("CREATE TEMP TABLE user_agents (user_agent VARCHAR, device_type VARCHAR, is_bot BOOLEAN)")
    con.execute("""INSERT INTO landing_files (source, path, size_bytes, mtime_ns, sha256, first_seen_at, median_ts)
        VALUES ('usage_events', 'events', 1, 1, 'h', now(), TIMESTAMPTZ '2026-11-02 12:00:00+00'),
               ('access_logs', 'log', 1, 1, 'h', now(), NULL)""")
    con.execute("""INSERT INTO staged_usage_events (file_sha256, line, event_id, media_id, event_type, ts)
        SELECT 'h', i, 'e' || i, 'm' || (i % 100000), 'view',
               TIMESTAMPTZ '2026-11-02 00:00:00+00' + to_milliseconds(i % 86400000)
        FROM range($n) t(i)""", {"n": rows})
    con.execute("""INSERT INTO media_inventory (day, media_id, path, media_type, size_bytes, rendition_count,
                   rendition_bytes, created_at, renditions, is_deleted, live_reference_count, source_file)
        SELECT DATE '2026-11-02', 'm' || i, '2026/10/f' || i || '.jpg', 'image', 1000, 1, 100, now(),
               [{'name': 'thumb', 'path': '2026/10/f' || i || '-150x150.jpg', 'width': 150, 'height': 150,
                 'size': 100}], false, 0, 'export'
        FROM range(100000) t(i)""")
    con.execute("""INSERT INTO staged_access_log (file_sha256, line, ts, path, status, bytes_sent, log_format)
        SELECT 'h', i, TIMESTAMPTZ '2026-11-02 00:00:00+00' + to_milliseconds(i % 86400000),
               '/media/2026/10/f' || (i % 120000)
               || CASE i % 3 WHEN 0 THEN '.jpg' WHEN 1 THEN '-150x150.jpg' ELSE '.jpg.webp' END,
               200, 10, 'combined'
        FROM range($n) t(i)""", {"n": rows})
    return con


def best(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[str, list]:
    """The best of 3 runs: wall seconds / CPU seconds of the process (on a shared machine wall time
    counts other people's work too, CPU time much less so), and the rows."""
    walls, cpus, rows = [], [], None
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        rows = con.execute(sql, bind(sql, DAY)).fetchall()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return f"{min(walls):.3f}/{min(cpus):.3f}", rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--against", default="lake6", help="the git revision to compare with")
    args = parser.parse_args()
    old_events = for_source(at_revision(args.against, "assets/ingest/sql/events_of_day.sql"))
    old_requests = at_revision(args.against, "assets/delivery/sql/raw_access_log.sql")
    con = warehouse(args.rows)
    con.execute(load_sql("media_of_paths"))
    urls = for_source(load_sql("event_urls"))
    print(f"{args.rows:,} usage events and requests of one day, 100,000 items; load {os.getloadavg()[0]:.1f}")
    for threads in (1, 2):
        con.execute(f"SET threads = {threads}")
        con.execute(old_events)
        events_before, counted_before = best(con, EVENTS)
        wall, cpu = time.perf_counter(), time.process_time()
        con.execute(f"CREATE OR REPLACE TEMP TABLE event_urls AS {urls}", bind(urls, DAY))
        lookup = f"{time.perf_counter() - wall:.3f}/{time.process_time() - cpu:.3f}"
        con.execute(for_source(load_sql("events_of_day")))
        events_now, counted_now = best(con, EVENTS)
        requests_before, mapped_before = best(con, REQUESTS.format(old_requests))
        requests_now, mapped_now = best(con, REQUESTS.format(load_sql("raw_access_log")))
        assert counted_before == counted_now and mapped_before == mapped_now, (counted_now, mapped_now)
        print(f"  {threads} thread(s), wall/CPU seconds: events_of_day {events_before} -> {events_now} "
              f"(each of its 3 uses a day; + event_urls once {lookup}); "
              f"raw_access_log {requests_before} -> {requests_now}; rows {counted_now} {mapped_now}")


if __name__ == "__main__":
    main()
