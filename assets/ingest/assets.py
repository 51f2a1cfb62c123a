"""Landing files in, validated rows out: usage events and the CMS inventory snapshot."""

import dagster as dg

from assets.ingest.events import build_event_day, event_day_result
from assets.ingest.landing import sync_folder
from assets.shared.privacy import client_id_salt
from assets.shared.checks import (
    WAREHOUSE_POOL,
    column_schema,
    partition_day,
    preview,
    reject_ratio_check,
    reject_ratio_spec,
    unique_keys_check,
    unique_keys_spec,
)
from assets.shared.resources import LandingResource, MetricsResource, WarehouseResource
from assets.shared.sqlfiles import load_sql, replace_day
from assets.shared.warehouse import write
from assets.shared.partitions import daily_partitions

USAGE_KEYS = ("day", "event_id")
INVENTORY_KEYS = ("day", "media_id")


@dg.asset(
    partitions_def=daily_partitions,
    group_name="ingest",
    kinds={"duckdb", "polars"},
    pool=WAREHOUSE_POOL,
    deps=["media_inventory"],  # events sent with a media_url are mapped to the day's items (below)
    check_specs=[unique_keys_spec("raw_usage_events", USAGE_KEYS), reject_ratio_spec("raw_usage_events")],
)
def raw_usage_events(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    landing: LandingResource,
    metrics: MetricsResource,
):
    """One row per valid usage event of the day (impression, view, click, download, share,
    preview), from the NDJSON/CSV/Parquet files under `LANDING_DIR/usage_events/`.

    Each file content is parsed once; rows that fail validation, and repeats of an event_id, go
    to `rejected_rows` with the file, line, raw text and reason. The day is the event timestamp's
    day in REPORT_TIMEZONE, whatever the file is called. An event that names its item by
    `media_url` instead of `media_id` gets the item that URL maps to in the day's inventory, as an
    access-log path does; one that maps to none is rejected with the URL in its reason."""
    day = partition_day(context)
    with warehouse.connect() as con:
        built = build_event_day(con, "usage_events", landing.folder("usage_events"), "staged_usage_events",
                                "raw_usage_events", day, metrics.timezone,
                                client_id_salt(con, landing.ip_hash_salt),
                                landing.media_url_prefixes)
        return event_day_result(con, "raw_usage_events", USAGE_KEYS, day, built, metrics.max_reject_ratio)


@dg.asset(
    partitions_def=daily_partitions,
    group_name="ingest",
    kinds={"duckdb", "polars"},
    pool=WAREHOUSE_POOL,
    check_specs=[
        unique_keys_spec("media_inventory", INVENTORY_KEYS),
        dg.AssetCheckSpec("media_inventory_sizes_are_non_negative", asset="media_inventory",
                          description="No file or rendition has a negative size."),
        reject_ratio_spec("media_inventory",
                          "Rejected rows / all rows of the inventory exports stays under MAX_REJECT_RATIO."),
    ],
)
def media_inventory(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    landing: LandingResource,
    metrics: MetricsResource,
):
    """Daily snapshot of the CMS media library: one row per media item that existed at some point
    of the day, from the export files under `LANDING_DIR/inventory/` (NDJSON, CSV or Parquet).

    History is rebuilt from `created_at`/`deleted_at`, so past days can be backfilled from today's
    export. An id present in several exports is taken from the most recently modified file; an
    export removed from the folder no longer counts (unlike event files, whose rows stay). Rows
    that fail validation go to `rejected_rows` on the day their export was first read."""
    day = partition_day(context)
    with warehouse.connect() as con:
        sync = sync_folder(con, "inventory", landing.folder("inventory"), "staged_inventory", day=day,
                           keep_removed=False)
        write(con, [
            "DELETE FROM rejected_rows WHERE source = 'inventory' AND line IS NOT NULL",
            f"INSERT INTO rejected_rows BY NAME {load_sql('rejected_inventory')}",
        ])
        rows = replace_day(con, "media_inventory", day, {"tz": metrics.timezone})
        valid, rejected, superseded = con.execute(load_sql("inventory_row_counts")).fetchone()
        negative = con.execute(
            "SELECT count(*) FROM media_inventory WHERE day = $day AND "
            "(size_bytes < 0 OR len(list_filter(renditions, r -> r.size < 0)) > 0)",
            {"day": day},
        ).fetchone()[0]
        live, deleted = con.execute(
            "SELECT count(*) FILTER (NOT is_deleted), count(*) FILTER (is_deleted) "
            "FROM media_inventory WHERE day = $day",
            {"day": day},
        ).fetchone()
        checks = [
            unique_keys_check(con, "media_inventory", INVENTORY_KEYS, day),
            dg.AssetCheckResult(check_name="media_inventory_sizes_are_non_negative",
                                passed=negative == 0, metadata={"negative_sizes": negative}),
            reject_ratio_check("media_inventory", valid, rejected, metrics.max_reject_ratio),
        ]
        sample = preview(con, "media_inventory", day, "media_id")
        columns = column_schema(con, "media_inventory")
    if rows == 0:
        context.log.warning(
            f"No inventory rows for {day}: is there an export under {landing.folder('inventory')}?"
        )
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "live_items": live,
            "deleted_on_the_day": deleted,
            "rejected_rows": rejected,
            "superseded_rows": superseded,
            "landing_files": sync.files,
            "unreadable_files": sync.unreadable,
            "dagster/column_schema": columns,
            "preview": sample,
        },
        check_results=checks,
    )
