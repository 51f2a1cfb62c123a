"""Which process runs a build, and whether it is still alive: the way out of a run left behind.

A build killed with `kill -9` (or a machine that lost power) leaves its run STARTED in the Dagster
instance, holding its pool slots, and every later build waits for those slots forever. Dagster's
run monitoring frees them for runs its daemon launched (`dagster.yaml`: `run_monitoring`); a run
that `media-analytics build` executes itself carries these tags instead, so the next build can tell
a live run from a dead one: the process id on the same host (with its start time, so a recycled pid
does not count as alive), else a heartbeat older than STALE_AFTER from any host sharing the instance.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import dagster as dg

from assets.shared.checks import PARTITION_TAG

HOST_TAG = "media_analytics/host"
PID_TAG = "media_analytics/pid"
PID_START_TAG = "media_analytics/pid_start"
HEARTBEAT_TAG = "media_analytics/heartbeat"
HEARTBEAT_SECONDS = 30
STALE_AFTER = 4 * HEARTBEAT_SECONDS  # a heartbeat older than this: the process is gone
FINISHED = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}
IN_PROGRESS = [dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED,
               dg.DagsterRunStatus.CANCELING]


def process_start(pid: int) -> str | None:
    """The start time of process `pid` in clock ticks since boot (Linux), or None when there is no
    such process; "" where /proc is missing but the process exists."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        if Path("/proc/self/stat").exists():
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return ""
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # from field 3 on: the command name may hold spaces
    if fields[0] in ("Z", "X"):  # a zombie has finished; only its exit status is left
        return None
    return fields[19]  # field 22: start time


def heartbeat_tag() -> dict[str, str]:
    return {HEARTBEAT_TAG: datetime.now(timezone.utc).isoformat(timespec="seconds")}


def owner_tags() -> dict[str, str]:
    """Tags naming this process, for a run it executes."""
    pid = os.getpid()
    return {HOST_TAG: socket.gethostname(), PID_TAG: str(pid), PID_START_TAG: process_start(pid) or "",
            **heartbeat_tag()}


@dataclass(frozen=True)
class Verdict:
    dead: bool
    why: str  # a phrase: "its process 1234 on host-a is gone"


def judge(run: dg.DagsterRun, now: float | None = None) -> Verdict:
    """Whether `run` can still be running. Finished runs are dead; runs without our tags (launched
    from the UI, the schedule or a sensor) are left to Dagster's run monitoring."""
    if run.status in FINISHED:
        return Verdict(True, f"it ended ({run.status.value})")
    tags = run.tags
    if PID_TAG not in tags:
        return Verdict(False, "launched by Dagster (its run monitoring watches it)")
    pid, host = tags[PID_TAG], tags.get(HOST_TAG, "?")
    if host == socket.gethostname() and pid.isdigit():
        started = process_start(int(pid))
        if started is None or (started and tags.get(PID_START_TAG) and started != tags[PID_START_TAG]):
            return Verdict(True, f"its process {pid} on {host} is gone")
        return Verdict(False, f"process {pid} on {host}")
    try:
        beat = datetime.fromisoformat(tags[HEARTBEAT_TAG]).timestamp()
    except (KeyError, ValueError):
        return Verdict(False, f"process {pid} on {host}")
    age = (now or time.time()) - beat
    if age > STALE_AFTER:
        return Verdict(True, f"process {pid} on {host} sent no heartbeat for {age:.0f} s")
    return Verdict(False, f"process {pid} on {host}, heartbeat {age:.0f} s ago")


def release(instance: dg.DagsterInstance, run: dg.DagsterRun, why: str) -> None:
    """Mark a dead run failed (if it is not finished) and free its pool slots."""
    if run.status not in FINISHED:
        instance.report_run_failed(run, f"Marked failed by media-analytics: {why}.")
    instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)


def release_dead_runs(instance: dg.DagsterInstance, pools: set[str]) -> list[str]:
    """Mark failed every in-progress run whose process is gone, and free the slots that finished or
    dead runs still hold in `pools`; return one line per run released."""
    lines = []
    suspects = {r.run_id: r for r in instance.get_runs(filters=dg.RunsFilter(statuses=IN_PROGRESS))}
    held: dict[str, int] = {}
    for pool in sorted(pools):
        for slot in instance.event_log_storage.get_concurrency_info(pool).claimed_slots:
            held[slot.run_id] = held.get(slot.run_id, 0) + 1
    for run_id in held.keys() - suspects.keys():
        run = instance.get_run_by_id(run_id)
        if run is not None:
            suspects[run_id] = run
    for run in suspects.values():
        verdict = judge(run)
        if not verdict.dead or (run.status in FINISHED and not held.get(run.run_id)):
            continue
        release(instance, run, verdict.why)
        day = run.tags.get(PARTITION_TAG, "?")
        state = "marked failed" if run.status not in FINISHED else "its run had ended"
        lines.append(f"run {run.run_id[:8]} (day {day}) was {run.status.value} but {verdict.why}: {state}, "
                     f"{held.get(run.run_id, 0)} pool slot(s) freed")
    return lines
