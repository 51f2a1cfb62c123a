"""Player-event validation, video_views, daily_video_engagement and video_retention against figures
worked out by hand from a small day.

The day: a 40 s video "talk" with five sessions and a 600 s audio "lecture" with one.
  S1 (user u1, desktop, DE)  load 0, play 2 @0 (720p), buffer 6..8 @4, quality_change 10 @6 (1080p),
                             pause 16 @12, play 20 @12, seek 25 17→5, play 25.5 (stale @17), stop 40.5 @20
                             segments [0,12] [12,17] [5,20]: watched 32, unique 20, furthest 20
  S2 (session b, iPhone, FR) load 100, play 101 @0 (480p), pause 131 @30, play 140 @30, ended 150 @40
                             segments [0,30] [30,40]: watched 40, completed and finished
  S3 (user u1 again)         play 200 @0, pause 200.5 @0.5: 0.5 s, not a view
  S4 (session d)             load 300, error 301: never played
  S5 (session e, iPad)       play 400 @0, play 401 @1 (replaces it), seek 410 10→35, play 410.5 (→35),
                             buffer_start 414 @37.5 and nothing more (tab closed)
                             segments [1,10] [35,37.5] (session_end): watched 11.5
  lecture (audio)            play 0 @0, seek 1 1→580, play 1.1, stop 11 @590: furthest 590
"""

import json
import math
import shutil
from datetime import date

import dagster as dg
import pytest

from assets.ingest.assets import media_inventory
from assets.shared.sqlfiles import run_sql
from assets.video.report import load_video_report, rank_dropoffs
from assets.video.assets import (
    daily_video_engagement,
    raw_player_events,
    video_retention,
    video_session_events,
    video_views,
    video_watch_segments,
)
from conftest import Workspace, item
from player_sessions import DAY, DESKTOP, IPAD, IPHONE, Session, player_event

VIDEO_ASSETS = [media_inventory, raw_player_events, video_session_events, video_watch_segments, video_views, daily_video_engagement,
                video_retention]


def talk_sessions() -> list[Session]:
    s1 = (Session("talk", user_id="u1", session_id="a", duration=40.0, quality="720p", user_agent=DESKTOP,
                  country="de")
          .at("load", 0, 0).at("play", 2, 0).at("buffer_start", 6, 4).at("buffer_end", 8, 4)
          .at("quality_change", 10, 6, quality="1080p").at("pause", 16, 12, quality="1080p")
          .at("play", 20, 12, quality="1080p").seek(25, 17, 5, quality="1080p")
          .at("play", 25.5, 17, quality="1080p").at("stop", 40.5, 20, quality="1080p"))
    s2 = (Session("talk", session_id="b", duration=40.0, quality="480p", user_agent=IPHONE, country="FR")
          .at("load", 100, 0).at("play", 101, 0).at("pause", 131, 30).at("play", 140, 30).at("ended", 150, 40))
    s3 = (Session("talk", user_id="u1", session_id="c", duration=40.0, quality="720p", user_agent=DESKTOP)
          .at("play", 200, 0).at("pause", 200.5, 0.5))
    s4 = Session("talk", session_id="d", duration=40.0, user_agent=DESKTOP).at("load", 300, 0).at("error", 301)
    s5 = (Session("talk", session_id="e", duration=40.0, quality="720p", user_agent=IPAD)
          .at("play", 400, 0).at("play", 401, 1).seek(410, 10, 35).at("play", 410.5, 10)
          .at("buffer_start", 414, 37.5))
    lecture = (Session("lecture", session_id="f", duration=600.0, user_agent=DESKTOP)
               .at("play", 0, 0).seek(1, 1, 580).at("play", 1.1, 1).at("stop", 11, 590))
    return [s1, s2, s3, s4, s5, lecture]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Workspace:
    workspace = Workspace(tmp_path_factory.mktemp("video"))
    workspace.land("inventory", "export.ndjson", [
        item("talk", filename="talk.mp4", mime_type="video/mp4"),
        item("lecture", filename="lecture.mp3", mime_type="audio/mpeg"),
    ])
    workspace.land("player_events", "2026/11/02.ndjson", [e for s in talk_sessions() for e in s.events])
    result = dg.materialize(VIDEO_ASSETS, partition_key=DAY, resources=workspace.resources())
    assert result.success
    workspace.result = result
    return workspace


def row(workspace: Workspace, table: str, where: str, params: dict) -> dict:
    rows = workspace.query(f"SELECT * FROM {table} WHERE day = $day AND {where}", {**params, "day": DAY})
    assert len(rows) == 1
    columns = [r[0] for r in workspace.query(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND table_name = $t ORDER BY column_index", {"t": table})]
    return dict(zip(columns, rows[0]))


def test_invalid_player_events_are_quarantined_each_with_its_reason(workspace):
    rows = [
        player_event("ok", "play"),
        player_event("error-without-position", "error", position=None),
        player_event("nan-duration", "pause", duration=math.nan),
        player_event("unknown", "fullscreen"),
        player_event("negative", "play", position=-3.5),
        player_event("nan", "pause", position=math.nan),
        player_event("infinite", "pause", position="Infinity"),
        player_event("over-10h", "pause", position=36000.5),
        player_event("seek-half", "seek", from_position=3.0, position=None),
        player_event("no-position", "play", position=None),
        player_event("no-offset", "play", timestamp="2026-11-02T10:00:00"),
        player_event("anonymous", "play", session_id=None),
        player_event("bad-from", "seek", from_position=-1, to_position=4),
        player_event("bad-duration", "play", duration="long"),
        # a browser's seeked event: the position left and the current time it landed on
        player_event("seek-landed", "seek", from_position=3.0, position=1.0),
        player_event("seek-to-only", "seek", to_position=4.0, position=None),
    ]
    workspace.land("player_events", "day.ndjson", "".join(json.dumps(r) + "\n" for r in rows))
    workspace.land("player_events", "day.csv", "event_id,media_id,event_type,timestamp,position,from_position,"
                   "to_position,duration,session_id\ncsv-seek,v1,seek,2026-11-02T10:00:05Z,9,3,9,60,s1\n")
    result = dg.materialize([raw_player_events], partition_key=DAY, resources=workspace.resources())
    assert result.success
    assert workspace.query("SELECT event_id, duration FROM raw_player_events ORDER BY event_id") == [
        ("csv-seek", 60.0), ("error-without-position", 60.0), ("nan-duration", None), ("ok", 60.0),
        ("seek-landed", 60.0)]
    assert workspace.query("SELECT from_position, to_position, position FROM raw_player_events "
                           "WHERE event_id = 'seek-landed'") == [(3.0, 1.0, 1.0)]  # to_position derived
    assert workspace.query(
        "SELECT line, reason FROM rejected_rows WHERE source = 'player_events' ORDER BY line") == [
        (4, "unknown event_type 'fullscreen'"),
        (5, "negative position '-3.5'"),
        (6, "position not a finite number 'NaN'"),
        (7, "position not a finite number 'Infinity'"),
        (8, "position over 10 h '36000.5'"),
        (9, "seek without to_position or position (where it landed)"),
        (10, "missing position on play"),
        (11, "timestamp without UTC offset '2026-11-02T10:00:00'"),
        (12, "missing session_id and user_id"),
        (13, "negative from_position '-1'"),
        (14, "invalid duration 'long'"),
        (16, "seek without from_position (the position left)"),
    ]
    ratio = next(e for e in result.get_asset_check_evaluations()
                 if e.check_name == "raw_player_events_reject_ratio_below_threshold")
    assert not ratio.passed and ratio.metadata["reject_ratio"].value == 12 / 17


def test_a_view_has_its_watch_time_completion_startup_buffering_quality_and_device(built):
    v = row(built, "video_views", "session_id = 'a'", {})
    assert (v["media_type"], v["viewer_id"], v["is_view"]) == ("video", "u:u1", True)
    assert (v["watched_seconds"], v["unique_seconds"], v["furthest_position"]) == (32, 20, 20)
    assert (v["completed"], v["finished"]) == (False, False)
    assert (v["startup_seconds"], v["buffering_seconds"], v["buffer_events"], v["quality_changes"]) == (2, 2, 1, 1)
    # 720p from 0 to 6 (the quality_change), 1080p for 6..12, 12..17 and 5..20
    assert v["quality_seconds"] == {"1080p": pytest.approx(26), "720p": pytest.approx(6)}
    assert (v["seeks_backward"], v["seconds_rewound"], v["plays"], v["pauses"]) == (1, 12, 3, 1)
    assert (v["device_type"], v["os"], v["browser"], v["country"]) == ("desktop", "Windows", "Chrome", "DE")


def test_sessions_that_never_reach_one_second_are_not_views(built):
    assert row(built, "video_views", "session_id = 'c'", {})["is_view"] is False
    never = row(built, "video_views", "session_id = 'd'", {})
    assert (never["is_view"], never["watched_seconds"], never["errors"], never["startup_seconds"]) == (False, 0, 1, None)


def test_a_closed_tab_and_a_repeated_play_are_counted_on_the_view(built):
    v = row(built, "video_views", "session_id = 'e'", {})
    assert built.query("SELECT segment_start, segment_end, ended_by FROM video_watch_segments "
                       "WHERE session_id = 'e' ORDER BY segment_number") == [(1, 10, "seek"), (35, 37.5, "session_end")]
    assert (v["watched_seconds"], v["replaced_plays"], v["session_end_closes"]) == (11.5, 1, 1)
    assert (v["seeks_forward"], v["seconds_skipped"], v["buffering_seconds"]) == (1, 25, 0)
    assert (v["device_type"], v["country"]) == ("tablet", None)
    assert v["quality_seconds"] == {"720p": pytest.approx(11.5)}  # the replaced play's second is not counted


def test_completion_and_finish_use_their_own_thresholds(built):
    # 600 s: completed from 600 - min(30, 30) = 570 (edX), finished from 598 (Matomo); furthest 590
    v = row(built, "video_views", "media_id = 'lecture'", {})
    assert (v["media_type"], v["furthest_position"], v["completed"], v["finished"]) == ("audio", 590, True, False)
    assert v["quality_seconds"] is None


def test_engagement_per_video(built):
    e = row(built, "daily_video_engagement", "media_id = 'talk'", {})
    assert (e["sessions"], e["views"], e["unique_viewers"]) == (5, 3, 3)
    assert (e["watch_seconds"], e["unique_seconds"]) == (pytest.approx(83.5), pytest.approx(71.5))
    assert e["avg_view_seconds"] == pytest.approx(83.5 / 3)
    assert (e["completed_views"], e["completion_rate"], e["finished_views"], e["finish_rate"]) == (1, 1 / 3, 1, 1 / 3)
    assert e["avg_startup_seconds"] == pytest.approx((2 + 1) / 2)  # S1 and S2 loaded before playing
    assert (e["buffering_seconds"], e["buffer_events"]) == (2, 2)
    assert e["buffering_rate"] == pytest.approx(2 / 83.5)
    assert e["buffer_events_per_minute"] == pytest.approx(2 / (83.5 / 60))
    assert e["quality_share"] == {"1080p": pytest.approx(26 / 83.5), "480p": pytest.approx(40 / 83.5),
                                  "720p": pytest.approx(17.5 / 83.5)}
    assert (e["seeks_forward"], e["seeks_backward"], e["seconds_skipped"], e["seconds_rewound"]) == (1, 1, 25, 12)
    assert e["device_views"] == {"desktop": 1, "mobile": 1, "tablet": 1}
    assert e["country_views"] == {"DE": 1, "FR": 1, "unknown": 1}
    assert (e["errors"], e["replaced_plays"], e["session_end_closes"]) == (1, 1, 1)


def test_an_audio_item_has_the_same_figures_and_no_quality(built):
    e = row(built, "daily_video_engagement", "media_id = 'lecture'", {})
    assert (e["media_type"], e["views"], e["watch_seconds"], e["completion_rate"], e["finish_rate"]) == (
        "audio", 1, 11, 1.0, 0.0)
    assert e["quality_share"] is None


def test_retention_dropoff_and_heatmap_per_bucket(built):
    rows = built.query(
        "SELECT bucket, bucket_start, bucket_end, views, viewers, retention, watched_seconds, rewatches, dropoffs, "
        "dropoff_rank, plays, pauses, seeks, intensity FROM video_retention "
        "WHERE media_id = 'talk' ORDER BY bucket")
    assert rows == [
        # S1 twice over 0..10 and 10..20; plays: S1 (0, and 5 after the seek), S2, S3 (not a view), S5
        (0, 0, 10, 3, 3, 1.0, pytest.approx(34), 1, 0, None, 5, 1, 0, "high"),
        (1, 10, 20, 3, 2, 2 / 3, pytest.approx(27), 1, 0, None, 1, 1, 2, "high"),
        # S1's furthest position, 20, is in 20..30; S2 finished, S5 left in 30..40 (tie: earlier first)
        (2, 20, 30, 3, 1, 1 / 3, pytest.approx(10), 0, 1, 1, 0, 0, 0, "low"),
        (3, 30, 40, 3, 2, 2 / 3, pytest.approx(12.5), 0, 1, 2, 2, 1, 0, "medium"),
    ]


def test_the_bucket_size_is_a_setting(built, tmp_path):
    copy = Workspace(tmp_path)
    shutil.copytree(built.warehouse_dir, copy.warehouse_dir)
    assert dg.materialize([video_retention], partition_key=DAY,
                          resources=copy.resources(retention_bucket_seconds=20)).success
    assert copy.query("SELECT bucket_start, bucket_end, viewers, bucket_seconds FROM video_retention "
                      "WHERE media_id = 'talk' ORDER BY bucket") == [(0, 20, 3, 20), (20, 40, 2, 20)]


def test_every_video_table_is_built_with_its_checks_passing(built):
    evaluations = built.result.get_asset_check_evaluations()
    assert evaluations and all(e.passed for e in evaluations), [e.check_name for e in evaluations if not e.passed]


def test_every_video_column_is_documented(built):
    # as the Dagster UI's column schema reads them (a view's written in column_comments.sql)
    tables = ("staged_player_events", "raw_player_events", "video_watch_segments", "video_views",
              "daily_video_engagement", "video_retention")
    with built.connect() as con:
        columns = {table: run_sql(con, "column_comments", {"table": table}).fetchall() for table in tables}
    assert all(columns.values())
    assert [(table, name) for table, rows in columns.items() for name, _, comment in rows if not comment] == []


def test_the_report_section_sums_the_day_and_calls_out_drop_offs(built):
    with built.connect() as con:
        videos = load_video_report(con, date.fromisoformat(DAY))
    # views: talk S1, S2, S5 and the lecture; completed: S2 and the lecture; finished: S2
    assert (videos.views, videos.unique_viewers) == (4, 4)
    assert videos.watch_seconds == pytest.approx(83.5 + 11)
    assert (videos.completion_rate, videos.finish_rate) == (2 / 4, 1 / 4)
    assert [(m.media_id, m.views) for m in videos.most_watched] == [("talk", 3), ("lecture", 1)]
    assert [(c.media_id, len(c.retention)) for c in videos.retention_curves] == [("talk", 4), ("lecture", 60)]
    # the lecture's only view left at 590 s, one of the talk's three in 0:20..0:30: neither item has
    # the 10 playback views a drop-off callout needs
    assert videos.dropoffs == []


def test_drop_offs_are_called_out_above_a_minimum_of_views_most_viewers_lost_first():
    def row(media_id, views, share, lost):
        return {"media_id": media_id, "filename": f"{media_id}.mp4", "views": views, "dropoff_start": 40.0,
                "dropoff_end": 50.0, "dropoff_share": share, "dropoffs": lost}
    timeline = [row("podcast", 5, 0.8, 4), row("song", 12, 0.5, 6), row("talk", 50, 0.42, 21),
                row("finished", 30, None, None)]
    # the 5-view podcast's 80 % is four people: left out; the talk lost 21 viewers, the song 6
    assert [(d.media_id, d.dropoffs) for d in rank_dropoffs(timeline)] == [("talk", 21), ("song", 6)]
    assert [d.media_id for d in rank_dropoffs(timeline, min_views=1)] == ["talk", "song", "podcast"]
