"""Properties of the segment, view and retention SQL over random valid sessions, against a naive
event-by-event Python reference of the same rules (an independent method, written for clarity).

Rows go straight into raw_player_events of an in-memory DuckDB session holding the warehouse's
tables (the schema files and macros; the SQL, not the storage, is under test: the lakehouse's
catalog round trips would make the 60 examples take minutes) and the tables are written with the
functions the assets call (rung 2: no Dagster run per example)."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import duckdb

from assets.shared.sqlfiles import load_sql, schema_sql
from assets.shared.warehouse import WriterLock, register, unregister
from assets.video.assets import write_retention, write_segments, write_session_events, write_views

DAY = date(2026, 11, 2)
NOON = datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc)
BUCKET = 10
CLOSES = ("pause", "seek", "stop", "ended")
# the tie-break of equal timestamps the SQL states: load, closes, buffer/quality, play, error
RANK = {"load": 0, "pause": 1, "seek": 1, "stop": 1, "ended": 1, "play": 3, "error": 4}


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute(load_sql("macros"))
    for statements in schema_sql():
        connection.execute(statements)
    register(connection, WriterLock(None))
    yield connection
    unregister(connection)
    connection.close()


position = st.floats(min_value=0, max_value=70, allow_nan=False).map(lambda x: round(x, 3))
step = st.one_of(
    st.tuples(st.sampled_from(["play", "pause", "stop", "ended", "buffer_start", "quality_change"]), position),
    st.tuples(st.just("seek"), st.tuples(position, position)),
)
session = st.tuples(
    st.sampled_from(["m1", "m2"]),
    st.lists(st.tuples(step, st.sampled_from([0, 0.2, 0.5, 1, 3, 7.5, 20])), min_size=1, max_size=12),
)
durations = st.fixed_dictionaries({"m1": st.sampled_from([None, 30.0, 45.5, 61.0]),
                                   "m2": st.sampled_from([None, 12.0, 60.0])})


def events_of(sessions, durations) -> list[dict]:
    rows = []
    for n, (media_id, steps) in enumerate(sessions):
        t = n * 1000.0
        for i, ((event_type, where), gap) in enumerate(steps):
            t += gap
            row = {"event_id": f"{n:02d}-{i:02d}", "media_id": media_id, "event_type": event_type,
                   "ts": NOON + timedelta(seconds=t), "session_id": f"s{n}", "duration": durations[media_id],
                   "position": where, "from_position": None, "to_position": None}
            if event_type == "seek":
                row.update(position=where[1], from_position=where[0], to_position=where[1])
            rows.append(row)
    return rows


def naive_segments(events: list[dict], duration: float) -> list[tuple[float, float]]:
    """The rules of video_watch_segments.sql, one event at a time."""
    segments, open_at, prev_control, seek_to, last_position = [], None, None, None, None
    for e in sorted(events, key=lambda e: (e["ts"], RANK.get(e["event_type"], 2), e["event_id"])):
        kind = e["event_type"]
        if e["position"] is not None:
            last_position = e["position"]
        if kind == "play":
            open_at = seek_to if prev_control == "seek" else e["position"]  # replaces an open one
        elif kind in CLOSES and open_at is not None:
            segments.append((open_at, e["from_position"] if kind == "seek" else e["position"]))
            open_at = None
        if kind == "play" or kind in CLOSES:
            prev_control, seek_to = kind, e["to_position"]
    if open_at is not None:
        segments.append((open_at, last_position))
    clamped = [(min(s, duration), min(end, duration)) for s, end in segments]
    return [(s, end) for s, end in clamped if end - s >= 0.25]


def naive_duration(events: list[dict]) -> float:
    reported = [e["duration"] for e in events if e["duration"]]
    if reported:
        return reported[0]
    return max(max(p for p in (e["position"], e["from_position"], e["to_position"]) if p is not None)
               for e in events)


def load(con, rows: list[dict]) -> None:
    con.execute("DELETE FROM raw_player_events")
    frame = pl.DataFrame(rows, schema={
        "event_id": pl.String, "media_id": pl.String, "event_type": pl.String,
        "ts": pl.Datetime("us", "UTC"), "session_id": pl.String, "duration": pl.Float64,
        "position": pl.Float64, "from_position": pl.Float64, "to_position": pl.Float64})
    con.register("incoming", frame.to_arrow())
    con.execute("INSERT INTO raw_player_events BY NAME SELECT $day AS day, *, 'props' AS source_file, "
                "0 AS source_line FROM incoming", {"day": DAY})
    con.unregister("incoming")
    write_session_events(con, DAY, "UTC")
    write_segments(con, DAY, "UTC")
    write_views(con, DAY, "UTC")
    write_retention(con, DAY, "UTC", BUCKET)


@settings(max_examples=60, deadline=None)
@given(sessions=st.lists(session, min_size=1, max_size=4), durations=durations)
def test_segments_views_and_retention_agree_with_a_naive_reference(con, sessions, durations):
    rows = events_of(sessions, durations)
    load(con, rows)

    by_media = {m: [r for r in rows if r["media_id"] == m] for m in {r["media_id"] for r in rows}}
    expected = {}
    for n in range(len(sessions)):
        mine = [r for r in rows if r["session_id"] == f"s{n}"]
        expected[f"s{n}"] = naive_segments(mine, naive_duration(by_media[mine[0]["media_id"]]))
    actual = {f"s{n}": [] for n in range(len(sessions))}
    for session_id, start, end in con.execute(
            "SELECT session_id, segment_start, segment_end FROM video_watch_segments WHERE day = $d "
            "ORDER BY session_id, segment_number", {"d": DAY}).fetchall():
        actual[session_id].append((start, end))
    assert actual == {k: [pytest.approx(s) for s in v] for k, v in expected.items()}

    for watched, unique in con.execute("SELECT watched_seconds, unique_seconds FROM video_views").fetchall():
        assert 0 <= unique <= watched + 1e-9

    views = {k: v for k, v in expected.items() if sum(end - s for s, end in v) >= 1}
    retention = con.execute("SELECT media_id, bucket, views, viewers, retention FROM video_retention").fetchall()
    for media_id, bucket, n_views, viewers, share in retention:
        assert 0 <= share <= 1
        watching = [k for k, segs in views.items()
                    if sessions[int(k[1:])][0] == media_id
                    and any(bucket * BUCKET < end and (bucket + 1) * BUCKET > s for s, end in segs)]
        assert viewers == len(watching)
        assert share == pytest.approx(len(watching) / n_views)
    media_with_views = {sessions[int(k[1:])][0] for k in views}
    assert {m for m, *_ in retention} == media_with_views
    for media_id in media_with_views:
        buckets = max(1, math.ceil(naive_duration(by_media[media_id]) / BUCKET))
        assert sorted(b for m, b, *_ in retention if m == media_id) == list(range(buckets))
