"""`media-analytics`, run as a user runs it (a subprocess with its own environment)."""

import os
import subprocess
import sys

import dagster as dg

from pipelines.definitions import defs
from conftest import ROOT



def cli(*args, **env):
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=900)  # a hang guard, not a speed check


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
        # a range: each day's own tables, then the tables that read other days (pipelines/build.py)
        assert sorted(r.tags["dagster/partition"] for r in runs) == ["2026-11-01"] * 2 + ["2026-11-02"] * 2
        assert all(r.job_name == "daily_analytics_job" and r.is_success for r in runs)
        selections = {frozenset(r.asset_selection) for r in runs}
        assert len(selections) == 2 and frozenset.union(*selections) == set(
            defs.resolve_job_def("daily_analytics_job").asset_layer.asset_graph.executable_asset_keys)
    assert landed.query("SELECT count(DISTINCT day) FROM daily_storage") == [(2,)]


def test_the_demo_starts_the_partitions_on_its_first_sample_day(tmp_path):
    from datetime import date

    from pipelines.cli import remember_demo_start, use_demo_start

    environ = {}
    remember_demo_start(tmp_path, date(2026, 11, 5), environ)
    assert environ["PARTITIONS_START"] == "2026-11-05"
    # later commands on the same state folder (ui, build) start there too, unless told otherwise
    later = {}
    assert use_demo_start(tmp_path, later) == "2026-11-05" and later["PARTITIONS_START"] == "2026-11-05"
    chosen = {"PARTITIONS_START": "2026-01-01"}
    assert use_demo_start(tmp_path, chosen) is None and chosen["PARTITIONS_START"] == "2026-01-01"
    kept = {"PARTITIONS_START": "2026-01-01"}
    remember_demo_start(tmp_path / "other", date(2026, 11, 5), kept)
    assert kept["PARTITIONS_START"] == "2026-01-01" and not (tmp_path / "other").exists()
    assert use_demo_start(tmp_path / "never-ran", {}) is None


def test_the_demo_sets_a_storage_quota_so_the_quota_bar_shows():
    from assets.shared.settings import load_settings
    from pipelines.cli import use_demo_quota

    environ = {}
    use_demo_quota(environ)
    assert environ == {"STORAGE_QUOTA_BYTES": "1000000000"}  # the sample library's ~300 MB against 1 GB
    assert load_settings(environ).storage_quota_bytes == 1_000_000_000
    chosen = {"STORAGE_QUOTA_BYTES": "5000000000"}
    use_demo_quota(chosen)
    assert chosen == {"STORAGE_QUOTA_BYTES": "5000000000"}


def test_the_ui_of_a_demo_state_folder_has_the_demos_days(tmp_path):
    (tmp_path / "demo-partitions-start").write_text("2026-11-05\n")
    probe = ("import os, sys; from pipelines.cli import use_demo_start; from pathlib import Path; "
             "use_demo_start(Path(sys.argv[1]), os.environ); "
             "from assets.shared.partitions import daily_partitions; print(daily_partitions.start.date())")
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k != "PARTITIONS_START"}, timeout=120)
    assert done.stdout.strip() == "2026-11-05", done.stderr
