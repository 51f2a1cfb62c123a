"""The one partitioning of the product: calendar days in REPORT_TIMEZONE from PARTITIONS_START, and
the windows of earlier days some assets read.

Asset decorators need the partitions when their module is imported, so these settings are read then
(when Dagster loads the code location): PARTITIONS_START, REPORT_TIMEZONE and UNUSED_LOOKBACK_DAYS
(the window the dependencies on earlier days declare); everything else is read when the resources
are built.
"""

import warnings
from datetime import datetime

import dagster as dg

from assets.shared.settings import load_settings

_settings = load_settings()

daily_partitions = dg.DailyPartitionsDefinition(
    start_date=_settings.partitions_start,
    timezone=_settings.report_timezone,
)

# Days the tables that look back read: the delivery evidence of unused_media and of the unused
# renditions (UNUSED_LOOKBACK_DAYS, default 90), the report's 30-day trends, its unique visitors and
# daily_document_access's downloads of the previous 7 days (each window ends on the day itself).
LOOKBACK_DAYS = _settings.unused_lookback_days
TREND_DAYS = 30
WEEK_AND_DAY = 8


def days_ending_on_the_day(days: int) -> dg.TimeWindowPartitionMapping:
    """A daily asset that reads `days` days of an upstream daily asset, ending on its own day: the
    graph shows it and a backfill builds those days first. Days before PARTITIONS_START do not exist
    and are not waited for."""
    with warnings.catch_warnings():  # allow_nonexistent_upstream_partitions is marked beta
        warnings.simplefilter("ignore", dg.BetaWarning)
        return dg.TimeWindowPartitionMapping(start_offset=-(days - 1), end_offset=0,
                                             allow_nonexistent_upstream_partitions=True)


def first_instant() -> datetime:
    """Where the first day that can be built (PARTITIONS_START) begins: an event dated before it
    is rejected, as it would be on no day a build ever reads."""
    return daily_partitions.start
