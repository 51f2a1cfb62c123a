-- video_views' part sessions (written to a temporary table view_sessions before video_views.sql):
-- one row per playback session of $day (media, viewer, session): its events' counts and times.
WITH events AS (
    SELECT * EXCLUDE (day) FROM video_session_events WHERE day = $day
)
SELECT
    media_id, viewer_id, session_id,
    max(user_id) AS user_id,
    min(session_start) AS session_start,
    any_value(media_duration) AS duration,
    any_value(duration_inferred) AS duration_inferred,
    arg_min(user_agent, seq) FILTER (user_agent IS NOT NULL) AS user_agent,
    arg_min(country, seq) FILTER (country IS NOT NULL) AS country,
    min(ts) FILTER (event_type = 'load') AS first_load,
    min(ts) FILTER (event_type = 'play') AS first_play,
    count(*) FILTER (event_type = 'play') AS plays,
    count(*) FILTER (event_type = 'play' AND next_control = 'play') AS replaced_plays,
    count(*) FILTER (event_type = 'play' AND next_control IS DISTINCT FROM 'play') AS opened_segments,
    count(*) FILTER (event_type IN ('pause', 'seek', 'stop', 'ended')
                     AND prev_control IS DISTINCT FROM 'play') AS ignored_closes,
    count(*) FILTER (event_type = 'pause') AS pauses,
    count(*) FILTER (event_type = 'seek' AND to_position > from_position) AS seeks_forward,
    count(*) FILTER (event_type = 'seek' AND to_position < from_position) AS seeks_backward,
    coalesce(sum(exact(to_position - from_position)) FILTER (event_type = 'seek' AND to_position > from_position), 0)::DOUBLE
        AS seconds_skipped,
    coalesce(sum(exact(from_position - to_position)) FILTER (event_type = 'seek' AND to_position < from_position), 0)::DOUBLE
        AS seconds_rewound,
    count(*) FILTER (event_type = 'buffer_start') AS buffer_events,
    coalesce(sum(exact(epoch(next_ts - ts))) FILTER (event_type = 'buffer_start'), 0)::DOUBLE AS buffering_seconds,
    count(*) FILTER (event_type = 'quality_change') AS quality_changes,
    count(*) FILTER (event_type = 'error') AS errors
FROM events
GROUP BY media_id, viewer_id, session_id
