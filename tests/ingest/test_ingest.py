"""Rung 3: landing files through the ingest assets into a DuckDB file, then queried."""

import gzip
import json
import os

import dagster as dg
import polars as pl

from assets.ingest.assets import media_inventory, raw_usage_events
from assets.ingest.landing import file_sha256
from conftest import event, item

DAY = "2026-11-02"


def ingest(workspace, *assets, day=DAY, **metrics):
    result = dg.materialize(list(assets) or [raw_usage_events], partition_key=day,
                            resources=workspace.resources(**metrics), raise_on_error=False)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return result


def check(result, name):
    return next(e for e in result.get_asset_check_evaluations() if e.check_name == name)


MIXED = "\n".join([
    json.dumps(event("e1", "m1", "view", "2026-11-02T10:00:00Z")),
    "",
    json.dumps(event("e2", "m1", "click", "2026-11-02T11:00:00+01:00", user_id="u1")),
    "{not json",
    json.dumps(event("e3", "m1", "unknown", "2026-11-02T10:00:00Z")),
    json.dumps(event("e4", "", "view", "2026-11-02T10:00:00Z")),
    json.dumps(event("e5", "m2", "view", "yesterday")),
    json.dumps(event("e6", "m2", "view", "2026-11-02T10:00:00")),
    json.dumps(event("e7", "m2", "download", "2026-11-02T10:00:00Z", bytes=-1)),
    json.dumps(event("e8", "m2", "view", "2026-11-02T10:00:00Z", usage="sidebar")),
    json.dumps(event("e9", "m2", "view", "2026-11-02T10:00:00Z", load_time_ms="fast")),
    json.dumps(event("e1", "m1", "view", "2026-11-02T10:00:00Z")),
    "[1, 2]",
    json.dumps(event("e10", "m2", "preview", "2026-11-02T23:59:59Z", usage="attachment", load_time_ms=12.5,
                     bytes=2048)),
]) + "\n"


def test_every_valid_row_lands_and_every_bad_row_is_quarantined_with_its_reason(workspace):
    workspace.land("usage_events", "2026/11/day.ndjson", MIXED)
    result = ingest(workspace)

    assert workspace.query("SELECT event_id FROM raw_usage_events ORDER BY source_line") == [
        ("e1",), ("e2",), ("e10",)]
    assert workspace.query(
        "SELECT line, reason FROM rejected_rows WHERE source = 'usage_events' ORDER BY line") == [
        (4, "not a JSON object"),
        (5, "unknown event_type 'unknown'"),
        (6, "missing media_id and media_url"),
        (7, "unparseable timestamp 'yesterday'"),
        (8, "timestamp without UTC offset '2026-11-02T10:00:00'"),
        (9, "invalid bytes '-1'"),
        (10, "unknown usage 'sidebar'"),
        (11, "invalid load_time_ms 'fast'"),
        (12, "duplicate event_id 'e1' (kept " + str(workspace.landing / "usage_events/2026/11/day.ndjson") + ":1)"),
        (13, "not a JSON object"),
    ]
    # 14 lines, one blank: 3 kept + 10 quarantined = 13 rows, none lost.
    raw = workspace.query("SELECT raw FROM rejected_rows WHERE line = 4")[0][0]
    assert raw == "{not json"
    metadata = result.asset_materializations_for_node("raw_usage_events")[0].metadata
    assert metadata["dagster/row_count"].value == 3
    assert metadata["rejected_rows"].value == 9
    assert metadata["duplicates_dropped"].value == 1
    ratio = check(result, "raw_usage_events_reject_ratio_below_threshold")
    assert not ratio.passed  # 9 of 12 rows rejected, far above 5 %
    assert ratio.metadata["reject_ratio"].value == 9 / 12



def test_only_json_objects_are_rows_and_their_values_are_read_as_text(workspace):
    workspace.land("usage_events", "day.ndjson", "\n".join([
        "  \t" + json.dumps(event("e1", "m1", "view", "2026-11-02T10:00:00Z")),  # JSON allows the indent
        " \u00a0 ",  # only spaces (a no-break space too): a blank line, not a row
        "\t",  # a tab is no space: a row, and not an object
        '"a string"',
        "42",
        "null",
        '{"event_id": 7, "media_id": 5, "event_type": "view", "timestamp": "2026-11-02T10:00:00Z",'
        ' "bytes": 1e3}',
        '{"event_id": 8, "media_id": {"id": "m1"}, "event_type": "view", "timestamp": "2026-11-02T10:00:00Z"}',
        '{"event_id": 9, "media_id": ["m1"], "event_type": "view", "timestamp": "2026-11-02T10:00:00Z"}',
    ]) + "\n")
    ingest(workspace)

    assert workspace.query("SELECT event_id, media_id, bytes FROM raw_usage_events ORDER BY source_line") == [
        ("e1", "m1", None), ("7", "5", 1000)]
    assert workspace.query("SELECT line, reason FROM rejected_rows ORDER BY line") == [
        (3, "not a JSON object"), (4, "not a JSON object"), (5, "not a JSON object"), (6, "not a JSON object"),
        (8, "media_id is not a single value"), (9, "media_id is not a single value")]

def test_fields_are_typed_and_the_day_follows_the_timestamp_offset(workspace):
    workspace.land("usage_events", "a.ndjson", MIXED)
    ingest(workspace)
    assert workspace.query(
        "SELECT event_id, CAST(ts AS VARCHAR), usage, load_time_ms, bytes FROM raw_usage_events ORDER BY ts, source_line"
    ) == [("e1", "2026-11-02 10:00:00+00", None, None, None),
          ("e2", "2026-11-02 10:00:00+00", None, None, None),
          ("e10", "2026-11-02 23:59:59+00", "attachment", 12.5, 2048)]


def test_a_row_belongs_to_its_timestamps_day_in_the_report_timezone(workspace):
    # 23:30 UTC on the 2nd is 00:30 on the 3rd in Berlin; the file name says nothing.
    workspace.land("usage_events", "2026-11-01.ndjson", [event("late", "m1", "view", "2026-11-02T23:30:00Z")])
    ingest(workspace, raw_usage_events, timezone="Europe/Berlin")
    assert workspace.query("SELECT count(*) FROM raw_usage_events WHERE day = $d", {"d": DAY}) == [(0,)]
    ingest(workspace, raw_usage_events, day="2026-11-03", timezone="Europe/Berlin")
    assert workspace.query("SELECT CAST(day AS VARCHAR), event_id FROM raw_usage_events") == [("2026-11-03", "late")]


def test_csv_and_parquet_land_like_ndjson(workspace):
    workspace.land("usage_events", "a.csv",
                   "event_id,media_id,event_type,timestamp,bytes\n"
                   "c1,m1,view,2026-11-02T10:00:00Z,10\n"
                   "c2,m1,view\n")
    path = workspace.landing / "usage_events" / "b.parquet"
    pl.DataFrame({"event_id": ["p1", "p2"], "media_id": ["m1", "m2"], "event_type": ["click", "share"],
                  "timestamp": ["2026-11-02T12:00:00Z", "2026-11-02T13:00:00+02:00"]}).write_parquet(path)
    ingest(workspace)
    assert workspace.query("SELECT event_id, bytes FROM raw_usage_events ORDER BY event_id") == [
        ("c1", 10), ("p1", None), ("p2", None)]
    assert workspace.query("SELECT line, reason FROM rejected_rows") == [(3, "not a JSON object")]


def test_the_same_file_landed_twice_counts_once(workspace):
    rows = [event("e1", "m1", "view", "2026-11-02T10:00:00Z"), event("e2", "m1", "view", "2026-11-02T11:00:00Z")]
    workspace.land("usage_events", "a.ndjson", rows)
    workspace.land("usage_events", "copy/a-again.ndjson", rows)
    ingest(workspace)
    assert workspace.query("SELECT count(*) FROM raw_usage_events") == [(2,)]
    assert workspace.query("SELECT count(*) FROM rejected_rows") == [(0,)]
    assert workspace.query("SELECT count(DISTINCT sha256), count(*) FROM landing_files") == [(1, 2)]


def test_rows_of_an_interrupted_staging_are_ignored_and_replaced(workspace):
    # Staging commits block by block: a run stopped half-way through a file leaves its first blocks
    # in the staging table without a landing_files record. Nothing reads them, and the file is
    # staged afresh on the next run, not on top of them.
    path = workspace.land("usage_events", "a.ndjson", [event("e1", "m1", "view", "2026-11-02T10:00:00Z"),
                                                       event("e2", "m1", "view", "2026-11-02T11:00:00Z")])
    ingest(workspace, day="2026-11-01")  # creates the warehouse; nothing on that day
    with workspace.connect(read_only=False) as con:
        con.execute("DELETE FROM landing_files")
        con.execute("INSERT INTO staged_usage_events (file_sha256, line, event_id, media_id, event_type, ts) "
                    "VALUES ($sha, 1, 'e1', 'm1', 'view', '2026-11-02 10:00:00+00')", {"sha": file_sha256(path)})
    ingest(workspace)
    assert workspace.query("SELECT event_id FROM raw_usage_events WHERE day = '2026-11-02' ORDER BY 1") == [
        ("e1",), ("e2",)]
    assert workspace.query("SELECT count(*) FROM rejected_rows") == [(0,)]
    assert workspace.query("SELECT count(*) FROM staged_usage_events") == [(2,)]


def test_a_corrected_file_replaces_its_earlier_rows(workspace):
    path = workspace.land("usage_events", "a.ndjson", [event("e1", "m1", "view", "2026-11-02T10:00:00Z"),
                                                       event("e2", "m1", "bad", "2026-11-02T10:00:00Z")])
    ingest(workspace)
    workspace.land("usage_events", "a.ndjson", [event("e1", "m1", "view", "2026-11-02T10:00:00Z"),
                                                event("e2", "m1", "click", "2026-11-02T10:00:00Z")])
    os.utime(path, ns=(1, 1))  # a different mtime, whatever the clock's resolution
    ingest(workspace)
    assert workspace.query("SELECT event_id, event_type FROM raw_usage_events ORDER BY 1") == [
        ("e1", "view"), ("e2", "click")]
    assert workspace.query("SELECT count(*) FROM rejected_rows") == [(0,)]
    assert workspace.query("SELECT count(*) FROM staged_usage_events") == [(2,)]


def test_an_unreadable_file_is_quarantined_and_the_others_still_land(workspace):
    workspace.land("usage_events", "good.ndjson.gz",
                   gzip.compress(json.dumps(event("e1", "m1", "view", "2026-11-02T10:00:00Z")).encode()))
    workspace.land("usage_events", "broken.ndjson.gz", b"\x1f\x8b\x08\x00garbage")
    workspace.land("usage_events", "notes.txt", "hello")
    ingest(workspace)
    assert workspace.query("SELECT event_id FROM raw_usage_events") == [("e1",)]
    reasons = dict(workspace.query("SELECT regexp_extract(file, '[^/]+$'), reason FROM rejected_rows WHERE line IS NULL"))
    assert set(reasons) == {"broken.ndjson.gz", "notes.txt"}
    assert reasons["notes.txt"].startswith("unsupported file type")
    assert reasons["broken.ndjson.gz"].startswith("cannot read broken.ndjson.gz")


def test_an_empty_landing_zone_builds_an_empty_day(workspace):
    result = ingest(workspace, raw_usage_events, media_inventory)
    assert workspace.query("SELECT count(*) FROM raw_usage_events") == [(0,)]
    assert check(result, "raw_usage_events_reject_ratio_below_threshold").passed


def test_inventory_snapshot_follows_created_and_deleted_dates(workspace):
    workspace.land("inventory", "export.ndjson", [
        item("old"),
        item("new", created_at="2026-11-03T08:00:00Z"),
        item("gone-before", deleted_at="2026-11-01T23:00:00Z"),
        item("gone-today", deleted_at="2026-11-02T09:00:00+02:00"),
        item("bad-size", size="big"),
        item("bad-date", created_at="2026-11-01"),
    ])
    result = ingest(workspace, media_inventory)
    assert workspace.query("SELECT media_id, is_deleted FROM media_inventory ORDER BY 1") == [
        ("gone-today", True), ("old", False)]
    assert workspace.query("SELECT line, reason FROM rejected_rows ORDER BY line") == [
        (5, "invalid size 'big'"), (6, "created_at without UTC offset '2026-11-01'")]
    assert check(result, "media_inventory_sizes_are_non_negative").passed
    assert not check(result, "media_inventory_reject_ratio_below_threshold").passed


def test_inventory_newest_export_wins_for_an_id_in_two_files(workspace):
    older = workspace.land("inventory", "a.ndjson", [item("m1", title="Old title"), item("m2")])
    newer = workspace.land("inventory", "b.ndjson", [item("m1", title="New title")])
    os.utime(older, ns=(1_000_000_000, 1_000_000_000))
    os.utime(newer, ns=(2_000_000_000, 2_000_000_000))
    result = ingest(workspace, media_inventory)
    assert workspace.query("SELECT media_id, title FROM media_inventory ORDER BY 1") == [
        ("m1", "New title"), ("m2", "m2")]
    assert result.asset_materializations_for_node("media_inventory")[0].metadata["superseded_rows"].value == 1


def test_inventory_renditions_and_references_are_summed(workspace):
    workspace.land("inventory", "export.ndjson", [item(
        "m1",
        renditions=[{"name": "thumbnail", "path": "a-150.jpg", "width": 150, "height": 100, "size": 120},
                    {"name": "medium", "path": "a-300.jpg", "width": 300, "height": 200, "size": 380}],
        usage_locations=[{"type": "post", "id": "1", "status": "publish"},
                         {"type": "post", "id": "2", "status": "draft"},
                         {"type": "page", "id": "3", "status": "trash"}],
        display_widths=[300, 1200, 640],
    )])
    ingest(workspace, media_inventory)
    assert workspace.query(
        "SELECT rendition_count, rendition_bytes, live_reference_count, max_display_width FROM media_inventory"
    ) == [(2, 500, 2, 1200)]
