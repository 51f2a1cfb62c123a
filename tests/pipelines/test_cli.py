"""`media-analytics`, run as a user runs it (a subprocess with its own environment)."""

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
from conftest import ROOT



def cli(*args, **env):
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=300)


def test_a_bad_setting_is_one_clear_line_not_a_traceback(tmp_path):
    done = cli("build", "2026-11-02", MEDIA_ANALYTICS_HOME=str(tmp_path), REPORT_TIMEZONE="Mars/Olympus")
    assert done.returncode == 2
    assert done.stderr.strip() == "configuration error: REPORT_TIMEZONE is not an IANA time zone, got 'Mars/Olympus'"


def test_build_runs_the_job_for_each_day_and_records_the_runs(landed):
    done = cli("build", "2026-11-01", "2026-11-02", MEDIA_ANALYTICS_HOME=str(landed.root), DAGSTER_HOME="")
    assert done.returncode == 0, done.stderr
    assert [line.split()[:2] for line in done.stdout.splitlines()] == [["2026-11-01", "ok"], ["2026-11-02", "ok"]]
    with dg.DagsterInstance.from_config(str(landed.root / "dagster")) as instance:
        runs = instance.get_runs()
        assert sorted(r.tags["dagster/partition"] for r in runs) == ["2026-11-01", "2026-11-02"]
        assert all(r.job_name == "daily_analytics_job" and r.is_success for r in runs)
    assert landed.query("SELECT count(DISTINCT day) FROM daily_storage") == [(2,)]
