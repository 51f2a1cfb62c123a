"""Documents: searchability and access (DESIGN.md "Documents")."""

import dagster as dg

from assets.delivery.assets import daily_media_delivery, raw_access_log
from assets.files.assets import media_file_facts
from assets.ingest.assets import media_inventory
from assets.shared.checks import WAREHOUSE_POOL, daily_table_result, partition_day, unique_keys_spec
from assets.shared.resources import WarehouseResource
from assets.shared.sqlfiles import replace_day, run_sql
from assets.usage.assets import daily_media_usage
from assets.shared.partitions import WEEK_AND_DAY, daily_partitions, days_ending_on_the_day

DOCUMENT_KEYS = ("day", "media_id")


@dg.asset(
    partitions_def=daily_partitions,
    group_name="documents",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[media_inventory, media_file_facts, daily_media_usage, daily_media_delivery],
    check_specs=[
        unique_keys_spec("document_searchability", DOCUMENT_KEYS),
        dg.AssetCheckSpec("document_searchability_covers_every_live_document", asset="document_searchability",
                          description="Every live document of the day's inventory has exactly one row."),
    ],
)
def document_searchability(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One row per day and live document of the inventory: `searchable` (its text can be
    extracted: a PDF text layer, OCR included, a text or Office file) with the `reason`, the
    characters of text sampled, pages and language, `has_title`/`has_description` with their
    source (the CMS, else the file's own; placeholder titles such as "Untitled" or the file name
    count as missing), `indexed` (site search), the day's traffic and the `recommendations` (OCR
    this scanned PDF, add a title, ...) with `fix_rank` by traffic. The rules are in
    sql/document_searchability.sql; the day's rates are one GROUP BY over this table
    (sql/report_document_totals.sql)."""
    day = partition_day(context)
    with warehouse.connect() as con:
        rows = replace_day(con, "document_searchability", day, {})
        live, searchable, known, indexed, missing, to_fix = run_sql(
            con, "document_searchability_summary", {"day": day}).fetchone()
        return daily_table_result(
            con, "document_searchability", day, DOCUMENT_KEYS, "fix_rank NULLS LAST, media_id", rows,
            extra_metadata={
                "documents": rows, "searchable": searchable, "searchability_known": known,
                "searchability_rate": searchable / known if known else None,
                "indexed": indexed, "missing_metadata": missing, "documents_to_fix": to_fix,
            },
            extra_checks=[dg.AssetCheckResult(
                check_name="document_searchability_covers_every_live_document", passed=rows == live,
                metadata={"rows": rows, "live_documents": live},
            )],
        )


@dg.asset(
    partitions_def=daily_partitions,
    group_name="documents",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[media_inventory, media_file_facts, daily_media_delivery, raw_access_log,
          # the day's usage and the downloads of the 7 days before it
          dg.AssetDep(daily_media_usage, partition_mapping=days_ending_on_the_day(WEEK_AND_DAY))],
    check_specs=[
        unique_keys_spec("daily_document_access", DOCUMENT_KEYS),
        dg.AssetCheckSpec("daily_document_access_rates_are_shares", asset="daily_document_access",
                          description="Download success is within 0..1, completed downloads never "
                                      "exceed attempts and no count is negative."),
    ],
)
def daily_document_access(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One row per day and document with usage events or access-log requests: views, previews,
    downloads, preview-to-download rate, unique/signed-in/anonymous users and access sources
    (usage events); requests by people and bots, downloads attempted/completed, download success
    rate, average download time, devices and the top 5 referrers (access logs, when present);
    the mean daily downloads of the previous 7 days and the change against it. The format
    distribution is a GROUP BY on `doc_format`."""
    day = partition_day(context)
    with warehouse.connect() as con:
        rows = replace_day(con, "daily_document_access", day, {})
        bad, downloads, completed, attempted = run_sql(
            con, "daily_document_access_summary", {"day": day}).fetchone()
        return daily_table_result(
            con, "daily_document_access", day, DOCUMENT_KEYS, "downloads DESC, media_id", rows,
            extra_metadata={
                "download_events": int(downloads or 0),
                "download_success_rate": completed / attempted if attempted else None,
            },
            extra_checks=[dg.AssetCheckResult(
                check_name="daily_document_access_rates_are_shares", passed=bad == 0,
                metadata={"rows_out_of_bounds": bad},
            )],
        )
