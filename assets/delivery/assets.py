"""Delivery performance from web-server and CDN access logs (DESIGN.md "Delivery performance")."""

from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from assets.ingest.assets import media_inventory, raw_usage_events
from assets.delivery.access_log_day import build_access_log_day
from assets.ingest.landing import sync_folder
from assets.shared.checks import (
    WAREHOUSE_POOL,
    daily_table_result,
    day_bounds,
    files_cut_short,
    partition_day,
    reject_ratio_check,
    reject_ratio_spec,
    reject_reasons,
    unique_keys_spec,
)
from assets.shared.privacy import client_id_salt
from assets.shared.resources import LandingResource, MetricsResource, WarehouseResource
from assets.shared.sqlfiles import bind, fetch_dicts, load_sql, replace_day
from assets.shared.partitions import daily_partitions

DELIVERY_KEYS = ("day", "media_id")
TOTALS_KEYS = ("day", "media_type")
UNMATCHED_KEYS = ("day", "path")
DELIVERY_PARTS = ("requests", "downloads", "load_times")  # media_delivery_<part>.sql, read by daily_media_delivery.sql


def _any_file_is_a_log(path: Path) -> str:
    return "lines"


@dg.asset(
    partitions_def=daily_partitions,
    group_name="delivery",
    kinds={"duckdb", "polars"},
    pool=WAREHOUSE_POOL,
    deps=[media_inventory],
    check_specs=[reject_ratio_spec("raw_access_log")],
)
def raw_access_log(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    landing: LandingResource,
    metrics: MetricsResource,
):
    """One row per request in the access logs under `LANDING_DIR/access_logs/` (nginx/Apache
    combined, optionally with request time and cache status; W3C extended with `#Fields:` such as
    CloudFront; plain or .gz) on the day of its timestamp, with the client IP replaced by a salted
    hash, the device type and bot flag from the User-Agent, and the media item, variant (original,
    rendition, modern format) and sizes its path maps to. Lines that are not requests go to
    `rejected_rows`; every line of a file is either a request or there. A view over the staged
    lines and the day's records (access_log_day.py): each request is stored once."""
    day = partition_day(context)
    params = {**day_bounds(day, metrics.timezone), "prefixes": list(landing.media_url_prefixes)}
    with warehouse.connect() as con:
        salt = client_id_salt(con, landing.ip_hash_salt)
        sync = sync_folder(con, "access_logs", landing.folder("access_logs"), "staged_access_log",
                           detect_format=_any_file_is_a_log,
                           params={"salt": salt, "tz": metrics.timezone}, day=day)
        rows = build_access_log_day(con, day, params)
        summary = fetch_dicts(con, "raw_access_log_summary", {"day": day})[0]
        rejected, matched, bots = (summary["rejected_rows"], summary["requests_mapped_to_media"],
                                   summary["bot_requests"])
        reasons = reject_reasons(con, "access_logs", day)
        return daily_table_result(
            con, "raw_access_log", day, (), "ts, source_file, source_line", rows,
            extra_metadata={
                "rejected_rows": rejected, "reject_reasons": dg.MetadataValue.json(reasons),
                "requests_mapped_to_media": matched, "bot_requests": bots,
                "landing_files": sync.files, "files_parsed_now": sync.parsed, "unreadable_files": sync.unreadable,
                "removed_files_kept": sync.removed_kept,
                "lines_with_bytes_replaced": sync.repaired,
            },
            extra_checks=[reject_ratio_check("raw_access_log", rows, rejected, metrics.max_reject_ratio,
                                             cut_short=files_cut_short(con, "access_logs", day))],
        )


def write_delivery_parts(con: duckdb.DuckDBPyConnection, day: date) -> None:
    """Write daily_media_delivery's parts for `day` as temporary tables `delivery_<part>`, one after
    another: in one query DuckDB held the parts' hash tables (within its memory limit) and the
    percentiles' values (which it does not count) at the same time."""
    for part in DELIVERY_PARTS:
        sql = load_sql(f"media_delivery_{part}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE delivery_{part} AS {sql}", bind(sql, {"day": day}))


def drop_delivery_parts(con: duckdb.DuckDBPyConnection) -> None:
    for part in DELIVERY_PARTS:
        con.execute(f"DROP TABLE IF EXISTS delivery_{part}")


@dg.asset(
    partitions_def=daily_partitions,
    group_name="delivery",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[raw_access_log, raw_usage_events, media_inventory],
    check_specs=[
        unique_keys_spec("daily_media_delivery", DELIVERY_KEYS),
        dg.AssetCheckSpec("daily_media_delivery_rates_are_shares", asset="daily_media_delivery",
                          description="Every rate is within 0..1 and no count is negative."),
    ],
)
def daily_media_delivery(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One row per media item and day with requests in the access logs or tracked load times: the
    seed's media_performance_metrics — requests (bots included, and apart), bandwidth, cache
    hits/misses/unknown and hit rate, load time mean/p50/p95 with its source, 4xx/5xx and error
    rate, downloads attempted/completed (206 ranges included), modern-format, rendition and mobile
    shares, and the compression savings optimisation already gives."""
    day = partition_day(context)
    with warehouse.connect() as con:
        try:
            write_delivery_parts(con, day)
            rows = replace_day(con, "daily_media_delivery", day, {})
        finally:
            drop_delivery_parts(con)
        summary = fetch_dicts(con, "daily_media_delivery_summary", {"day": day})[0]
        bad = summary["rows_out_of_bounds"]
        return daily_table_result(
            con, "daily_media_delivery", day, DELIVERY_KEYS, "bytes_sent DESC, media_id", rows,
            extra_metadata={"requests": int(summary["requests"]), "bytes_sent": int(summary["bytes_sent"])},
            extra_checks=[dg.AssetCheckResult(check_name="daily_media_delivery_rates_are_shares",
                                              passed=bad == 0, metadata={"rows_out_of_bounds": bad})],
        )


@dg.asset(
    partitions_def=daily_partitions,
    group_name="delivery",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[raw_access_log],
    check_specs=[unique_keys_spec("daily_delivery_totals", TOTALS_KEYS)],
)
def daily_delivery_totals(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One row per day and media type (plus 'all' and 'unmatched'): requests, bot requests,
    bandwidth, cache hit rate, error rate, mean server time, modern-format and mobile shares of the
    whole site's access logs — the CDN dashboard's daily totals."""
    day = partition_day(context)
    with warehouse.connect() as con:
        rows = replace_day(con, "daily_delivery_totals", day, {})
        return daily_table_result(con, "daily_delivery_totals", day, TOTALS_KEYS, "bytes_sent DESC", rows)


@dg.asset(
    partitions_def=daily_partitions,
    group_name="delivery",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[raw_access_log],
    check_specs=[unique_keys_spec("unmatched_requests", UNMATCHED_KEYS)],
)
def unmatched_requests(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, landing: LandingResource
):
    """One row per day and request path that matched no media item (a deleted or renamed file, a
    wrong URL prefix, or a page that is not media): requests, bytes and statuses — counted, not
    dropped."""
    day = partition_day(context)
    with warehouse.connect() as con:
        rows = replace_day(con, "unmatched_requests", day, {"prefixes": list(landing.media_url_prefixes)})
        return daily_table_result(con, "unmatched_requests", day, UNMATCHED_KEYS, "requests DESC, path", rows)
