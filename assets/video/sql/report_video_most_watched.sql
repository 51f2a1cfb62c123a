-- The report's "most watched" for $day: the video and audio items with the most views (then watch time).
-- Only items of $media_type ('all': every type).
SELECT
    e.media_id,
    coalesce(i.filename, e.media_id) AS filename,
    e.media_type,
    e.duration,
    e.duration_inferred,
    e.views,
    e.unique_viewers,
    e.watch_seconds,
    e.avg_view_seconds,
    e.completion_rate,
    e.finish_rate
FROM daily_video_engagement AS e
LEFT JOIN media_inventory AS i ON i.day = e.day AND i.media_id = e.media_id
WHERE e.day = $day AND e.views > 0 AND $media_type IN ('all', e.media_type)
ORDER BY e.views DESC, e.watch_seconds DESC, e.media_id
LIMIT $limit
