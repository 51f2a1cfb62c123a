-- daily_video_engagement for $day: per video or audio item, from video_views of the day.
-- Watch, completion, buffering, quality, seek and device figures are over views (sessions with at
-- least 1 s watched [Matomo]); startup time and the data-quality counts over every session.
--   unique viewers      distinct viewer_id (user_id, else session_id) among the views
--   average view        watch time / views
--   completion rate     views completed (edX rule) / views; finish rate: views finished (Matomo rule) / views
--   buffering rate      buffering time / watch time; buffer events per minute = buffer events /
--                       (watch time / 60) [Mux]
--   quality share       each quality's played seconds / all played seconds with a known quality
-- Rates with a zero denominator are NULL. Sums and means of seconds are exact (exact(), macros.sql)
-- and each rate one division of them: the same bytes on every re-run.
WITH views AS (
    SELECT * FROM video_views WHERE day = $day
), per_media AS (
    SELECT
        media_id,
        any_value(media_type) AS media_type,
        any_value(duration) AS duration,
        bool_or(duration_inferred) AS duration_inferred,
        count(*) AS sessions,
        count(*) FILTER (is_view) AS views,
        count(DISTINCT viewer_id) FILTER (is_view) AS unique_viewers,
        coalesce(sum(exact(watched_seconds)) FILTER (is_view), 0)::DOUBLE AS watch_seconds,
        coalesce(sum(exact(unique_seconds)) FILTER (is_view), 0)::DOUBLE AS unique_seconds,
        count(*) FILTER (is_view AND completed) AS completed_views,
        count(*) FILTER (is_view AND finished) AS finished_views,
        avg(exact(startup_seconds))::DOUBLE AS avg_startup_seconds,
        coalesce(sum(exact(buffering_seconds)) FILTER (is_view), 0)::DOUBLE AS buffering_seconds,
        coalesce(sum(buffer_events) FILTER (is_view), 0) AS buffer_events,
        coalesce(sum(seeks_forward) FILTER (is_view), 0) AS seeks_forward,
        coalesce(sum(seeks_backward) FILTER (is_view), 0) AS seeks_backward,
        coalesce(sum(exact(seconds_skipped)) FILTER (is_view), 0)::DOUBLE AS seconds_skipped,
        coalesce(sum(exact(seconds_rewound)) FILTER (is_view), 0)::DOUBLE AS seconds_rewound,
        sum(errors) AS errors,
        sum(replaced_plays) AS replaced_plays,
        sum(session_end_closes) AS session_end_closes,
        sum(clamped_segments) AS clamped_segments,
        sum(implausible_segments) AS implausible_segments
    FROM views
    GROUP BY media_id
), quality AS (
    SELECT media_id, map_from_entries(list((quality, seconds::DOUBLE / total::DOUBLE) ORDER BY quality)) AS quality_share
    FROM (
        SELECT media_id, quality, seconds, sum(seconds) OVER (PARTITION BY media_id) AS total
        FROM (
            SELECT media_id, entry.key AS quality, sum(exact(entry.value)) AS seconds
            FROM (SELECT media_id, unnest(map_entries(quality_seconds)) AS entry FROM views WHERE is_view)
            GROUP BY media_id, quality
        )
    )
    WHERE total > 0
    GROUP BY media_id
), breakdown AS (
    SELECT
        media_id,
        map_from_entries(list((value, n) ORDER BY value) FILTER (dimension = 'device')) AS device_views,
        map_from_entries(list((value, n) ORDER BY value) FILTER (dimension = 'os')) AS os_views,
        map_from_entries(list((value, n) ORDER BY value) FILTER (dimension = 'browser')) AS browser_views,
        map_from_entries(list((value, n) ORDER BY value) FILTER (dimension = 'country')) AS country_views
    FROM (
        SELECT media_id, dimension, value, count(*) AS n
        FROM views
        CROSS JOIN LATERAL (VALUES ('device', device_type), ('os', os), ('browser', browser),
                                   ('country', coalesce(country, 'unknown'))) AS d(dimension, value)
        WHERE is_view
        GROUP BY media_id, dimension, value
    )
    GROUP BY media_id
)
SELECT
    $day AS day,
    m.media_id,
    m.media_type,
    m.duration,
    m.duration_inferred,
    m.sessions,
    m.views,
    m.unique_viewers,
    m.watch_seconds,
    m.unique_seconds,
    CASE WHEN m.views > 0 THEN m.watch_seconds / m.views END AS avg_view_seconds,
    m.completed_views,
    CASE WHEN m.views > 0 THEN m.completed_views / m.views END AS completion_rate,
    m.finished_views,
    CASE WHEN m.views > 0 THEN m.finished_views / m.views END AS finish_rate,
    m.avg_startup_seconds,
    m.buffering_seconds,
    m.buffer_events,
    CASE WHEN m.watch_seconds > 0 THEN m.buffering_seconds / m.watch_seconds END AS buffering_rate,
    CASE WHEN m.watch_seconds > 0 THEN m.buffer_events / (m.watch_seconds / 60) END AS buffer_events_per_minute,
    q.quality_share,
    m.seeks_forward,
    m.seeks_backward,
    m.seconds_skipped,
    m.seconds_rewound,
    b.device_views,
    b.os_views,
    b.browser_views,
    b.country_views,
    m.errors,
    m.replaced_plays,
    m.session_end_closes,
    m.clamped_segments,
    m.implausible_segments
FROM per_media AS m
LEFT JOIN quality AS q USING (media_id)
LEFT JOIN breakdown AS b USING (media_id)
