-- Every file the day's inventory references under MEDIA_ROOT: originals and renditions, one row
-- per path (the smallest media id when several items name the same path).
WITH files AS (
    SELECT media_id, path, 'original' AS role FROM media_inventory WHERE day = $day
    UNION ALL
    SELECT media_id, r.path, coalesce(r.name, 'rendition') AS role
    FROM (SELECT media_id, unnest(renditions) AS r FROM media_inventory WHERE day = $day)
    WHERE r.path IS NOT NULL AND r.path <> ''
)
SELECT path, arg_min(media_id, media_id) AS media_id, arg_min(role, media_id) AS role
FROM files
GROUP BY path
ORDER BY path
