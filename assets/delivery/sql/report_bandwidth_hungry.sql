-- The report's most bandwidth-hungry media on $day: the most bytes sent first.
-- Only items of $media_type ('all': every type).
SELECT
    d.media_id,
    coalesce(i.filename, d.media_id) AS filename,
    d.media_type,
    d.requests,
    d.bytes_sent,
    d.cache_hit_rate,
    d.error_rate,
    d.modern_format_share
FROM daily_media_delivery AS d
LEFT JOIN media_inventory AS i ON i.day = d.day AND i.media_id = d.media_id
WHERE d.day = $day AND d.requests > 0 AND $media_type IN ('all', d.media_type)
ORDER BY d.bytes_sent DESC, d.media_id
LIMIT $limit
