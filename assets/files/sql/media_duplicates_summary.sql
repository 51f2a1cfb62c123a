-- The day's media_duplicates in one row: groups of identical content and the bytes removing the
-- extra copies would free.
SELECT count(DISTINCT sha256) AS duplicate_groups, coalesce(sum(reclaimable_bytes), 0) AS reclaimable_bytes
FROM media_duplicates
WHERE day = $day
