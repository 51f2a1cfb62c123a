-- The cleanup candidates as of $as_of (neither referenced nor delivered in the look-back window),
-- largest potential savings first, of $media_type (NULL: any), a page at a time.
SELECT media_id, coalesce(filename, media_id) AS filename, media_type, potential_savings_bytes,
       deletion_risk, created_at, last_delivered_day, evidence_class
FROM unused_media
WHERE day = $as_of AND evidence_class = 'cleanup_candidate' AND ($media_type IS NULL OR media_type = $media_type)
ORDER BY potential_savings_bytes DESC, media_id
LIMIT $limit OFFSET $offset
