-- The library per media type (and 'all') as of $as_of, with the uploads and deletions of every
-- built day of the range summed.
WITH moves AS (
    SELECT media_type, sum(uploads) AS uploads, sum(deletions) AS deletions
    FROM daily_storage
    WHERE day BETWEEN $first AND $last AND list_contains($days, day)
    GROUP BY media_type
)
SELECT s.media_type, s.files, s.bytes, s.original_bytes, s.avg_file_bytes, s.quota_bytes, s.quota_used,
       coalesce(m.uploads, 0) AS uploads, coalesce(m.deletions, 0) AS deletions
FROM daily_storage AS s
LEFT JOIN moves AS m USING (media_type)
WHERE s.day = $as_of
ORDER BY s.media_type = 'all' DESC, s.bytes DESC, s.media_type
