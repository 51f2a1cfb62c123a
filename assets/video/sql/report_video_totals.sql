-- The report's video and audio totals for $day, over the views of the sessions that started on the
-- day (sessions with at least 1 s watched): views, distinct viewers, watch time, average view, the
-- completion (edX) and finish (Matomo) rates and the buffering rate (buffering time / watch time).
-- Only items of $media_type ('all': every type).
SELECT
    count(*) FILTER (is_view) AS views,
    count(DISTINCT viewer_id) FILTER (is_view) AS unique_viewers,
    coalesce(sum(watched_seconds) FILTER (is_view), 0) AS watch_seconds,
    sum(watched_seconds) FILTER (is_view) / nullif(count(*) FILTER (is_view), 0) AS avg_view_seconds,
    count(*) FILTER (is_view AND completed) / nullif(count(*) FILTER (is_view), 0) AS completion_rate,
    count(*) FILTER (is_view AND finished) / nullif(count(*) FILTER (is_view), 0) AS finish_rate,
    sum(buffering_seconds) FILTER (is_view) / nullif(sum(watched_seconds) FILTER (is_view), 0) AS buffering_rate
FROM video_views
WHERE day = $day AND $media_type IN ('all', media_type)
