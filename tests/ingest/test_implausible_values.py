"""Values that parse but cannot be true are rejected at validation with a reason, so no aggregate
meets them (issue 15, items 3, 4 and 8): each test lands bad rows beside good ones."""

import json

import dagster as dg

from assets.delivery.assets import raw_access_log
from assets.ingest.assets import media_inventory, raw_usage_events
from assets.video.assets import raw_player_events
from conftest import event, item

DAY = "2026-11-02"
TS = "2026-11-02T10:00:00Z"
BIGINT_MAX = 9223372036854775807


def build(workspace, *assets):
    result = dg.materialize(list(assets), partition_key=DAY, resources=workspace.resources(), raise_on_error=False)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return result


def reasons(workspace, source):
    return workspace.query("SELECT line, reason FROM rejected_rows WHERE source = $s ORDER BY line", {"s": source})


def test_implausible_load_times_and_byte_counts_are_rejected(workspace):
    workspace.land("usage_events", "day.ndjson", [
        event("ok1", "m1", "view", TS, load_time_ms=3_600_000, bytes=1 << 40),  # an hour, 1 TiB: the limits
        event("bad1", "m1", "view", TS, load_time_ms=1e308),
        event("bad2", "m1", "view", TS, load_time_ms=1e308),
        event("bad3", "m1", "view", TS, load_time_ms=3_600_000.5),
        event("bad4", "m1", "download", TS, bytes=BIGINT_MAX),
        event("bad5", "m1", "download", TS, bytes=(1 << 40) + 1),
        event("bad6", "m1", "download", TS, bytes=1e308),
        event("ok2", "m1", "view", TS, load_time_ms=12.5),
    ])
    build(workspace, raw_usage_events)
    assert workspace.query("SELECT event_id FROM raw_usage_events ORDER BY source_line") == [("ok1",), ("ok2",)]
    assert reasons(workspace, "usage_events") == [
        (2, "implausible load_time_ms (over an hour) '1e+308'"),
        (3, "implausible load_time_ms (over an hour) '1e+308'"),
        (4, "implausible load_time_ms (over an hour) '3600000.5'"),
        (5, f"invalid bytes '{BIGINT_MAX}'"),  # past BIGINT
        (6, f"implausible bytes (over 1 TiB) '{(1 << 40) + 1}'"),
        (7, "invalid bytes '1e+308'"),
    ]


def test_media_ids_that_are_objects_or_lists_are_rejected_in_player_events(workspace):
    play = {"event_type": "play", "timestamp": TS, "position": 0, "session_id": "s"}
    workspace.land("player_events", "p.ndjson", [
        {"event_id": "p1", "media_id": "v1", **play},
        {"event_id": "p2", "media_id": {"id": "v1"}, **play},
        {"event_id": "p3", "media_id": ["v1"], **play},
        {"event_id": "p4", "media_id": 7, **play},
    ])
    build(workspace, raw_player_events)
    assert workspace.query("SELECT event_id, media_id FROM raw_player_events ORDER BY event_id") == [
        ("p1", "v1"), ("p4", "7")]
    assert reasons(workspace, "player_events") == [
        (2, "media_id is not a single value"), (3, "media_id is not a single value")]


def test_inventory_rows_with_impossible_sizes_or_shapes_are_rejected(workspace):
    rendition = {"name": "m", "path": "2026/10/r.jpg", "width": 300, "height": 200, "size": 2000}
    rows = [
        item("ok1", renditions=[rendition], display_widths=[300, 600]),
        item("bad1", renditions=[{**rendition, "size": BIGINT_MAX}]),
        item("bad2", size=BIGINT_MAX),
        item("bad3", renditions=[{**rendition, "size": -1}]),
        item("bad4", width=-5),
        item("bad5", display_widths="wide"),
        item("bad6", renditions=[1, 2, 3]),
        item("bad7", renditions=[{**rendition, "size": "big"}]),
        item("bad8", renditions=[{**rendition, "width": "wide"}]),
        item("bad9", display_widths=[300, "wide"]),
        item("twice", size=1),
        item("ok2", size=(1 << 40)),
        item("twice", size=2),
    ]
    workspace.land("inventory", "export.ndjson", rows)
    build(workspace, media_inventory)
    assert workspace.query("SELECT media_id, size_bytes, rendition_bytes FROM media_inventory ORDER BY media_id") == [
        ("ok1", 1000, 2000), ("ok2", 1 << 40, 0), ("twice", 2, 0)]
    got = reasons(workspace, "inventory")
    assert [line for line, _ in got] == list(range(2, 12))
    assert [reason.split(" '")[0] for _, reason in got[:-1]] == [
        "invalid rendition", "invalid size", "invalid rendition", "invalid width", "display_widths is not a list",
        "invalid rendition", "invalid rendition", "invalid rendition", "invalid display_widths"]
    assert got[-1][1] == "id 'twice' repeated in the same export (line 13 is kept)"
    assert json.loads(got[0][1].split(" '", 1)[1][:-1]) == {**rendition, "size": BIGINT_MAX}
    # on the day the export was first read, where the report counts them
    assert workspace.query("SELECT DISTINCT CAST(day AS VARCHAR) FROM rejected_rows") == [(DAY,)]


def test_access_log_request_times_that_are_not_finite_or_implausible_are_rejected(workspace):
    workspace.land("inventory", "export.ndjson", [item("m1")])
    line = '192.0.2.1 - - [02/Nov/2026:10:00:00 +0000] "GET /media/2026/10/m1.jpg HTTP/1.1" 200 {size} "-" "curl" {t} HIT\n'
    workspace.land("access_logs", "access.log", "".join([
        line.format(size=100, t="0.250"), line.format(size=100, t="NaN"), line.format(size=100, t="inf"),
        line.format(size=100, t="1e308"), line.format(size=100, t="3600.001"), line.format(size=BIGINT_MAX, t="0.1"),
        line.format(size=100, t="3600"),
    ]))
    build(workspace, media_inventory, raw_access_log)
    assert workspace.query("SELECT source_line, request_time_ms FROM raw_access_log ORDER BY source_line") == [
        (1, 250.0), (7, 3_600_000.0)]
    assert reasons(workspace, "access_logs") == [
        (2, "invalid request time 'NaN'"), (3, "invalid request time 'inf'"),
        (4, "invalid request time '1e308'"),  # infinite in milliseconds
        (5, "implausible request time (over an hour) '3600.001'"),
        (6, f"implausible bytes sent (over 1 TiB) '{BIGINT_MAX}'"),
    ]
