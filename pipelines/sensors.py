"""`landing_files_sensor`: new or changed landing files re-run the days they touch.

Every minute the sensor lists the landing folders (a `stat` per file, nothing opened), compares
them with its cursor, reads the timestamps of the files that are new or changed and asks for one
`daily_analytics_job` run per day they touch, up to the last complete day. An inventory export
touches the latest complete day (it describes the library now). The run key names the day and the
files' sizes and times, so the same change never asks twice; Dagster's run queue (one run at a
time, see dagster.yaml) does the rest. It writes nothing: the warehouse stays the job's.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import dagster as dg

from assets.ingest.landing import landing_paths
from assets.shared.resources import LandingResource, MetricsResource
from pipelines.jobs import daily_analytics_job
from pipelines.landing_days import days_in_file
from assets.shared.partitions import daily_partitions

DATED_SOURCES = ("usage_events", "player_events", "access_logs")
MAX_DAYS_PER_TICK = 62


def landing_state(landing_dir: Path) -> dict[str, list[int]]:
    """path → [size, mtime_ns] of every file in the landing folders."""
    state = {}
    for source in (*DATED_SOURCES, "inventory"):
        for path in landing_paths(landing_dir / source):
            stat = path.stat()
            state[str(path)] = [stat.st_size, stat.st_mtime_ns]
    return state


def days_to_rebuild(landing_dir: Path, changed: list[str], tz: str, first: date, last: date) -> dict[date, list[str]]:
    """The days in [first, last] that the changed files touch, each with the files that touch it."""
    touched: dict[date, list[str]] = {}
    for name in changed:
        path = Path(name)
        source = path.relative_to(landing_dir).parts[0]
        days = {last} if source == "inventory" else days_in_file(path, source, tz)
        for day in days:
            if first <= day <= last:
                touched.setdefault(day, []).append(name)
    return touched


@dg.sensor(job=daily_analytics_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def landing_files_sensor(context: dg.SensorEvaluationContext, landing: LandingResource, metrics: MetricsResource):
    """Re-runs `daily_analytics_job` for the days that new or changed landing files touch (off by
    default: switch it on under Automation in the UI; the Dagster daemon runs it)."""
    landing_dir = Path(landing.landing_dir)
    state = landing_state(landing_dir)
    before = json.loads(context.cursor) if context.cursor else {}
    changed = sorted(path for path, stamp in state.items() if before.get(path) != stamp)
    if not changed:
        return dg.SkipReason("no new or changed landing files")
    first = date.fromisoformat(daily_partitions.get_first_partition_key())
    last = date.fromisoformat(daily_partitions.get_last_partition_key())
    touched = days_to_rebuild(landing_dir, changed, metrics.timezone, first, last)
    requests = []
    for day in sorted(touched, reverse=True)[:MAX_DAYS_PER_TICK]:
        stamps = json.dumps([[name, state[name]] for name in touched[day]])
        key = hashlib.sha256(stamps.encode()).hexdigest()[:16]
        requests.append(dg.RunRequest(run_key=f"{day}:{key}", partition_key=day.isoformat()))
    skipped = len(touched) - len(requests)
    if skipped:
        context.log.warning(f"{skipped} more days touched than one tick launches; backfill them from the UI")
    context.update_cursor(json.dumps(state))
    if not requests:
        return dg.SkipReason(f"{len(changed)} changed file(s), but no day they touch can be built yet")
    return requests
