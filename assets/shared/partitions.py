"""The one partitioning of the product: calendar days in REPORT_TIMEZONE from PARTITIONS_START."""

import dagster as dg

from assets.shared.settings import load_settings

_settings = load_settings()

daily_partitions = dg.DailyPartitionsDefinition(
    start_date=_settings.partitions_start,
    timezone=_settings.report_timezone,
)
