"""The one partitioning of the product: calendar days in REPORT_TIMEZONE from PARTITIONS_START.

Asset decorators need the partitions when their module is imported, so these two settings are read
then (when Dagster loads the code location); everything else is read when the resources are built.
"""

from datetime import datetime

import dagster as dg

from assets.shared.settings import load_settings

_settings = load_settings()

daily_partitions = dg.DailyPartitionsDefinition(
    start_date=_settings.partitions_start,
    timezone=_settings.report_timezone,
)


def first_instant() -> datetime:
    """Where the first day that can be built (PARTITIONS_START) begins: an event dated before it
    is rejected, as it would be on no day a build ever reads."""
    return daily_partitions.start
