"""Rung 4, for real: `media-analytics ui` (`dg dev`) starts on a free loopback port and its GraphQL
API lists the assets, the job and the schedule."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT, free_port

QUERY = """
{ assetNodes { assetKey { path } }
  repositoriesOrError { ... on RepositoryConnection { nodes {
      jobs { name } schedules { name cronSchedule } } } } }
"""


def graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["data"]


def test_dagster_dev_serves_the_assets_job_and_schedule(tmp_path):
    port = free_port()
    env = {**os.environ, "MEDIA_ANALYTICS_HOME": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "ui", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        data = None
        deadline = time.monotonic() + 240  # a loaded machine starts dagster slowly
        while time.monotonic() < deadline:
            try:
                data = graphql(port, QUERY)
                if data["assetNodes"]:
                    break
            except OSError:
                pass
            time.sleep(1)
        assert data, "media-analytics ui did not answer within 240 s"
        assets = {"/".join(node["assetKey"]["path"]) for node in data["assetNodes"]}
        assert {"raw_usage_events", "media_inventory", "daily_media_usage", "daily_storage",
                "unused_media", "raw_access_log", "daily_media_delivery", "daily_report", "report_email",
                "raw_player_events", "video_session_events", "video_watch_segments", "video_views", "daily_video_engagement",
                "video_retention", "media_file_facts", "image_optimization_opportunities",
                "media_duplicates", "video_optimization_opportunities", "document_searchability",
                "daily_document_access"} <= assets
        repository = data["repositoriesOrError"]["nodes"][0]
        assert "daily_analytics_job" in {job["name"] for job in repository["jobs"]}
        assert {"name": "daily_analytics_schedule", "cronSchedule": "0 2 * * *"} in repository["schedules"]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
