-- Playback of the item $media_id over the built days of the range (daily_video_engagement over a
-- range): sessions; over the views (sessions with at least 1 s watched) viewers recounted, watch
-- time, average view, completion (edX), finish (Matomo) and buffering rates, seeks; startup over
-- every session that has one; duration of the last day with sessions.
SELECT
    count(*) AS sessions,
    count(*) FILTER (is_view) AS views,
    count(DISTINCT viewer_id) FILTER (is_view) AS unique_viewers,
    coalesce(sum(exact(watched_seconds)) FILTER (is_view), 0)::DOUBLE AS watch_seconds,
    sum(exact(watched_seconds)) FILTER (is_view)::DOUBLE / nullif(count(*) FILTER (is_view), 0) AS avg_view_seconds,
    count(*) FILTER (is_view AND completed) / nullif(count(*) FILTER (is_view), 0) AS completion_rate,
    count(*) FILTER (is_view AND finished) / nullif(count(*) FILTER (is_view), 0) AS finish_rate,
    sum(exact(buffering_seconds)) FILTER (is_view)::DOUBLE
        / nullif(sum(exact(watched_seconds)) FILTER (is_view), 0)::DOUBLE AS buffering_rate,
    avg(exact(startup_seconds))::DOUBLE AS avg_startup_seconds,
    coalesce(sum(seeks_forward) FILTER (is_view), 0) AS seeks_forward,
    coalesce(sum(seeks_backward) FILTER (is_view), 0) AS seeks_backward,
    coalesce(sum(exact(seconds_skipped)) FILTER (is_view), 0)::DOUBLE AS seconds_skipped,
    coalesce(sum(exact(seconds_rewound)) FILTER (is_view), 0)::DOUBLE AS seconds_rewound,
    arg_max(duration, day) AS duration
FROM video_views
WHERE media_id = $media_id AND day BETWEEN $first AND $last AND list_contains($days, day)
