-- The report's cleanup candidates for $day, largest potential savings first.
SELECT media_id, coalesce(filename, media_id) AS filename, media_type, potential_savings_bytes,
       deletion_risk, created_at
FROM unused_media
WHERE day = $day AND evidence_class = 'cleanup_candidate'
ORDER BY potential_savings_bytes DESC, media_id
LIMIT $limit
