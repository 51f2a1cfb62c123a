"""Plain `dg dev`, started in the repository as a user starts it (no DAGSTER_HOME, no media-analytics):
its instance runs with the repository's dagster.yaml — the run queue, the pools and run monitoring
that the CLI's instance has too. Without that file, a backfill launched here ran four runs at once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, free_port
from test_dagster_dev import graphql

QUERY = """
{ instance { runQueueConfig { maxConcurrentRuns } poolConfig { defaultPoolLimit }
             daemonHealth { allDaemonStatuses { daemonType required } } } }
"""


def test_plain_dg_dev_runs_with_the_repository_instance_settings(tmp_path):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "DAGSTER_HOME"}
    env.update(MEDIA_ANALYTICS_HOME=str(tmp_path), PATH=f"{Path(sys.executable).parent}:{env['PATH']}")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "dg"), "dev", "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        instance = None
        deadline = time.monotonic() + 300  # a hang guard: on a machine at load 20 it took 105 s
        while instance is None and time.monotonic() < deadline:
            try:
                instance = graphql(port, QUERY)["instance"]
            except OSError:
                time.sleep(1)
        assert instance, "dg dev did not answer within 300 s"
        assert instance["runQueueConfig"]["maxConcurrentRuns"] == 1
        assert instance["poolConfig"]["defaultPoolLimit"] == 2  # two warehouse steps at a time (build --jobs 2)
        daemons = {d["daemonType"] for d in instance["daemonHealth"]["allDaemonStatuses"] if d["required"]}
        assert "MONITORING" in daemons
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
