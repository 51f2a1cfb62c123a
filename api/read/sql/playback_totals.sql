-- Playback over the built days of the range, for 'all' and per media type (video, audio): views
-- (sessions with at least 1 s watched), distinct viewers, watch time, completed views
-- (report_daily_metrics.sql's playback over a range).
SELECT
    CASE WHEN grouping(media_type) = 1 THEN 'all' ELSE media_type END AS media_type,
    count(*) AS views,
    count(DISTINCT viewer_id) AS unique_viewers,
    sum(CAST(watched_seconds AS DECIMAL(38, 9)))::DOUBLE AS watch_seconds,
    count(*) FILTER (completed) / count(*) AS completion_rate
FROM video_views
WHERE is_view AND day BETWEEN $first AND $last AND list_contains($days, day)
GROUP BY GROUPING SETS ((), (media_type))
