"""Usage per media item and day: the counts, rates and popularity of DESIGN.md "Usage"."""

import dagster as dg

from assets.ingest.assets import media_inventory, raw_usage_events
from assets.shared.checks import WAREHOUSE_POOL, daily_table_result, partition_day, unique_keys_spec
from assets.shared.resources import WarehouseResource
from assets.shared.sqlfiles import fetch_dicts, replace_day
from assets.shared.partitions import daily_partitions

KEYS = ("day", "media_id", "usage_kind")


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
        rows = replace_day(con, "daily_media_usage", day, {})
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
