"""`media-analytics build` after a kill, beside another build, and when it fails: real processes in
their own process groups, a real Dagster instance under tmp_path."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import dagster as dg

from cli_process import finish, output, start, wait_for
from conftest import ROOT, Workspace, free_port
from pipelines.dagster_home import open_instance

POOL = "duckdb_warehouse"
INGEST_STEPS = {"raw_usage_events", "raw_access_log", "media_inventory", "raw_player_events", "landing_files"}
# Columns that say when a row was written, not what it holds.
WRITTEN_AT = {"first_seen_at", "sent_at", "measured_at", "built_at", "run_id"}


def instance(home: Path) -> dg.DagsterInstance:
    """The build's instance, opened the way the CLI opens it (one process creates it)."""
    return open_instance(home / "dagster")


def tables(workspace: Workspace) -> dict[str, Counter]:
    """Every table's rows as a multiset (equal multisets = EXCEPT ALL empty both ways), without the
    columns that record when a row was written, and with the landing folder's own path as <landing>."""
    result = {}
    for (table,) in workspace.query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                    "AND database_name = current_database() AND NOT internal ORDER BY 1"):
        columns = [c for (c,) in workspace.query("SELECT column_name FROM duckdb_columns() WHERE table_name = $t AND schema_name = "
                                                 "'main' AND database_name = current_database() ORDER BY column_index", {"t": table})
                   if c not in WRITTEN_AT]
        rows = workspace.query(f'SELECT {", ".join(columns)} FROM "{table}"')
        result[table] = Counter(repr(row).replace(str(workspace.landing), "<landing>") for row in rows)
    return result


def test_a_rebuild_after_a_kill_9_mid_ingest_finishes_with_the_tables_of_a_clean_build(landed, tmp_path):
    clean = Workspace(tmp_path / "clean")
    shutil.copytree(landed.landing, clean.landing)
    killed = start("build", "2026-11-02", home=landed.root)
    def ingesting():
        with instance(landed.root) as dagster:
            return any(s.step_key in INGEST_STEPS for s in dagster.event_log_storage.get_concurrency_info(POOL).claimed_slots)

    wait_for(ingesting, 120, "an ingest step holding the pool")
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    with instance(landed.root) as dagster:
        [left] = dagster.get_runs()
        assert left.status == dg.DagsterRunStatus.STARTED  # what kill -9 leaves behind
        assert dagster.event_log_storage.get_concurrency_info(POOL).claimed_slots

    code, out, err = finish(start("build", "2026-11-02", home=landed.root), timeout=300)
    assert code == 0, err
    assert out.split()[:2] == ["2026-11-02", "ok"]
    assert f"run {left.run_id[:8]} (day 2026-11-02) was STARTED but its process {killed.pid}" in err
    with instance(landed.root) as dagster:
        assert dagster.get_run_by_id(left.run_id).status == dg.DagsterRunStatus.FAILURE
        assert dagster.event_log_storage.get_concurrency_info(POOL).claimed_slots == []

    code, _, err = finish(start("build", "2026-11-02", home=clean.root), timeout=300)
    assert code == 0, err
    rebuilt, reference = tables(landed), tables(clean)
    assert rebuilt.keys() == reference.keys()
    assert sum(map(len, reference.values())) > 20  # the comparison compares something
    for table in reference:
        assert rebuilt[table] == reference[table], table


def test_a_blocked_build_says_what_it_waits_for_and_stops_on_sigterm(landed):
    with instance(landed.root) as dagster:
        # A live run (this test's own process) holds every slot of the pool.
        holder = dagster.create_run_for_job(
            dg.GraphDefinition(name="holder").to_job(), tags={  # NOT_STARTED, its process alive
                "media_analytics/host": os.uname().nodename, "media_analytics/pid": str(os.getpid()),
                "dagster/partition": "2026-11-01"})
        dagster.event_log_storage.initialize_concurrency_limit_to_default(POOL)  # from dagster.yaml
        limit = dagster.event_log_storage.get_concurrency_info(POOL).slot_count
        assert limit == 2  # the shipped dagster.yaml: two warehouse steps at a time
        for slot in range(limit):
            assert dagster.event_log_storage.claim_concurrency_slot(POOL, holder.run_id, f"holding-{slot}").is_claimed
    blocked = start("build", "2026-11-02", home=landed.root)
    try:
        line = wait_for(lambda: next((line for line in output(blocked)[1].splitlines() if "waiting" in line), None),
                        120, "a waiting notice")
        assert f"for pool {POOL} (limit {limit}) held by run {holder.run_id[:8]} (day 2026-11-01, process {os.getpid()}" in line
        os.kill(blocked.pid, signal.SIGTERM)
        code, _, err = finish(blocked, timeout=30)
        assert code == 128 + signal.SIGTERM
        assert "stopped by SIGTERM" in err
    finally:
        if blocked.poll() is None:
            os.killpg(blocked.pid, signal.SIGKILL)
    with instance(landed.root) as dagster:
        [stopped] = [r for r in dagster.get_runs() if r.job_name == "daily_analytics_job"]
        assert stopped.status == dg.DagsterRunStatus.CANCELED
        assert {s.run_id for s in dagster.event_log_storage.get_concurrency_info(POOL).claimed_slots} == {holder.run_id}


def test_two_builds_started_at_once_on_a_fresh_state_folder_both_finish(landed):
    assert not (landed.root / "dagster").exists()
    builds = [start("build", day, home=landed.root) for day in ("2026-11-01", "2026-11-02")]
    for build, day in zip(builds, ("2026-11-01", "2026-11-02")):
        code, out, err = finish(build, timeout=400)
        assert code == 0, err
        assert out.split()[:2] == [day, "ok"]
    assert landed.query("SELECT count(DISTINCT day) FROM daily_storage") == [(2,)]


OPEN_AT = """
import sys, time
from pathlib import Path
from pipelines.dagster_home import open_instance
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
with open_instance(Path(sys.argv[1])) as instance:
    instance.get_runs()
"""


def test_processes_opening_a_fresh_instance_at_the_same_moment_all_succeed(tmp_path):
    # Without the lock, 4 processes starting together failed with "table runs already exists" or
    # "UNIQUE constraint failed: alembic_version.version_num" (5 failures in 12 tries on this machine).
    for attempt in range(3):
        home, at = tmp_path / f"dagster-{attempt}", time.time() + 3
        opening = [subprocess.Popen([sys.executable, "-c", OPEN_AT, str(home), str(at)], cwd=ROOT, text=True,
                                    stderr=subprocess.PIPE, start_new_session=True) for _ in range(4)]
        errors = [p.communicate(timeout=120)[1] for p in opening]
        assert [p.returncode for p in opening] == [0] * 4, errors


class Refuse:
    """An SMTP server that knows no recipient."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such user here"


def test_a_failed_email_is_said_first_in_one_line_with_the_log_beside_it(landed):
    from aiosmtpd.controller import Controller

    server = Controller(Refuse(), hostname="127.0.0.1", port=free_port())
    server.start()
    try:
        code, out, err = finish(start("build", "2026-11-02", home=landed.root, SMTP_HOST="127.0.0.1",
                                      SMTP_PORT=str(server.port), SMTP_SECURITY="none",
                                      REPORT_RECIPIENTS="nobody@example.org", REPORT_EMAIL_MAX_AGE_DAYS="100000"),
                                timeout=300)
    finally:
        server.stop()
    assert code == 1
    assert out.split()[:2] == ["2026-11-02", "FAILED"]
    summary = [line.strip() for line in err.splitlines()]
    assert summary[0].startswith("email NOT sent — report_email: ")
    assert f"127.0.0.1:{server.port}" in summary[0] and "550" in summary[0] and "No such user here" in summary[0]
    assert len(summary) == 2 and summary[1].startswith("full log: ")
    log = Path(summary[1].removeprefix("full log: "))
    assert log.parent == landed.root / "logs"
    assert "Stack Trace" in log.read_text() and "No such user here" in log.read_text()


def test_a_failed_build_prints_one_line_per_failed_step_not_stack_traces(landed, tmp_path):
    not_a_folder = tmp_path / "reports-is-a-file"
    not_a_folder.write_text("")
    code, out, err = finish(start("build", "2026-11-02", home=landed.root, REPORTS_DIR=str(not_a_folder)),
                            timeout=300)
    assert code == 1
    assert out.split()[:2] == ["2026-11-02", "FAILED"]
    assert "Traceback" not in err and "Stack Trace" not in err
    lines = [line.strip() for line in err.splitlines()]
    assert len(lines) == 2, err  # report_email is skipped, not failed: it needs the report
    assert lines[0].startswith(f"daily_report: NotADirectoryError: [Errno 20] Not a directory: '{not_a_folder}/")
    assert lines[1].startswith("full log: ")
    log = Path(lines[1].removeprefix("full log: ")).read_text()
    assert "Stack Trace" in log and "NotADirectoryError" in log and "STEP_FAILURE" in log
