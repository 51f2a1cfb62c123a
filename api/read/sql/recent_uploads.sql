-- Items created within the range (report time zone) and still live as of $as_of, newest first.
SELECT media_id, coalesce(filename, media_id) AS filename, media_type, size_bytes AS bytes, created_at
FROM media_inventory
WHERE day = $as_of AND NOT is_deleted AND ($media_type IS NULL OR media_type = $media_type)
  AND CAST(timezone($tz, created_at) AS DATE) BETWEEN $first AND $last
ORDER BY created_at DESC, media_id
LIMIT $limit OFFSET $offset
