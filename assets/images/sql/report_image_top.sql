-- The report's top image opportunities for $day, by rank (traffic-weighted savings first), with
-- the inventory's file name.
SELECT o.media_id, coalesce(i.filename, regexp_extract(o.path, '[^/]*$')) AS filename, o.path, o.kind,
       o.current_bytes, o.expected_bytes, o.bytes_saved, o.method, o.recommendation,
       o.traffic_weighted_daily_savings
FROM image_optimization_opportunities AS o
LEFT JOIN media_inventory AS i ON i.day = o.day AND i.media_id = o.media_id
WHERE o.day = $day
ORDER BY o.rank
LIMIT $limit
