-- video_watch_segments for $day: the watched segments of the playback sessions that started on the
-- day [edX, Aspects], from video_session_events (the player_session_events macro of
-- schema_video.sql, written once a day), which puts each session's events in play order
-- (timestamp; equal timestamps: load, closes, buffer/quality, play, error, then event_id) and keeps
-- a session that spans midnight on the day it started.
--
-- A play opens a segment; the segment runs until the next control event (play, pause, seek, stop,
-- ended) of the session:
--   * pause, stop, ended close it at their position; a seek closes it at its from_position.
--   * a play right after a seek starts at the seek's to_position, not at its own (stale) position.
--   * another play while it is open replaces it: the last play wins (players repeat play events);
--     the replaced play opens nothing (video_views.replaced_plays counts them).
--   * a close with no open segment closes nothing and is ignored (video_views.ignored_closes).
--   * a play still open when the session's events end is closed at the session's last known
--     position (the last event that has one) with ended_by = 'session_end'; the edX pipeline drops
--     these, which undercounts closed tabs.
-- Then each segment is clamped to the media duration (clamped = true; it usually means the
-- duration is wrong), and segments shorter than 0.25 s or inverted (end before start) are dropped
-- (video_views.dropped_segments). A segment whose position advanced more than twice the wall-clock
-- time between its opening and closing events is flagged implausible and kept as it is.
WITH events AS (
    SELECT * EXCLUDE (day) FROM video_session_events WHERE day = $day
), opened AS (
    SELECT
        media_id, viewer_id, session_id, seq, media_duration,
        position_after AS opened_at_position,
        CASE WHEN next_control IS NULL THEN session_last_position ELSE next_control_position END
            AS closed_at_position,
        ts AS started_at,
        CASE WHEN next_control IS NULL THEN session_last_position_ts ELSE next_control_ts END AS ended_at,
        coalesce(next_control, 'session_end') AS ended_by
    FROM events
    WHERE event_type = 'play' AND next_control IS DISTINCT FROM 'play'
), clamped AS (
    SELECT
        *,
        least(opened_at_position, media_duration) AS segment_start,
        least(closed_at_position, media_duration) AS segment_end,
        closed_at_position > media_duration AS clamped
    FROM opened
)
SELECT
    $day AS day,
    media_id,
    viewer_id,
    session_id,
    row_number() OVER (PARTITION BY media_id, viewer_id, session_id ORDER BY seq) AS segment_number,
    segment_start,
    segment_end,
    ended_by,
    started_at,
    ended_at,
    clamped,
    segment_end - segment_start > 2 * epoch(ended_at - started_at) AS implausible
FROM clamped
WHERE segment_end - segment_start >= 0.25
