-- video_views' part quality (written to a temporary table view_quality before video_views.sql):
-- one row per playback session of $day with a quality: media seconds played per quality.
WITH events AS (
    SELECT * EXCLUDE (day) FROM video_session_events WHERE day = $day
)
SELECT media_id, viewer_id, session_id, map_from_entries(list((quality, seconds) ORDER BY quality)) AS quality_seconds
FROM (
    SELECT media_id, viewer_id, session_id, quality,
           sum(exact(greatest(least(next_position_before, media_duration) - least(position_after, media_duration), 0)))::DOUBLE
               AS seconds
    FROM events
    WHERE open_after AND quality IS NOT NULL AND next_position_before IS NOT NULL
    GROUP BY media_id, viewer_id, session_id, quality
)
GROUP BY media_id, viewer_id, session_id
