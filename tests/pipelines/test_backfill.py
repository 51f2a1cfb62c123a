"""A backfill launched through the UI's API (a real `dagster dev` with its daemon) builds every day
and, with the dagster.yaml the product ships, runs one day at a time: DuckDB has one writer."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT, free_port
from pipelines.dagster_home import ensure_dagster_home

DAYS = ["2026-11-01", "2026-11-02", "2026-11-03"]
LAUNCH = """
mutation { launchPartitionBackfill(backfillParams: {
    selector: {partitionSetName: "daily_analytics_job_partition_set",
               repositorySelector: {repositoryLocationName: "pipelines.definitions", repositoryName: "__repository__"}},
    partitionNames: %s}) {
  __typename ... on LaunchBackfillSuccess { backfillId } ... on PythonError { message } } }
"""
RUNS = """
{ runsOrError { ... on Runs { results { runId status startTime endTime tags { key value } } } } }
"""
FAILURES = """
{ logsForRun(runId: "%s") { ... on EventConnection { events {
    ... on ExecutionStepFailureEvent { stepKey error { message } } } } } }
"""


def graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["data"]


def test_a_backfill_from_the_ui_builds_every_day_one_run_at_a_time(landed):
    port = free_port()
    home = ensure_dagster_home(landed.root / "dagster")
    env = {**os.environ, "DAGSTER_HOME": str(home), "MEDIA_ANALYTICS_HOME": str(landed.root),
           "REPORT_EMAIL_MAX_AGE_DAYS": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "dagster", "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240  # a loaded machine starts dagster slowly
        while True:
            try:
                launched = graphql(port, LAUNCH % json.dumps(DAYS))["launchPartitionBackfill"]
                break
            except OSError:
                assert time.monotonic() < deadline, "dagster dev did not answer within 240 s"
                time.sleep(1)
        assert launched["__typename"] == "LaunchBackfillSuccess", launched
        deadline = time.monotonic() + 900  # a hang guard, not a speed check (bench/ measures)
        while time.monotonic() < deadline:
            runs = graphql(port, RUNS)["runsOrError"]["results"]
            if len(runs) == len(DAYS) and all(r["status"] in ("SUCCESS", "FAILURE", "CANCELED") for r in runs):
                break
            time.sleep(2)
        assert sorted({t["value"] for r in runs for t in r["tags"] if t["key"] == "dagster/partition"}) == DAYS
        failures = [event for r in runs if r["status"] != "SUCCESS"
                    for event in graphql(port, FAILURES % r["runId"])["logsForRun"]["events"] if event]
        assert [r["status"] for r in runs] == ["SUCCESS"] * len(DAYS), failures
        spans = sorted((r["startTime"], r["endTime"]) for r in runs)
        for (_, end), (next_start, _) in zip(spans, spans[1:]):
            assert end <= next_start, "two runs wrote the warehouse at the same time"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert landed.query("SELECT count(DISTINCT day) FROM daily_storage") == [(3,)]
