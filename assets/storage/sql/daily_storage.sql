-- daily_storage for $day: the library at the end of the day, per media type and 'all'.
--   files      live items (not deleted by the end of the day)
--   bytes      their originals plus renditions
--   uploads    items created on the day; deletions: items deleted on the day
--   quota_used bytes / $quota_bytes on the 'all' row (NULL without a quota)
WITH items AS (
    SELECT
        media_type,
        NOT is_deleted AS live,
        size_bytes,
        rendition_bytes,
        CAST(timezone($tz, created_at) AS DATE) = $day AS uploaded,
        is_deleted AND CAST(timezone($tz, deleted_at) AS DATE) = $day AS deleted
    FROM media_inventory
    WHERE day = $day
), grouped AS (
    SELECT
        CASE WHEN grouping(media_type) = 1 THEN 'all' ELSE media_type END AS media_type,
        count(*) FILTER (live) AS files,
        coalesce(sum(size_bytes) FILTER (live), 0) AS original_bytes,
        coalesce(sum(rendition_bytes) FILTER (live), 0) AS rendition_bytes,
        count(*) FILTER (uploaded) AS uploads,
        count(*) FILTER (deleted) AS deletions
    FROM items
    GROUP BY GROUPING SETS ((), (media_type))
)
SELECT
    $day AS day,
    media_type,
    files,
    original_bytes + rendition_bytes AS bytes,
    original_bytes,
    rendition_bytes,
    CASE WHEN files > 0 THEN original_bytes / files END AS avg_file_bytes,
    uploads,
    deletions,
    CASE WHEN media_type = 'all' THEN CAST($quota_bytes AS BIGINT) END AS quota_bytes,
    CASE WHEN media_type = 'all' AND CAST($quota_bytes AS BIGINT) > 0
         THEN (original_bytes + rendition_bytes) / CAST($quota_bytes AS BIGINT) END AS quota_used
FROM grouped
