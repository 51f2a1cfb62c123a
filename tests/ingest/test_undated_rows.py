"""Every rejected row reaches a day that is built: rows with no usable timestamp, timestamps no build
reads, unreadable files, and the rows before a cut in a truncated file (issue 15, items 6 and 7)."""

import contextlib
import gzip
import io
import json
import zlib

import dagster as dg
import polars as pl
import pytest
from isal import igzip

from assets.ingest.assets import raw_usage_events
from assets.ingest.readers import PIECE_BYTES
from conftest import event

DAY = "2026-11-02"


def build(workspace, day=DAY):
    result = dg.materialize([raw_usage_events], partition_key=day, resources=workspace.resources(),
                            raise_on_error=False)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return result


def check(result):
    return next(e for e in result.get_asset_check_evaluations()
                if e.check_name == "raw_usage_events_reject_ratio_below_threshold")


def isal_before_the_damage(data: bytes) -> bytes:
    """What ISA-L gives of a damaged gzip in the ingest's 4 MB pieces before it raises."""
    out = b""
    with contextlib.suppress(EOFError), igzip.open(io.BytesIO(data)) as handle:
        while piece := handle.read1(PIECE_BYTES):
            out += piece
    return out


def quarantined(workspace, name):
    return workspace.query("SELECT day, line, reason FROM rejected_rows WHERE file LIKE '%/' || $n ORDER BY line",
                           {"n": name})


def test_files_without_a_usable_timestamp_are_quarantined_on_the_day_being_built(workspace):
    workspace.land("usage_events", "blob.ndjson", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8\xff\n")
    workspace.land("usage_events", "no-ts.csv", "event_id,media_id,event_type\ne1,m1,view\ne2,m1,view\n")
    workspace.land("usage_events", "short-header.csv", "event_id,media_id\ne3,m1,view,2026-11-02T10:00:00Z\n")
    pl.DataFrame({"event_id": ["e4", "e5"], "media_id": ["m1", "m1"], "event_type": ["view", "view"],
                  "timestamp": [1793527200, 1793527260]}).write_parquet(workspace.landing / "usage_events/int.parquet")
    workspace.land("usage_events", "unreadable.ndjson.gz", b"\x1f\x8b\x08\x00garbage")
    workspace.land("usage_events", "good.ndjson", [event("e9", "m1", "view", "2026-11-03T10:00:00Z")])
    result = build(workspace)

    on_day = lambda rows: [(str(d), line, reason) for d, line, reason in rows]  # noqa: E731
    assert on_day(quarantined(workspace, "blob.ndjson")) == [
        (DAY, 1, "not a JSON object"), (DAY, 2, "not a JSON object"), (DAY, 3, "not a JSON object")]
    assert on_day(quarantined(workspace, "no-ts.csv")) == [(DAY, 2, "missing timestamp"), (DAY, 3, "missing timestamp")]
    assert on_day(quarantined(workspace, "short-header.csv")) == [(DAY, 2, "not a JSON object")]
    assert on_day(quarantined(workspace, "int.parquet")) == [
        (DAY, 1, "unparseable timestamp '1793527200'"), (DAY, 2, "unparseable timestamp '1793527260'")]
    [(unreadable_day, line, reason)] = quarantined(workspace, "unreadable.ndjson.gz")
    assert (str(unreadable_day), line) == (DAY, None) and reason.startswith("cannot read unreadable.ndjson.gz")
    # 8 rows and 1 file, all counted by the day's check; the valid row of good.ndjson is on its own day
    assert check(result).metadata["rejected"].value == 9
    assert not check(result).passed
    # No rejected row of any file is left without a day.
    assert workspace.query("SELECT sum(rows_rejected) FROM landing_files") == [(8,)]
    assert workspace.query("SELECT count(*) FROM rejected_rows WHERE line IS NOT NULL AND day IS NOT NULL") == [(8,)]
    # Building another day later does not move them: a file's landed_day is kept.
    build(workspace, day="2026-11-03")
    assert workspace.query("SELECT count(*) FROM rejected_rows WHERE day = '2026-11-02'") == [(9,)]
    assert workspace.query("SELECT event_id FROM raw_usage_events") == [("e9",)]


def test_timestamps_on_no_buildable_day_are_rejected_with_their_reason(workspace):
    stamps = ["0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "10000-01-01T00:00:00Z",
              "2099-06-01T12:00:00+02:00", "2024-12-31T23:59:59Z"]
    workspace.land("usage_events", "odd.ndjson", [
        event("ok1", "m1", "view", "2026-11-02T08:00:00Z"), event("ok2", "m1", "view", "2026-11-02T09:00:00Z"),
        *[event(f"bad{n}", "m1", "view", stamp) for n, stamp in enumerate(stamps)],
        event("ok3", "m1", "view", "2026-11-02T10:00:00Z"),
    ])
    build(workspace)
    assert workspace.query("SELECT event_id FROM raw_usage_events ORDER BY event_id") == [("ok1",), ("ok2",), ("ok3",)]
    rows = quarantined(workspace, "odd.ndjson")
    assert [(str(day), line) for day, line, _ in rows] == [(DAY, n) for n in range(3, 9)]
    assert [reason.split(" '")[0] for _, _, reason in rows] == [
        "timestamp before PARTITIONS_START", "timestamp before PARTITIONS_START", "timestamp in the future",
        "timestamp in the future", "timestamp in the future", "timestamp before PARTITIONS_START"]


@pytest.mark.parametrize("events", [422, 70_000])
def test_a_gzip_cut_short_keeps_the_rows_before_the_cut_and_fails_the_check(workspace, events):
    """422 events: ISA-L gives nothing before the damage, Python's gzip reads it all. 70,000 events
    (7.5 MB of text): ISA-L gives its first 4 MB pieces, then Python's gzip the rest up to the cut."""
    rows = [event(f"e{n:06d}", "m1", "view", f"2026-11-02T{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z",
                  page_url="/p" * 20) for n in range(events)]
    whole = gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode())
    cut = whole[: len(whole) * 2 // 3]
    workspace.land("usage_events", "day.ndjson.gz", cut)
    # What can be read before the cut, worked out with zlib directly: its whole lines.
    readable = zlib.decompressobj(wbits=31).decompress(cut)
    complete = readable.count(b"\n")
    assert events // 4 < complete < events
    if events > 422:  # the hand-over is exercised: ISA-L alone stops earlier than zlib
        assert 0 < len(isal_before_the_damage(cut)) < len(readable)

    result = build(workspace)
    assert workspace.query("SELECT count(*), min(event_id), max(event_id) FROM raw_usage_events") == [
        (complete, "e000000", f"e{complete - 1:06d}")]
    [(day, line, reason)] = quarantined(workspace, "day.ndjson.gz")
    assert (str(day), line) == (DAY, complete + 1)
    assert reason == f"file cut short at line {complete + 1}: Compressed file ended before the end-of-stream marker was reached"
    assert workspace.query("SELECT raw FROM rejected_rows") == [(readable[readable.rfind(b'\n') + 1:].decode(),)]
    ratio = check(result)
    assert not ratio.passed and ratio.metadata["files_cut_short"].value == 1
    metadata = result.asset_materializations_for_node("raw_usage_events")[0].metadata
    assert metadata["rejected_rows"].value == 1
