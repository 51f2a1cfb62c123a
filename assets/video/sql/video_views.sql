-- video_views for $day: one row per playback session that started on the day (video_session_events:
-- the player_session_events macro of schema_video.sql), with its watched segments
-- (video_watch_segments of the day). Definitions
-- (DESIGN.md, Video and audio engagement):
--   view              a session with at least 1 s watched [Matomo]
--   watched seconds   the sum of the segment lengths; unique seconds: the length of their union [Aspects]
--   completed         furthest position >= duration - min(30 s, 5 % of duration) [edX users_at_end]
--   finished          furthest position >= duration - 2 s [Matomo]
--   startup time      first play - first load, when a load came before the first play
--   buffering time    each buffer_start lasts until the session's next event (normally its buffer_end;
--                     a buffer_start that is the last event counts 0)
--   quality seconds   media seconds played between consecutive events while a segment is open, per
--                     the quality the earlier event reports (a quality_change switches mid-segment)
--   replaced plays / ignored closes / dropped segments: see video_watch_segments.sql
-- Every sum of seconds is exact (exact(): decimals to the nanosecond, macros.sql), whatever order the
-- rows come in: a re-run of the day stores the same bytes.
-- Device type, OS and browser come from the relation `user_agents` (assets/useragents.py, one
-- row per distinct User-Agent), for the session's first User-Agent.
WITH events AS (
    SELECT * EXCLUDE (day) FROM video_session_events WHERE day = $day
), sessions AS (
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
), quality AS (
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
), watched AS (
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
), spans AS (
    SELECT media_id, viewer_id, session_id, sum(exact(span_end - span_start))::DOUBLE AS unique_seconds
    FROM watched_spans($day)
    GROUP BY media_id, viewer_id, session_id
), joined AS (
    SELECT
        s.*,
        coalesce(w.segments, 0) AS segments,
        coalesce(w.watched_seconds, 0) AS watched_seconds,
        coalesce(u.unique_seconds, 0) AS unique_seconds,
        w.furthest_position,
        coalesce(w.session_end_closes, 0) AS session_end_closes,
        coalesce(w.clamped_segments, 0) AS clamped_segments,
        coalesce(w.implausible_segments, 0) AS implausible_segments,
        q.quality_seconds
    FROM sessions AS s
    LEFT JOIN watched AS w
        ON w.media_id = s.media_id AND w.viewer_id = s.viewer_id AND w.session_id IS NOT DISTINCT FROM s.session_id
    LEFT JOIN spans AS u
        ON u.media_id = s.media_id AND u.viewer_id = s.viewer_id AND u.session_id IS NOT DISTINCT FROM s.session_id
    LEFT JOIN quality AS q
        ON q.media_id = s.media_id AND q.viewer_id = s.viewer_id AND q.session_id IS NOT DISTINCT FROM s.session_id
)
SELECT
    $day AS day,
    j.media_id,
    coalesce(i.media_type, 'unknown') AS media_type,
    j.viewer_id,
    j.user_id,
    j.session_id,
    j.session_start,
    j.watched_seconds >= 1 AS is_view,
    j.watched_seconds,
    j.unique_seconds,
    j.furthest_position,
    j.duration,
    j.duration_inferred,
    coalesce(j.furthest_position >= j.duration - least(30, 0.05 * j.duration), false) AS completed,
    coalesce(j.furthest_position >= j.duration - 2, false) AS finished,
    CASE WHEN j.first_load <= j.first_play THEN epoch(j.first_play - j.first_load) END AS startup_seconds,
    j.buffering_seconds,
    j.buffer_events,
    j.quality_changes,
    j.quality_seconds,
    j.seeks_forward,
    j.seeks_backward,
    j.seconds_skipped,
    j.seconds_rewound,
    j.plays,
    j.pauses,
    j.errors,
    j.segments,
    j.replaced_plays,
    j.ignored_closes,
    j.session_end_closes,
    j.clamped_segments,
    j.opened_segments - j.segments AS dropped_segments,
    j.implausible_segments,
    coalesce(a.device_type, 'unknown') AS device_type,
    coalesce(a.os, 'Other') AS os,
    coalesce(a.browser, 'Other') AS browser,
    j.country
FROM joined AS j
LEFT JOIN media_inventory AS i ON i.day = $day AND i.media_id = j.media_id
LEFT JOIN user_agents AS a ON a.user_agent = j.user_agent
