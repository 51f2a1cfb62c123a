"""The library itself: storage per type and day, and the evidence about unused media."""

import dagster as dg

from assets.delivery.assets import raw_access_log
from assets.ingest.assets import media_inventory, raw_usage_events
from assets.shared.checks import WAREHOUSE_POOL, daily_table_result, partition_day, unique_keys_spec
from assets.shared.resources import MetricsResource, WarehouseResource
from assets.shared.sqlfiles import fetch_dicts, replace_day
from assets.shared.partitions import LOOKBACK_DAYS, daily_partitions, days_ending_on_the_day

STORAGE_KEYS = ("day", "media_type")
UNUSED_KEYS = ("day", "media_id")


@dg.asset(
    partitions_def=daily_partitions,
    group_name="storage",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[media_inventory],
    check_specs=[
        unique_keys_spec("daily_storage", STORAGE_KEYS),
        dg.AssetCheckSpec("daily_storage_sizes_are_non_negative", asset="daily_storage",
                          description="Files and bytes are never negative."),
    ],
)
def daily_storage(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, metrics: MetricsResource
):
    """One row per day and media type (image, video, document, audio, other, and 'all'): live
    files at the end of the day, their bytes (originals + renditions), average file size, uploads
    and deletions on the day, and the share of STORAGE_QUOTA_BYTES used."""
    day = partition_day(context)
    with warehouse.connect() as con:
        rows = replace_day(con, "daily_storage", day,
                           {"tz": metrics.timezone, "quota_bytes": metrics.storage_quota_bytes})
        summary = fetch_dicts(con, "daily_storage_summary", {"day": day})[0]
        return daily_table_result(
            con, "daily_storage", day, STORAGE_KEYS, "bytes DESC", rows,
            extra_metadata={"files": int(summary["files"]), "bytes": int(summary["bytes"])},
            extra_checks=[dg.AssetCheckResult(
                check_name="daily_storage_sizes_are_non_negative", passed=summary["negative_rows"] == 0,
                metadata={"negative_rows": summary["negative_rows"]},
            )],
        )


@dg.asset(
    partitions_def=daily_partitions,
    group_name="storage",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[media_inventory,
          # the delivery evidence: usage events and requests of the look-back window
          dg.AssetDep(raw_usage_events, partition_mapping=days_ending_on_the_day(LOOKBACK_DAYS)),
          dg.AssetDep(raw_access_log, partition_mapping=days_ending_on_the_day(LOOKBACK_DAYS))],
    check_specs=[unique_keys_spec("unused_media", UNUSED_KEYS)],
)
def unused_media(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, metrics: MetricsResource
):
    """One row per media item live at the end of the day, with the evidence about its use:
    referenced by a live usage location or not, delivered in the look-back window
    (UNUSED_LOOKBACK_DAYS, default 90) or not, the resulting class (in_use, stale, hot_linked,
    cleanup_candidate), the deletion risk and the potential savings (file + renditions). The
    product only recommends; it never deletes. Delivery evidence comes from the usage events of
    the window's days that have been built (`days_with_delivery_data`): usage events and requests
    people made in the access logs."""
    day = partition_day(context)
    with warehouse.connect() as con:
        rows = replace_day(con, "unused_media", day, {"lookback_days": metrics.unused_lookback_days})
        classes = fetch_dicts(con, "unused_media_summary", {"day": day})
        coverage = max((c["days_with_delivery_data"] for c in classes), default=None)
        metadata = {f"{c['evidence_class']}_files": c["files"] for c in classes}
        metadata |= {f"{c['evidence_class']}_bytes": int(c["bytes"]) for c in classes}
        metadata["days_with_delivery_data"] = int(coverage or 0)
        if coverage is not None and coverage < metrics.unused_lookback_days:
            context.log.info(
                f"Delivery evidence covers {coverage} of {metrics.unused_lookback_days} look-back days: "
                "backfill earlier days to strengthen it."
            )
        return daily_table_result(
            con, "unused_media", day, UNUSED_KEYS, "potential_savings_bytes DESC, media_id", rows,
            extra_metadata=metadata,
        )
