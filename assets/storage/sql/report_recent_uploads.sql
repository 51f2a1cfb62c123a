-- The report's recent uploads: items created in the 7 days up to $day, newest first.
SELECT media_id, coalesce(filename, media_id) AS filename, media_type, size_bytes AS bytes, created_at
FROM media_inventory
WHERE day = $day AND NOT is_deleted AND CAST(timezone($tz, created_at) AS DATE) > $day - 7
ORDER BY created_at DESC, media_id
LIMIT $limit
