-- Playback of $media_type (video or audio), or of the one item $media_id, over the built days of the
-- range (report_video_totals.sql, daily_video_engagement over a range): views (sessions with at
-- least 1 s watched), distinct viewers recounted over the range, watch time, average view,
-- completion (edX) and finish (Matomo) rates, the buffering rate and the seeks over the views;
-- startup (load to first play) over every session that has one; the duration of the last day.
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
WHERE day BETWEEN $first AND $last AND list_contains($days, day)
  AND ($media_type IS NULL OR media_type = $media_type) AND ($media_id IS NULL OR media_id = $media_id)
