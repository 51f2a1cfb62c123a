"""Bytes that are not UTF-8 are replaced by U+FFFD when a file is read, but not silently: the file
records how many lines were repaired and the asset says so (issue 15, item 9)."""

import json

import dagster as dg

from assets.ingest.assets import raw_usage_events
from conftest import event


def test_lines_with_bytes_that_are_not_utf8_are_kept_and_counted(workspace):
    good = json.dumps(event("e1", "m1", "view", "2026-11-02T10:00:00Z")).encode()
    latin1 = json.dumps(event("e2", "m1", "view", "2026-11-02T10:00:00Z", user_agent="caf_")).encode().replace(
        b"caf_", b"caf\xe9")
    workspace.land("usage_events", "a.ndjson", good + b"\n" + latin1 + b"\n")
    workspace.land("usage_events", "b.csv", b"event_id,media_id,event_type,timestamp,referrer\n"
                                            b"e3,m1,view,2026-11-02T11:00:00Z,http://x.example/\xff\xfe\n"
                                            b"e4,m1,view,2026-11-02T11:00:00Z,http://x.example/ok\n")
    result = dg.materialize([raw_usage_events], partition_key="2026-11-02", resources=workspace.resources())
    assert result.success
    assert workspace.query("SELECT event_id, coalesce(user_agent, referrer) FROM raw_usage_events ORDER BY event_id") == [
        ("e1", None), ("e2", "caf\ufffd"), ("e3", "http://x.example/\ufffd\ufffd"), ("e4", "http://x.example/ok")]
    assert workspace.query("SELECT regexp_extract(path, '[^/]+$'), lines_repaired FROM landing_files ORDER BY path") == [
        ("a.ndjson", 1), ("b.csv", 1)]
    assert result.asset_materializations_for_node("raw_usage_events")[0].metadata[
        "lines_with_bytes_replaced"].value == 2
