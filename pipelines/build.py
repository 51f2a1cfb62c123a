"""`media-analytics build`: run daily_analytics_job for each day, in this process, watched.

A day is built in two runs. The first builds the day's own tables — those that read only that
day of what is upstream (ingest, usage, delivery, storage, files, ...); the second the tables that
read other days, as the asset graph's partition mappings declare (video sessions read the day
after, unused_media and the report earlier days). First runs of different days may run side by
side (`jobs` at a time); second runs go in day order, each once the first runs of the days it reads
are done, so the tables are the same whatever ran beside what: a build with `jobs=2` gives the
tables a build with `jobs=1` gives. The range's first day runs alone first, so files that land for
the whole range are staged (and dated) by it.

Runs execute on a thread of this process (one at a time) or in worker processes (side by side)
while the main thread watches them: it frees the pool slots of runs
whose process is gone (run_owner.py), says what a blocked run waits for and for how long, keeps a
heartbeat on every run, and stops the build on Ctrl-C or SIGTERM — runs are marked canceled, their
slots freed, and the process exits at once (the warehouse keeps its last committed state, as after
a kill).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

import dagster as dg

from assets.shared.checks import failed_data_checks
from pipelines import run_owner
from pipelines.failures import summarise

# The console shows nothing but one line per day: failures are summarised by failures.py, and every
# event is recorded in the Dagster instance (the UI) and, for a failed day, in a log file.
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
POLL_SECONDS = 1.0
FIRST_WAIT_NOTICE = 5.0    # a build blocked this long says what it waits for ...
WAIT_NOTICE_EVERY = 30.0   # ... and again this often
OWN_DAY, OTHER_DAYS, WHOLE_DAY = 0, 1, 2  # the two runs of a day in a range; a single day's one run


class Stop(BaseException):
    """Ctrl-C or SIGTERM, raised in the main thread: a BaseException, like KeyboardInterrupt, so that
    no `except Exception` on the way (the watcher's `_quietly` looks) swallows it."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def split_by_days_read(job: dg.JobDefinition) -> tuple[list[dg.AssetKey], list[dg.AssetKey]]:
    """The job's assets in two lists: those that read only their own day of everything upstream,
    and those that read another day (a partition mapping other than the same day), or depend on one
    that does."""
    graph = job.asset_layer.asset_graph
    other_days: set[dg.AssetKey] = set()
    for key in graph.toposorted_asset_keys:
        for parent in graph.get(key).parent_keys:
            if parent in other_days or not _same_day(graph.get_partition_mapping(key, parent)):
                other_days.add(key)
                break
    executable = [k for k in graph.toposorted_asset_keys if graph.get(k).is_executable]
    return [k for k in executable if k not in other_days], [k for k in executable if k in other_days]


def assets_of(job: dg.JobDefinition, kind: int) -> list[dg.AssetKey]:
    own, others = split_by_days_read(job)
    return {OWN_DAY: own, OTHER_DAYS: others, WHOLE_DAY: own + others}[kind]


def _same_day(mapping) -> bool:
    if isinstance(mapping, dg.TimeWindowPartitionMapping):
        return mapping.start_offset == 0 and mapping.end_offset == 0
    return mapping is None or isinstance(mapping, dg.IdentityPartitionMapping)


@dataclass
class Part:
    """One run: `day`'s assets of one kind (OWN_DAY or OTHER_DAYS), executed on a thread of this
    process, or in a worker process of its own when runs go side by side (Dagster's in-process
    execution sets up logging per run, which two threads of one process must not do at once)."""

    day: date
    kind: int
    assets: list[dg.AssetKey]
    run_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    started: float = 0.0
    seconds: float = 0.0
    result: dg.ExecuteInProcessResult | None = None
    error: BaseException | None = None
    thread: threading.Thread | None = None
    # Set by the thread when its run ends. Not `thread.is_alive()`: a `join` interrupted by Ctrl-C or
    # SIGTERM (our Stop) marks a thread that still runs as stopped (CPython 3.11), and the stopped
    # build would then not cancel its run.
    finished: threading.Event = field(default_factory=threading.Event)
    process: subprocess.Popen | None = None

    def start(self, job: dg.JobDefinition, instance: dg.DagsterInstance, log_dir: Path, alone: bool,
              env: dict[str, str] | None = None) -> None:
        self.started = time.monotonic()
        if alone:
            self.thread = threading.Thread(target=_execute, args=(job, instance, self),
                                           name=f"build-{self.day}-{self.kind}", daemon=True)
            self.thread.start()
        else:
            log_dir.mkdir(parents=True, exist_ok=True)
            with open(log_dir / f"{self.day}-{self.run_id[:8]}.worker.log", "w") as worker_log:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "pipelines.build", self.day.isoformat(), str(self.kind), self.run_id,
                     str(log_dir)], stdout=subprocess.PIPE, stderr=worker_log, text=True, start_new_session=True,
                    env=env)

    @property
    def begun(self) -> bool:
        return self.thread is not None or self.process is not None

    @property
    def done(self) -> bool:
        if self.process is not None:
            finished = self.process.poll() is not None
            if finished and not self.seconds:
                self.seconds = time.monotonic() - self.started
            return finished
        return self.thread is not None and self.finished.is_set()

    @property
    def succeeded(self) -> bool:
        if self.process is not None:
            return self.done and self.process.returncode == 0
        return self.done and self.result is not None and self.result.success

    def wait(self, seconds: float) -> None:
        if self.process is not None:
            try:
                self.process.wait(seconds)
            except subprocess.TimeoutExpired:
                pass
        elif self.thread is not None:
            self.finished.wait(seconds)

    def failure_lines(self, instance: dg.DagsterInstance, log_dir: Path) -> list[str]:
        if self.process is not None:
            printed = (self.process.stdout.read() or "").strip().splitlines()
            lines = json.loads(printed[-1]) if printed and printed[-1].startswith("[") else []
            return lines or [f"the worker process ended with status {self.process.returncode} (its log: "
                             f"{log_dir / f'{self.day}-{self.run_id[:8]}.worker.log'})"]
        return summarise(instance, self.result, self.day, log_dir)


def build_days(job: dg.JobDefinition, instance: dg.DagsterInstance, days: list[date], log_dir: Path,
               out: TextIO = sys.stdout, err: TextIO = sys.stderr, jobs: int = 1) -> int:
    """Build `days` (in order), up to `jobs` runs at a time; return 0 when every day succeeded."""
    pools = set(job.graph.pools)
    alone = max(1, jobs) == 1 or len(days) == 1  # one run at a time: on a thread; else worker processes
    if len(days) == 1:  # nothing to run beside it: the whole job in one run
        plan = {(days[0], OWN_DAY): Part(days[0], WHOLE_DAY, assets_of(job, WHOLE_DAY))}
    else:
        plan = {(day, kind): Part(day, kind, assets_of(job, kind)) for day in days
                for kind in (OWN_DAY, OTHER_DAYS) if assets_of(job, kind)}

    def stop(signum, _frame):
        raise Stop(signum)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    env = worker_environment(jobs)
    failed = 0
    reported = 0  # days[:reported] have their line
    try:
        while reported < len(days):
            for line in _quietly(run_owner.release_dead_runs, instance, pools) or []:
                print(f"  {line}", file=err, flush=True)
            running = [p for p in plan.values() if p.begun and not p.done]
            for part in _ready(plan, days, max(1, jobs) - len(running)):
                part.start(job, instance, log_dir, alone, env)
            _watch([p for p in plan.values() if p.begun and not p.done], instance, pools, err)
            while reported < len(days) and _finished(plan, days[reported]):
                failed += _report(plan, days[reported], instance, log_dir, out, err)
                reported += 1
    except Stop as stopped:
        _abandon(instance, [p for p in plan.values() if p.begun and not p.done], stopped.signum, err)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 1 if failed else 0


def worker_environment(jobs: int) -> dict[str, str]:
    """The worker processes' environment: DuckDB's threads shared out among the `jobs` side by side
    (cores // jobs each) unless DUCKDB_THREADS says otherwise, so that two days on two cores do not
    run four threads."""
    env = dict(os.environ)
    if not env.get("DUCKDB_THREADS", "").strip():
        env["DUCKDB_THREADS"] = str(max(1, (os.cpu_count() or 1) // max(1, jobs)))
    return env


def _ready(plan: dict, days: list[date], slots: int) -> list[Part]:
    """The parts that may start now, at most `slots`: the first day's own run alone first; then
    other-days runs in day order, each once every own-day run up to the day after it is done (and
    its day's own run succeeded); own-day runs in day order in the remaining slots."""
    if slots <= 0:
        return []
    first = plan.get((days[0], OWN_DAY))
    if first is not None and not first.done:
        return [] if first.begun else [first]
    chosen = []
    for index, day in enumerate(days):
        part = plan.get((day, OTHER_DAYS))
        if part is None or part.done:
            continue
        own = plan.get((day, OWN_DAY))
        if own is not None and own.done and not own.succeeded:
            continue  # the day's own tables failed: what reads them is not run
        if not part.begun and _reads_are_built(plan, days, index):
            chosen.append(part)
        break  # other-days runs go one at a time, in day order
    for day in days:
        part = plan.get((day, OWN_DAY))
        if part is not None and not part.begun:
            chosen.append(part)
    return chosen[:slots]


def _reads_are_built(plan: dict, days: list[date], index: int) -> bool:
    return all(p is None or p.done for p in (plan.get((day, OWN_DAY)) for day in days[:index + 2]))


def _finished(plan: dict, day: date) -> bool:
    own, others = plan.get((day, OWN_DAY)), plan.get((day, OTHER_DAYS))
    if own is not None and own.done and not own.succeeded:
        return others is None or not others.begun or others.done
    return all(p is None or p.done for p in (own, others))


def _report(plan: dict, day: date, instance, log_dir: Path, out: TextIO, err: TextIO) -> int:
    """Print `day`'s line (and its failures); 1 if it failed. A built day whose data checks failed
    is built (0) and its line names them, as its report does."""
    parts = [p for p in (plan.get((day, OWN_DAY)), plan.get((day, OTHER_DAYS))) if p is not None and p.done]
    for part in parts:
        if part.error is not None:
            raise part.error
    ok = all(p.succeeded for p in parts) and len(parts) == sum(1 for k in (OWN_DAY, OTHER_DAYS) if (day, k) in plan)
    runs = " + ".join(p.run_id[:8] for p in parts)
    status = "ok" if ok else "FAILED"
    if ok and (failed_checks := failed_data_checks(instance, day.isoformat())):
        status += f", data checks failed: {', '.join(failed_checks)} (see the report)"
    print(f"  {day}  {status}  ({sum(p.seconds for p in parts):.1f} s, run {runs})", file=out, flush=True)
    if ok:
        return 0
    for part in parts:
        if not part.succeeded:
            for line in part.failure_lines(instance, log_dir):
                print(f"     {line}", file=err, flush=True)
    return 1


def _execute(job: dg.JobDefinition, instance: dg.DagsterInstance, part: Part) -> None:
    try:
        part.result = job.execute_in_process(
            partition_key=part.day.isoformat(), instance=instance, run_config=QUIET, run_id=part.run_id,
            tags=run_owner.owner_tags(), asset_selection=None if part.kind == WHOLE_DAY else part.assets,
            raise_on_error=False)
    except BaseException as error:  # noqa: BLE001 - re-raised on the main thread
        part.error = error
    finally:
        part.seconds = time.monotonic() - part.started
        part.finished.set()


_NOTICES: dict[str, tuple[float | None, float, float]] = {}  # run id -> waiting since, next notice, next beat


def _watch(running: list[Part], instance: dg.DagsterInstance, pools: set[str], err: TextIO) -> None:
    """Wait a moment for the running parts; keep their heartbeats and say what a blocked one waits for."""
    if not running:
        time.sleep(POLL_SECONDS / 10)
        return
    running[0].wait(POLL_SECONDS)
    now = time.monotonic()
    for part in running:
        if part.done:
            continue
        waiting_since, next_notice, next_beat = _NOTICES.get(part.run_id, (None, FIRST_WAIT_NOTICE,
                                                                            now + run_owner.HEARTBEAT_SECONDS))
        if now >= next_beat:
            next_beat = now + run_owner.HEARTBEAT_SECONDS
            _quietly(instance.add_run_tags, part.run_id, run_owner.heartbeat_tag())
        blocked = _quietly(_blocked_on, instance, part.run_id, pools)
        if not blocked:
            _NOTICES[part.run_id] = (None, FIRST_WAIT_NOTICE, next_beat)
            continue
        if waiting_since is None:
            waiting_since, next_notice = now, FIRST_WAIT_NOTICE
        for line in _quietly(run_owner.release_dead_runs, instance, pools) or []:
            print(f"  {line}", file=err, flush=True)
        waited = now - waiting_since
        if waited >= next_notice:
            next_notice = waited + WAIT_NOTICE_EVERY
            print(f"  {part.day}  waiting {waited:.0f} s for {blocked} (Ctrl-C stops)", file=err, flush=True)
        _NOTICES[part.run_id] = (waiting_since, next_notice, next_beat)


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


def _abandon(instance: dg.DagsterInstance, running: list[Part], signum: int, err: TextIO) -> None:
    """Ctrl-C or SIGTERM: stop the worker processes, mark the runs canceled, free their slots and
    exit now."""
    for part in running:
        if part.process is not None:
            _quietly(os.killpg, part.process.pid, signal.SIGKILL)
    for part in running:
        run = instance.get_run_by_id(part.run_id)
        if run is not None and run.status in run_owner.IN_PROGRESS:
            instance.report_run_canceled(run, f"Stopped by {signal.Signals(signum).name}.")
        instance.event_log_storage.free_concurrency_slots_for_run(part.run_id)
    runs = ", ".join(p.run_id[:8] for p in running) or "none running"
    print(f"  stopped by {signal.Signals(signum).name}: run {runs} canceled, its pool slots freed",
          file=err, flush=True)
    err.flush()
    sys.stdout.flush()
    # A job's thread may be inside a step: exit without waiting for it (a rebuild redoes the day).
    os._exit(128 + signum)


def _quietly(function, *args):
    """Watching must not end a build: a busy instance database just skips one look."""
    try:
        return function(*args)
    except Exception:  # noqa: BLE001
        return None


def _worker(argv: list[str]) -> int:
    """`python -m pipelines.build DAY KIND RUN_ID LOG_DIR`: one part of a build, in a process of its
    own; a failure's summary lines go to stdout as JSON for the build that started it."""
    day, kind, run_id, log_dir = date.fromisoformat(argv[0]), int(argv[1]), argv[2], Path(argv[3])
    from pipelines.dagster_home import open_instance
    from pipelines.definitions import defs

    job = defs.resolve_job_def("daily_analytics_job")
    part = Part(day, kind, assets_of(job, kind), run_id)
    with open_instance(Path(os.environ["DAGSTER_HOME"])) as instance:
        _execute(job, instance, part)
        if part.error is not None:
            raise part.error
        if not part.result.success:
            print(json.dumps(summarise(instance, part.result, day, log_dir)))
    return 0 if part.result.success else 1


if __name__ == "__main__":
    sys.exit(_worker(sys.argv[1:]))
