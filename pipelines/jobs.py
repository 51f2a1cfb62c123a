"""The daily job: every daily table and the report for one day; and the Optimise action."""

import dagster as dg

from assets.images.optimise import optimised_media_variants

# In-process: the assets share one DuckDB file, which has a single writer; running them one after
# another in one process is both safe and ~3x faster to start than a process per step.
daily_analytics_job = dg.define_asset_job(
    "daily_analytics_job",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("maintenance"),
    executor_def=dg.in_process_executor,
    description="Build every daily table and the report (HTML + email) for one day.",
)


@dg.job(description="Write the image variants a built day recommends (resize, WebP/AVIF, recompress) "
                    "to <MEDIA_ANALYTICS_HOME>/optimised/<day>/ with manifest.csv; originals are only read.")
def optimise_media_job():
    optimised_media_variants()


warehouse_maintenance_job = dg.define_asset_job(
    "warehouse_maintenance_job",
    selection=dg.AssetSelection.groups("maintenance"),
    description="The lakehouse's housekeeping: merge small files, expire old snapshots, delete unneeded files.",
)
