-- The report's video encoding and delivery advice for $day, by rank (daily bytes saved first),
-- with the inventory's file name.
SELECT o.media_id, coalesce(i.filename, regexp_extract(o.path, '[^/]*$')) AS filename, o.kind,
       o.trigger_metric, o.trigger_value, o.trigger_threshold, o.bytes_saved, o.daily_bytes_saved,
       o.recommendation
FROM video_optimization_opportunities AS o
LEFT JOIN media_inventory AS i ON i.day = o.day AND i.media_id = o.media_id
WHERE o.day = $day
ORDER BY o.rank
LIMIT $limit
