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
-- Its parts (sessions, quality, watched, spans: video_view_<part>.sql) are temporary tables
-- view_<part> written one after another: joined in one query they ran out of a 1 GB memory limit
-- at 1.56 M sessions a day (5x the bench's default day); one after another they fit.
-- Device type, OS and browser come from the relation `user_agents` (assets/useragents.py, one
-- row per distinct User-Agent), for the session's first User-Agent.
WITH joined AS (
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
    FROM view_sessions AS s
    LEFT JOIN view_watched AS w
        ON w.media_id = s.media_id AND w.viewer_id = s.viewer_id AND w.session_id IS NOT DISTINCT FROM s.session_id
    LEFT JOIN view_spans AS u
        ON u.media_id = s.media_id AND u.viewer_id = s.viewer_id AND u.session_id IS NOT DISTINCT FROM s.session_id
    LEFT JOIN view_quality AS q
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
