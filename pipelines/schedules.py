"""When the daily job runs: shortly after midnight, for the day that just ended."""

import dagster as dg

from pipelines.jobs import daily_analytics_job, warehouse_maintenance_job

# The partitioned-job schedule targets the last complete day; 02:00 leaves late files time to land.
daily_analytics_schedule = dg.build_schedule_from_partitioned_job(
    daily_analytics_job, hour_of_day=2, minute_of_hour=0, name="daily_analytics_schedule",
)

# Weekly, on Sunday at 04:00, after the night's daily run: a week of replaced days merged and cleaned.
warehouse_maintenance_schedule = dg.ScheduleDefinition(
    name="warehouse_maintenance_schedule", job=warehouse_maintenance_job, cron_schedule="0 4 * * 0",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
