"""Readers and builds share the lakehouse: a reader holding it open never makes a build fail and a
build never makes a reader fail (nor shows it half a day); a build killed with kill -9 and run again
gives the tables of a clean build. Real processes, each in its own process group, stopped by id."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, Workspace
from warehouse_tables import tables
from assets.shared.warehouse import WarehouseError, detach_unused
from sampledata.generate import generate

DAY = "2026-11-02"
HELPER = Path(__file__).resolve().parent / "lake_processes.py"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    generate(root / "landing", root / "media", days=1, end=DAY, seed=11, events_per_day=3000,
             player_sessions_per_day=40, access_lines_per_day=3000, library_scale=0.01, workers=1)
    return root


def state_folder(sample: Path, tmp_path: Path) -> Path:
    root = tmp_path / "home"
    shutil.copytree(sample, root)
    return root


def start(*args, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen([sys.executable, str(HELPER), *map(str, args)], cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def finish(process: subprocess.Popen, timeout: float = 900) -> int:
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise


def snapshots(root: Path) -> int:
    with Workspace(root).connect() as con:
        return con.execute("SELECT count(*) FROM ducklake_snapshots(current_database())").fetchone()[0]


def test_a_reader_holding_the_warehouse_open_and_a_build_never_fail_each_other(sample, tmp_path):
    root = state_folder(sample, tmp_path)
    with Workspace(root).connect(read_only=False):
        pass  # the warehouse exists (empty) before the analyst opens it
    out = tmp_path / "reads.json"
    reader = start("read", root, DAY, out, log=tmp_path / "reader.log")
    time.sleep(2)
    build = start("build", root, DAY, log=tmp_path / "build.log")
    assert finish(build) == 0, (tmp_path / "build.log").read_text()[-3000:]
    (root / "stop-reading").touch()
    assert finish(reader, timeout=120) == 0, (tmp_path / "reader.log").read_text()[-3000:]

    reads = json.loads(out.read_text())
    assert reads["failures"] == []
    assert reads["reads"] >= 10
    final = {t: len(rows) for t, rows in tables(root).items()}
    for table, counts in reads["seen"].items():
        # one transaction per table and day: the day is absent, or all of it is there
        assert set(counts) <= {0, final[table]}, table
        assert final[table] > 0, table
    assert any(len(set(counts)) == 2 for counts in reads["seen"].values())  # it read during the build


def test_a_build_killed_mid_way_and_run_again_gives_the_tables_of_a_clean_build(sample, tmp_path):
    root = state_folder(sample, tmp_path)
    assert finish(start("build", root, DAY, log=tmp_path / "clean.log")) == 0
    clean, clean_snapshots = tables(root), snapshots(root)
    detach_unused()
    for folder in ("warehouse", "reports", "outbox"):
        shutil.rmtree(root / folder, ignore_errors=True)

    build = start("build", root, DAY, log=tmp_path / "killed.log")
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline and build.poll() is None:
        try:
            if snapshots(root) >= clean_snapshots // 2:
                break
        except WarehouseError:
            pass  # not made yet
        time.sleep(0.2)
    assert build.poll() is None, "the build ended before it could be killed"
    os.killpg(build.pid, signal.SIGKILL)
    assert build.wait(timeout=60) == -signal.SIGKILL
    killed_at = snapshots(root)
    assert 0 < killed_at < clean_snapshots

    assert finish(start("build", root, DAY, log=tmp_path / "again.log")) == 0, (tmp_path / "again.log").read_text()[-3000:]
    assert tables(root) == clean
