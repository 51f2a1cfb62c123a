-- The $limit items of $media_type with the most playback views over the built days of the range,
-- then watch time (report_video_most_watched.sql over a range): views and watch time summed,
-- viewers recounted, rates over the range's views; duration and file name of the last built day
-- the item appears on.
WITH views AS (
    SELECT * FROM video_views
    WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND media_type = $media_type AND is_view
), names AS (
    SELECT media_id, arg_max(filename, day) AS filename
    FROM media_inventory
    WHERE day BETWEEN $first AND $last AND list_contains($days, day)
      AND media_id IN (SELECT media_id FROM views)
    GROUP BY media_id
)
SELECT
    v.media_id,
    coalesce(any_value(n.filename), v.media_id) AS filename,
    any_value(v.media_type) AS media_type,
    arg_max(v.duration, v.day) AS duration,
    arg_max(v.duration_inferred, v.day) AS duration_inferred,
    count(*) AS views,
    count(DISTINCT v.viewer_id) AS unique_viewers,
    sum(exact(v.watched_seconds))::DOUBLE AS watch_seconds,
    sum(exact(v.watched_seconds))::DOUBLE / count(*) AS avg_view_seconds,
    count(*) FILTER (v.completed) / count(*) AS completion_rate,
    count(*) FILTER (v.finished) / count(*) AS finish_rate
FROM views AS v
LEFT JOIN names AS n USING (media_id)
GROUP BY v.media_id
ORDER BY views DESC, watch_seconds DESC, v.media_id
LIMIT $limit
