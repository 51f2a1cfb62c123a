"""Usage per media item and day: the counts, rates and popularity of DESIGN.md "Usage"."""

import math
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from assets.ingest.assets import media_inventory, raw_usage_events
from assets.shared.checks import WAREHOUSE_POOL, daily_table_result, partition_day, unique_keys_spec
from assets.shared.resources import WarehouseResource
from assets.shared.sqlfiles import bind, fetch_dicts, load_sql, replace_day
from assets.shared.partitions import daily_partitions

KEYS = ("day", "media_id", "usage_kind")
EVENTS_PER_VISITOR_PASS = 20_000_000


def visitor_passes(con: duckdb.DuckDBPyConnection, first: date, last: date) -> int:
    """In how many passes the visitors of the days `first`..`last` are counted: one per 20 M events."""
    events = fetch_dicts(con, "usage_events_of_days", {"first": first, "last": last})[0]["events"]
    return max(1, math.ceil(events / EVENTS_PER_VISITOR_PASS))


def visitors_per_day(con: duckdb.DuckDBPyConnection, first: date, last: date) -> dict[date, int]:
    """The distinct visitors (user_id, else session_id) of each day from `first` to `last` with
    usage events, over the whole library: counted by hash in one pass per 20 M events, as
    `write_visitor_counts` does per item."""
    passes, visitors = visitor_passes(con, first, last), Counter()
    for number in range(passes):
        params = {"first": first, "last": last, "passes": passes, "pass": number}
        for row in fetch_dicts(con, "usage_visitors_per_day", params):
            visitors[row["day"]] += row["visitors"]
    return dict(visitors)


def write_visitor_counts(con: duckdb.DuckDBPyConnection, day: date) -> None:
    """Write the day's visitor counts per item and usage kind as the temporary table
    `usage_visitor_counts`, in one pass per 20 M events over a share of the visitors (by hash).
    Grouped by item, kind and visitor, a day is most of its events (62 M rows of 106 M at ten times
    the default day), which in one query ran out of a 1 GB memory limit. A day of several passes
    is read once and written as Parquet in one part per pass (each rereading the day cost more)."""
    passes = visitor_passes(con, day, day)
    rows, counts = load_sql("usage_visitor_rows"), load_sql("usage_visitor_counts")
    con.execute(load_sql("usage_visitor_counts_table"))
    if passes == 1:
        sql = counts.format(visitor_rows=rows)
        con.execute(f"INSERT INTO usage_visitor_counts {sql}", bind(sql, {"day": day, "passes": 1}))
        return
    spill = con.execute("SELECT current_setting('temp_directory')").fetchone()[0] or None
    if spill:
        Path(spill).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="usage-visitors-", dir=spill) as folder:
        quoted = folder.replace("'", "''")
        con.execute(f"COPY ({rows}) TO '{quoted}' (FORMAT parquet, PARTITION_BY (pass))",
                    bind(rows, {"day": day, "passes": passes}))
        sql = counts.format(visitor_rows="SELECT * FROM read_parquet($files)")
        for part in sorted(Path(folder).glob("pass=*")):
            con.execute(f"INSERT INTO usage_visitor_counts {sql}", {"files": [f"{part}/*.parquet"]})


@dg.asset(
    partitions_def=daily_partitions,
    group_name="usage",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[raw_usage_events, media_inventory],
    check_specs=[
        unique_keys_spec("daily_media_usage", KEYS),
        dg.AssetCheckSpec("daily_media_usage_rates_are_within_bounds", asset="daily_media_usage",
                          description="Popularity is within 0..100 and lazy-loading effectiveness, "
                                      "where defined, is not negative; no rate is NaN."),
    ],
)
def daily_media_usage(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One row per media item, day and usage kind with events: impressions, views, clicks,
    downloads, shares, previews, unique users (user_id, else session_id), signed-in users,
    anonymous sessions, click-through and engagement rates, lazy-loading effectiveness, popularity
    score and access sources. `usage_kind = 'all'` rows total each item over every kind, so
    "featured images" or "gallery performance" are a filter on this table."""
    day = partition_day(context)
    with warehouse.connect() as con:
        try:
            write_visitor_counts(con, day)
            rows = replace_day(con, "daily_media_usage", day, {})
        finally:
            con.execute("DROP TABLE IF EXISTS usage_visitor_counts")
        summary = fetch_dicts(con, "daily_media_usage_summary", {"day": day})[0]
        out_of_bounds = summary.pop("rows_out_of_bounds")
        return daily_table_result(
            con, "daily_media_usage", day, KEYS, "popularity_score DESC NULLS LAST, media_id", rows,
            extra_metadata={name: int(value) for name, value in summary.items()},
            extra_checks=[dg.AssetCheckResult(
                check_name="daily_media_usage_rates_are_within_bounds",
                passed=out_of_bounds == 0, metadata={"rows_out_of_bounds": out_of_bounds},
            )],
        )
