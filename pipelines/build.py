"""`media-analytics build`: run daily_analytics_job for each day, in this process, watched.

The job runs on a worker thread while the main thread watches it: it frees the pool slots of runs
whose process is gone (run_owner.py), says what a blocked build waits for and for how long, keeps a
heartbeat on the run, and stops the build on Ctrl-C or SIGTERM — the run is marked canceled, its slots
freed, and the process exits at once (the warehouse keeps its last committed state, as after a kill).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path
from typing import TextIO

import dagster as dg

from pipelines import run_owner
from pipelines.failures import summarise

# The console shows nothing but one line per day: failures are summarised by failures.py, and every
# event is recorded in the Dagster instance (the UI) and, for a failed day, in a log file.
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
POLL_SECONDS = 1.0
FIRST_WAIT_NOTICE = 5.0    # a build blocked this long says what it waits for ...
WAIT_NOTICE_EVERY = 30.0   # ... and again this often


class Stop(Exception):
    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def build_days(job: dg.JobDefinition, instance: dg.DagsterInstance, days: list[date], log_dir: Path,
               out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Build `days` one after another; return 0 when every day succeeded, 1 otherwise."""
    pools = set(job.graph.pools)

    def stop(signum, _frame):
        raise Stop(signum)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    failed = 0
    run_id = ""
    try:
        for day in days:
            for line in run_owner.release_dead_runs(instance, pools):
                print(f"  {line}", file=err, flush=True)
            run_id = str(uuid.uuid4())
            started = time.monotonic()
            result = _watch(job, instance, day, run_id, pools, err)
            print(f"  {day}  {'ok' if result.success else 'FAILED'}  ({time.monotonic() - started:.1f} s, "
                  f"run {run_id[:8]})", file=out, flush=True)
            if not result.success:
                failed += 1
                for line in summarise(instance, result, day, log_dir):
                    print(f"     {line}", file=err, flush=True)
    except Stop as stopped:
        _abandon(instance, run_id, stopped.signum, err)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 1 if failed else 0


def _watch(job, instance, day: date, run_id: str, pools: set[str], err: TextIO):
    outcome: dict = {}

    def execute():
        try:
            outcome["result"] = job.execute_in_process(
                partition_key=day.isoformat(), instance=instance, run_config=QUIET, run_id=run_id,
                tags=run_owner.owner_tags(), raise_on_error=False)
        except BaseException as error:  # noqa: BLE001 - re-raised on the main thread
            outcome["error"] = error

    # A daemon thread: on Ctrl-C the process exits without waiting for the step in progress.
    worker = threading.Thread(target=execute, name=f"build-{day}", daemon=True)
    worker.start()
    waiting_since = None
    next_notice = FIRST_WAIT_NOTICE
    next_beat = time.monotonic() + run_owner.HEARTBEAT_SECONDS
    while worker.is_alive():
        worker.join(POLL_SECONDS)
        if not worker.is_alive():
            break
        now = time.monotonic()
        if now >= next_beat:
            next_beat = now + run_owner.HEARTBEAT_SECONDS
            _quietly(instance.add_run_tags, run_id, run_owner.heartbeat_tag())
        blocked = _quietly(_blocked_on, instance, run_id, pools)
        if not blocked:
            waiting_since = None
            continue
        if waiting_since is None:
            waiting_since, next_notice = now, FIRST_WAIT_NOTICE
        for line in _quietly(run_owner.release_dead_runs, instance, pools) or []:
            print(f"  {line}", file=err, flush=True)
        waited = now - waiting_since
        if waited >= next_notice:
            next_notice = waited + WAIT_NOTICE_EVERY
            print(f"  {day}  waiting {waited:.0f} s for {blocked} (Ctrl-C stops)", file=err, flush=True)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _blocked_on(instance: dg.DagsterInstance, run_id: str, pools: set[str]) -> str:
    """'' when run `run_id` waits for no pool, else what it waits for: the pool, its limit and who
    holds its slots."""
    storage = instance.event_log_storage
    for pool in sorted(pools):
        info = storage.get_concurrency_info(pool)
        waiting = [s for s in info.pending_steps if s.run_id == run_id and s.assigned_timestamp is None]
        if not waiting:
            continue
        holders = []
        for holder in sorted({s.run_id for s in info.claimed_slots if s.run_id != run_id}):
            run = instance.get_run_by_id(holder)
            if run is None:
                holders.append(f"run {holder[:8]}")
                continue
            verdict = run_owner.judge(run)
            holders.append(f"run {holder[:8]} (day {run.tags.get('dagster/partition', '?')}, {verdict.why})")
        held = ", ".join(holders) or "other runs"
        return (f"pool {pool} (limit {info.slot_count}) held by {held}; steps waiting: "
                f"{', '.join(s.step_key for s in waiting)}")
    return ""


def _abandon(instance: dg.DagsterInstance, run_id: str, signum: int, err: TextIO) -> None:
    """Ctrl-C or SIGTERM: mark the run canceled, free its slots and exit now."""
    run = instance.get_run_by_id(run_id) if run_id else None
    if run is not None and run.status in run_owner.IN_PROGRESS:
        instance.report_run_canceled(run, f"Stopped by {signal.Signals(signum).name}.")
    if run_id:
        instance.event_log_storage.free_concurrency_slots_for_run(run_id)
    print(f"  stopped by {signal.Signals(signum).name}: run {run_id[:8]} canceled, its pool slots freed",
          file=err, flush=True)
    err.flush()
    sys.stdout.flush()
    # The job's thread may be inside a step: exit without waiting for it (a rebuild redoes the day).
    os._exit(128 + signum)


def _quietly(function, *args):
    """Watching must not end a build: a busy instance database just skips one look."""
    try:
        return function(*args)
    except Exception:  # noqa: BLE001
        return None
