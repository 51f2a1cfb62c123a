"""Once ingested, rows stay: a removed landing file keeps its rows, a corrected file replaces them,
and `media-analytics forget` removes them on purpose (issue 15, item 10)."""

import gzip
import os
import subprocess
import sys

import dagster as dg

from assets.delivery.assets import raw_access_log
from assets.ingest.assets import media_inventory, raw_usage_events
from conftest import ROOT, event, item

DAY = "2026-11-02"


def build(workspace, *assets):
    result = dg.materialize(list(assets) or [raw_usage_events], partition_key=DAY,
                            resources=workspace.resources(), raise_on_error=False)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return result


def events(workspace):
    return workspace.query("SELECT event_id FROM raw_usage_events WHERE day = $d ORDER BY event_id", {"d": DAY})


def test_a_removed_file_keeps_its_rows_when_its_day_is_rebuilt(workspace):
    path = workspace.land("usage_events", "2026-11-02.ndjson", [
        event("e1", "m1", "view", "2026-11-02T09:00:00Z"), event("e2", "m1", "click", "2026-11-02T09:01:00Z"),
        {"event_id": "e3", "media_id": "m1", "event_type": "wink", "timestamp": "2026-11-02T09:02:00Z"},
    ])
    build(workspace)
    assert events(workspace) == [("e1",), ("e2",)]
    path.unlink()  # log rotation, a cleaned-up landing folder

    result = build(workspace)
    assert events(workspace) == [("e1",), ("e2",)]
    assert workspace.query("SELECT line, reason FROM rejected_rows WHERE day = $d", {"d": DAY}) == [
        (3, "unknown event_type 'wink'")]
    assert workspace.query("SELECT removed_at IS NOT NULL FROM landing_files") == [(True,)]
    metadata = result.asset_materializations_for_node("raw_usage_events")[0].metadata
    assert metadata["removed_files_kept"].value == 1
    assert metadata["landing_files"].value == 0

    # Landed again unchanged: it is back, read once, rows unchanged.
    workspace.land("usage_events", "2026-11-02.ndjson", [
        event("e1", "m1", "view", "2026-11-02T09:00:00Z"), event("e2", "m1", "click", "2026-11-02T09:01:00Z"),
        {"event_id": "e3", "media_id": "m1", "event_type": "wink", "timestamp": "2026-11-02T09:02:00Z"},
    ])
    build(workspace)
    assert events(workspace) == [("e1",), ("e2",)]
    assert workspace.query("SELECT removed_at FROM landing_files") == [(None,)]


def test_a_corrected_file_at_the_same_path_replaces_its_rows(workspace):
    workspace.land("usage_events", "day.ndjson", [event("e1", "m1", "view", "2026-11-02T09:00:00Z"),
                                                  event("e2", "m1", "view", "2026-11-02T09:00:00Z")])
    build(workspace)
    workspace.land("usage_events", "day.ndjson", [event("e7", "m1", "view", "2026-11-02T09:00:00Z")])
    build(workspace)
    assert events(workspace) == [("e7",)]


def test_a_log_rotated_into_gzip_is_not_counted_twice(workspace):
    log = "".join(f'192.0.2.1 - - [02/Nov/2026:10:00:0{n} +0000] "GET /media/2026/10/m1.jpg HTTP/1.1" 200 100 '
                  f'"-" "curl/8.0"\n' for n in range(3))
    workspace.land("inventory", "export.ndjson", [item("m1")])
    first = workspace.land("access_logs", "access.log.1", log)
    build(workspace, media_inventory, raw_access_log)
    first.unlink()  # logrotate: access.log.1 -> access.log.2.gz
    workspace.land("access_logs", "access.log.2.gz", gzip.compress(log.encode()))
    build(workspace, media_inventory, raw_access_log)
    assert workspace.query("SELECT count(*) FROM raw_access_log WHERE day = $d", {"d": DAY}) == [(3,)]
    assert workspace.query("SELECT count(DISTINCT sha256) FROM landing_files WHERE source = 'access_logs'") == [(1,)]


def forget(workspace, *paths):
    return subprocess.run([sys.executable, "-m", "pipelines.cli", "forget", *map(str, paths)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "MEDIA_ANALYTICS_HOME": str(workspace.root), "DAGSTER_HOME": ""})


def test_forget_removes_a_removed_files_rows_and_names_the_days_to_rebuild(workspace):
    gone = workspace.land("usage_events", "gone.ndjson", [
        event("e1", "m1", "view", "2026-11-01T23:30:00Z"), event("e2", "m1", "view", "2026-11-02T09:00:00Z"),
        {"event_id": "e3", "media_id": "m1", "event_type": "wink", "timestamp": "2026-11-02T09:02:00Z"}])
    kept = workspace.land("usage_events", "kept.ndjson", [event("e9", "m1", "view", "2026-11-02T10:00:00Z")])
    build(workspace)

    still_there = forget(workspace, gone)
    assert still_there.returncode == 1
    assert still_there.stderr.strip() == (f"forget: {gone} is still in the landing folder: remove it first, "
                                          "or the next build reads it again")
    assert forget(workspace, workspace.landing / "usage_events/never.ndjson").returncode == 1

    gone.unlink()
    done = forget(workspace, gone)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"forgot {gone} (usage_events)",
        "  its rows were on 2 day(s), 2026-11-01 to 2026-11-02; rebuild them: media-analytics build 2026-11-01 2026-11-02"]
    assert workspace.query("SELECT count(*) FROM rejected_rows WHERE file = $f", {"f": str(gone)}) == [(0,)]
    build(workspace)
    assert events(workspace) == [("e9",)]
    assert workspace.query("SELECT path FROM landing_files") == [(str(kept),)]
