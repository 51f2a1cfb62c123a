"""When the daily job runs: shortly after midnight, for the day that just ended and the days before it."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import dagster as dg

from assets.shared.partitions import daily_partitions
from assets.shared.settings import load_settings
from pipelines.jobs import daily_analytics_job, warehouse_maintenance_job


@dg.schedule(
    job=daily_analytics_job,
    cron_schedule="0 2 * * *",  # 02:00 leaves late files time to land
    execution_timezone=daily_partitions.timezone,
    name="daily_analytics_schedule",
    description="Every night, builds the day that just ended and rebuilds the REBUILD_DAYS - 1 days "
                "before it (default 3 days in all, as edX reprocesses): late events land on their own "
                "day, a video session running past midnight is complete once the next day is built, and "
                "unused_media, daily_document_access and daily_report read earlier days.",
)
def daily_analytics_schedule(context: dg.ScheduleEvaluationContext):
    """One run per day, oldest first (the runs queue one at a time, so each day reads the days
    before it already rebuilt)."""
    now = context.scheduled_execution_time.astimezone(ZoneInfo(daily_partitions.timezone))
    last_day = now.date() - timedelta(days=1)  # the day that just ended
    first_buildable = daily_partitions.start.date()
    for n in reversed(range(load_settings().rebuild_days)):
        day = last_day - timedelta(days=n)
        if day >= first_buildable:
            yield dg.RunRequest(run_key=f"{day.isoformat()} for {last_day.isoformat()}",
                                partition_key=day.isoformat(),
                                tags={"media-analytics/rebuild": "late data" if n else "new day"})


# Weekly, on Sunday at 04:00, after the night's daily run: a week of replaced days merged and cleaned.
warehouse_maintenance_schedule = dg.ScheduleDefinition(
    name="warehouse_maintenance_schedule", job=warehouse_maintenance_job, cron_schedule="0 4 * * 0",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
