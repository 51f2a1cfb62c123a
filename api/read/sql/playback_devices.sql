-- Playback of $media_type per device type (desktop, mobile, tablet, bot, unknown: the session's
-- first User-Agent) over the built days of the range: views, watch time, average view, completion
-- and buffering rates over the views, startup over every session that has one.
SELECT
    device_type,
    count(*) FILTER (is_view) AS views,
    coalesce(sum(exact(watched_seconds)) FILTER (is_view), 0)::DOUBLE AS watch_seconds,
    sum(exact(watched_seconds)) FILTER (is_view)::DOUBLE / nullif(count(*) FILTER (is_view), 0) AS avg_view_seconds,
    count(*) FILTER (is_view AND completed) / nullif(count(*) FILTER (is_view), 0) AS completion_rate,
    sum(exact(buffering_seconds)) FILTER (is_view)::DOUBLE
        / nullif(sum(exact(watched_seconds)) FILTER (is_view), 0)::DOUBLE AS buffering_rate,
    avg(exact(startup_seconds))::DOUBLE AS avg_startup_seconds
FROM video_views
WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND media_type = $media_type
GROUP BY device_type
ORDER BY views DESC, device_type
