-- Live items whose original files share a SHA-256 (DESIGN.md "Images": duplicates, after Media
-- Cleaner), with the copy to keep and what removing each other copy frees.
WITH originals AS (
    -- joined by path: two items naming the same file are duplicates too (facts hold one row per file)
    SELECT i.media_id, i.path, f.sha256, f.size_bytes, i.live_reference_count, i.created_at
    FROM media_inventory AS i
    JOIN media_file_facts AS f ON f.day = i.day AND f.path = i.path
    WHERE i.day = $day AND f.sha256 IS NOT NULL AND NOT i.is_deleted
),
shared AS (
    SELECT *,
        count(*) OVER (PARTITION BY sha256) AS copies,
        first_value(media_id) OVER (PARTITION BY sha256
            ORDER BY live_reference_count DESC, created_at, media_id) AS keep_media_id,
        first_value(path) OVER (PARTITION BY sha256
            ORDER BY live_reference_count DESC, created_at, media_id) AS keep_path
    FROM originals
),
item_bytes AS (
    SELECT media_id, sum(size_bytes) AS bytes
    FROM media_file_facts WHERE day = $day GROUP BY media_id
)
SELECT CAST($day AS DATE) AS day, s.sha256, s.media_id, s.path, s.size_bytes, s.copies, s.keep_media_id,
       s.media_id = s.keep_media_id AS is_kept, s.live_reference_count,
       CASE WHEN s.media_id = s.keep_media_id OR s.path = s.keep_path THEN 0 ELSE coalesce(b.bytes, 0) END
           AS reclaimable_bytes
FROM shared AS s
LEFT JOIN item_bytes AS b USING (media_id)
WHERE s.copies > 1
