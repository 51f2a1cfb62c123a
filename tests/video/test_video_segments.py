"""video_watch_segments against segments worked out by hand, one session per rule.

Every session is a different media item on 2026-11-02 (UTC), all landed at once and built once:
raw_player_events for the day before, the day and the day after, then the segments of each day.
"""

from datetime import datetime, timezone

import dagster as dg
import pytest

from assets.video.assets import raw_player_events, video_session_events, video_views, video_watch_segments
from conftest import Workspace
from player_sessions import DAY, Session

LATE = datetime(2026, 11, 2, 23, 59, 0, tzinfo=timezone.utc)
EARLY_LATE = datetime(2026, 11, 1, 23, 59, 50, tzinfo=timezone.utc)


def sessions() -> list[Session]:
    return [
        # Seek back: the seek closes at its from_position; the play after it reports a stale
        # position (10) but starts at the seek's to_position (5).
        Session("seek-back", session_id="a").at("play", 0, 0).seek(10, 10, 5).at("play", 10.5, 10)
        .at("pause", 20.5, 15),
        # Seek forward, with buffering between the seek and the play; only a user_id is sent.
        Session("seek-forward", user_id="u1").at("play", 0, 0).seek(5, 5, 30)
        .at("buffer_start", 5.1, 30).at("buffer_end", 5.15, 30).at("play", 5.2, 5).at("stop", 15.2, 40),
        # A seek while paused still moves where the next play starts.
        Session("seek-paused", session_id="a").at("play", 0, 0).at("pause", 5, 5).seek(7, 5, 20)
        .at("play", 8, 5).at("pause", 13, 25),
        # Double play: the last play wins, the first opens nothing.
        Session("double-play", session_id="a").at("play", 0, 0).at("play", 3, 3).at("pause", 10, 10),
        # Tab closed while playing: closed at the last known position (the quality_change).
        Session("open-at-end", session_id="a").at("load", 0, 0).at("play", 1, 0).at("buffer_start", 9, 8)
        .at("buffer_end", 11, 8).at("quality_change", 20, 17, quality="1080p"),
        # Closes with nothing open are ignored: the pause before any play, the stop after a pause.
        Session("ignored-closes", session_id="a").at("pause", 0, 0).at("play", 1, 0).at("pause", 11, 10)
        .at("stop", 12, 10),
        # Zero and sub-0.25 s segments and an inverted one are dropped; exactly 0.25 s is kept.
        Session("short", session_id="a").at("play", 0, 0).at("pause", 0.1, 0.1)
        .at("play", 5, 1).at("pause", 5.2, 1)
        .at("play", 6, 1).at("pause", 6.25, 1.25)
        .at("play", 10, 2).at("pause", 10.1, 1.5),
        # Positions past the 30 s duration: clamped (and flagged); wholly past it: dropped.
        Session("clamp", session_id="a", duration=30.0).at("play", 0, 20).at("pause", 15, 35)
        .at("play", 20, 31).at("pause", 22, 33),
        # No duration at all: inferred from the furthest position (50).
        Session("no-duration", session_id="a", duration=None).at("play", 0, 0).at("pause", 20, 20)
        .at("play", 30, 20).seek(35, 25, 40).at("play", 35.5, 40).at("pause", 45, 50),
        # Equal timestamps: pause and play at t=10 sort pause first (then play), whatever the file says.
        Session("tie", session_id="a").at("play", 0, 0).at("play", 10, 10).at("pause", 10, 10)
        .at("pause", 20, 20),
        # 30 s of media in 5 s of wall clock: kept, flagged implausible.
        Session("fast", session_id="a").at("play", 0, 0).at("pause", 5, 30),
        # Starts at 23:59 and ends after midnight: all of it belongs to the 2nd.
        Session("midnight", session_id="a", start=LATE, duration=300.0).at("load", 0, 0).at("play", 10, 0)
        .at("pause", 130, 120).at("play", 180, 120).at("stop", 240, 180),
        # Starts on the 1st and runs into the 2nd: none of it belongs to the 2nd.
        Session("from-yesterday", session_id="a", start=EARLY_LATE).at("play", 0, 0).at("pause", 40, 40),
        # A seek sent as real players log it, an old and a new time and no position: valid, its
        # position is to_position (30), where the next play starts despite its stale 10.
        Session("seek-without-position", session_id="a").at("play", 0, 0)
        .at("seek", 10, None, from_position=10, to_position=30).at("play", 10.5, 10).at("pause", 20.5, 40),
        # Two users behind one session id (a shared browser): u1 plays 0-20, u2 plays 0-30 meanwhile.
        # Mixed, u2's play would replace u1's, u1's pause close it at 20 and u2's pause close nothing.
        Session("shared-session", session_id="shared").at("play", 0, 0, user_id="u1")
        .at("play", 5, 0, user_id="u2").at("pause", 20, 20, user_id="u1").at("pause", 35, 30, user_id="u2"),
        # The player sent the user id from the play on: the load before it is the same viewer's.
        Session("signed-in-late", session_id="b").at("load", 0, 0).at("play", 1, 0, user_id="u3")
        .at("pause", 11, 10, user_id="u3"),
    ]


def out_of_order_session() -> list[dict]:
    """play/pause/play/pause written to the file in scrambled order."""
    s = Session("out-of-order", session_id="a").at("play", 0, 0).at("pause", 10, 10).at("play", 20, 10) \
        .at("pause", 30, 20)
    first, second, third, fourth = s.events
    return [fourth, first, third, second]


def duplicated_session() -> list[dict]:
    """Each event sent twice, the repeat a few lines later."""
    s = Session("duplicates", session_id="a").at("play", 0, 0).at("pause", 5, 5)
    play, pause = s.events
    return [play, pause, dict(play), dict(pause)]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Workspace:
    workspace = Workspace(tmp_path_factory.mktemp("segments"))
    events = [e for s in sessions() for e in s.events] + out_of_order_session() + duplicated_session()
    workspace.land("player_events", "day.ndjson", events)
    for day in ("2026-11-01", "2026-11-03"):
        result = dg.materialize([raw_player_events], partition_key=day, resources=workspace.resources())
        assert result.success
    result = dg.materialize([raw_player_events, video_session_events, video_watch_segments, video_views], partition_key=DAY,
                            resources=workspace.resources())
    assert result.success
    for day in ("2026-11-01", "2026-11-03"):
        assert dg.materialize([video_session_events, video_watch_segments], partition_key=day,
                              resources=workspace.resources()).success
    workspace.result = result
    return workspace


def segments(workspace: Workspace, media_id: str, day: str = DAY) -> list[tuple]:
    return workspace.query(
        "SELECT segment_start, segment_end, ended_by FROM video_watch_segments "
        "WHERE media_id = $m AND day = $d ORDER BY segment_number", {"m": media_id, "d": day})


def view(workspace: Workspace, media_id: str) -> dict:
    cursor = workspace.query("SELECT * FROM video_views WHERE media_id = $m AND day = $d", {"m": media_id, "d": DAY})
    assert len(cursor) == 1
    columns = [r[0] for r in workspace.query(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND table_name = 'video_views' ORDER BY column_index")]
    return dict(zip(columns, cursor[0]))


def test_a_seek_back_closes_at_from_and_the_next_play_starts_at_to(built):
    assert segments(built, "seek-back") == [(0, 10, "seek"), (5, 15, "pause")]
    v = view(built, "seek-back")
    assert (v["watched_seconds"], v["unique_seconds"], v["furthest_position"]) == (20, 15, 15)
    assert (v["seeks_backward"], v["seconds_rewound"]) == (1, 5)


def test_a_seek_forward_skips_the_range_even_with_buffering_before_the_play(built):
    assert segments(built, "seek-forward") == [(0, 5, "seek"), (30, 40, "stop")]
    v = view(built, "seek-forward")
    assert (v["seeks_forward"], v["seconds_skipped"]) == (1, 25)
    assert (v["viewer_id"], v["session_id"], v["user_id"]) == ("u:u1", None, "u1")


def test_a_seek_while_paused_moves_where_the_next_play_starts(built):
    assert segments(built, "seek-paused") == [(0, 5, "pause"), (20, 25, "pause")]
    assert view(built, "seek-paused")["ignored_closes"] == 1  # the seek had nothing open


def test_a_second_play_replaces_the_open_one_and_is_counted(built):
    assert segments(built, "double-play") == [(3, 10, "pause")]
    assert view(built, "double-play")["replaced_plays"] == 1


def test_a_play_left_open_is_closed_at_the_last_known_position(built):
    assert segments(built, "open-at-end") == [(0, 17, "session_end")]
    assert built.query("SELECT CAST(ended_at AS VARCHAR) FROM video_watch_segments WHERE media_id = 'open-at-end'") \
        == [("2026-11-02 10:00:20+00",)]
    assert view(built, "open-at-end")["session_end_closes"] == 1


def test_closes_with_no_open_segment_are_ignored(built):
    assert segments(built, "ignored-closes") == [(0, 10, "pause")]
    assert view(built, "ignored-closes")["ignored_closes"] == 2


def test_timestamps_out_of_file_order_are_put_back_in_order(built):
    assert segments(built, "out-of-order") == [(0, 10, "pause"), (10, 20, "pause")]


def test_duplicate_events_count_once(built):
    assert segments(built, "duplicates") == [(0, 5, "pause")]
    assert built.query("SELECT count(*) FROM rejected_rows WHERE source = 'player_events' "
                       "AND starts_with(reason, 'duplicate event_id')") == [(2,)]


def test_zero_short_and_inverted_segments_are_dropped(built):
    assert segments(built, "short") == [(1, 1.25, "pause")]
    v = view(built, "short")
    assert v["dropped_segments"] == 3
    assert v["is_view"] is False  # 0.25 s watched: not a view


def test_positions_past_the_duration_are_clamped_and_counted(built):
    assert segments(built, "clamp") == [(20, 30, "pause")]
    assert built.query("SELECT clamped FROM video_watch_segments WHERE media_id = 'clamp'") == [(True,)]
    v = view(built, "clamp")
    assert (v["clamped_segments"], v["dropped_segments"], v["duration"]) == (1, 1, 30)


def test_an_unknown_duration_is_inferred_from_the_furthest_position(built):
    assert segments(built, "no-duration") == [(0, 20, "pause"), (20, 25, "seek"), (40, 50, "pause")]
    v = view(built, "no-duration")
    assert (v["duration"], v["duration_inferred"], v["clamped_segments"]) == (50, True, 0)


def test_equal_timestamps_close_before_they_open(built):
    assert segments(built, "tie") == [(0, 10, "pause"), (10, 20, "pause")]
    assert view(built, "tie")["replaced_plays"] == 0


def test_a_segment_faster_than_twice_the_wall_clock_is_kept_and_flagged(built):
    assert built.query("SELECT segment_start, segment_end, implausible FROM video_watch_segments "
                       "WHERE media_id = 'fast'") == [(0, 30, True)]
    assert built.query("SELECT count(*) FROM video_watch_segments WHERE implausible") == [(1,)]


def test_a_session_across_midnight_belongs_to_the_day_it_started(built):
    assert segments(built, "midnight") == [(0, 120, "pause"), (120, 180, "stop")]
    assert segments(built, "midnight", "2026-11-03") == []
    assert segments(built, "from-yesterday", "2026-11-01") == [(0, 40, "pause")]
    assert segments(built, "from-yesterday") == []


def test_the_data_quality_counts_are_in_the_metadata(built):
    segments_metadata = built.result.asset_materializations_for_node("video_watch_segments")[0].metadata
    assert segments_metadata["session_end_closes"].value == 1
    assert segments_metadata["clamped_segments"].value == 1
    assert segments_metadata["implausible_segments"].value == 1
    views_metadata = built.result.asset_materializations_for_node("video_views")[0].metadata
    assert views_metadata["replaced_plays"].value == 1
    # seek-paused 1, ignored-closes 2, clamp 0 (its second pause closes the dropped segment)
    assert views_metadata["ignored_closes"].value == 3


def test_a_seek_with_from_and_to_but_no_position_is_valid_and_positioned_at_to(built):
    assert built.query("SELECT position FROM raw_player_events WHERE media_id = 'seek-without-position' "
                       "AND event_type = 'seek'") == [(30,)]
    assert built.query("SELECT count(*) FROM rejected_rows WHERE contains(raw, 'seek-without-position')") == [(0,)]
    assert segments(built, "seek-without-position") == [(0, 10, "seek"), (30, 40, "pause")]


def test_viewers_sharing_a_session_id_are_never_mixed(built):
    assert built.query(
        "SELECT viewer_id, session_id, segment_start, segment_end, ended_by FROM video_watch_segments "
        "WHERE media_id = 'shared-session' ORDER BY viewer_id, segment_number") == [
        ("u:u1", "shared", 0, 20, "pause"), ("u:u2", "shared", 0, 30, "pause")]
    assert built.query(
        "SELECT viewer_id, watched_seconds, replaced_plays, ignored_closes FROM video_views "
        "WHERE media_id = 'shared-session' ORDER BY viewer_id") == [("u:u1", 20, 0, 0), ("u:u2", 30, 0, 0)]


def test_events_before_the_user_id_was_sent_are_that_users(built):
    assert built.query("SELECT viewer_id, startup_seconds FROM video_views WHERE media_id = 'signed-in-late'") == [
        ("u:u3", 1)]
    assert segments(built, "signed-in-late") == [(0, 10, "pause")]
