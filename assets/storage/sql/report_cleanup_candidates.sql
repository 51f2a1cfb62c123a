-- The report's cleanup candidates for $day, largest potential savings first.
-- Only items of $media_type ('all': every type).
SELECT media_id, coalesce(filename, media_id) AS filename, media_type, potential_savings_bytes,
       deletion_risk, created_at
FROM unused_media
WHERE day = $day AND evidence_class = 'cleanup_candidate' AND $media_type IN ('all', media_type)
ORDER BY potential_savings_bytes DESC, media_id
LIMIT $limit
