-- video_views' part watched (written to a temporary table view_watched before video_views.sql):
-- one row per playback session of $day with watched segments: their count, sum and furthest end.
SELECT
    media_id, viewer_id, session_id,
    count(*) AS segments,
    sum(exact(segment_end - segment_start))::DOUBLE AS watched_seconds,
    max(segment_end) AS furthest_position,
    count(*) FILTER (ended_by = 'session_end') AS session_end_closes,
    count(*) FILTER (clamped) AS clamped_segments,
    count(*) FILTER (implausible) AS implausible_segments
FROM video_watch_segments
WHERE day = $day
GROUP BY media_id, viewer_id, session_id
