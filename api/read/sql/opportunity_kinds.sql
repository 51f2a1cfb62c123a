-- The optimisations as of $as_of per kind (opportunities.sql without the page): items and the bytes
-- of storage and of a day's traffic they would save.
WITH items AS (
    SELECT media_id, media_type FROM media_inventory WHERE day = $as_of
), found AS (
    SELECT kind, media_id, bytes_saved, traffic_weighted_daily_savings AS daily_bytes_saved
    FROM image_optimization_opportunities WHERE day = $as_of
    UNION ALL
    SELECT kind, media_id, bytes_saved, daily_bytes_saved FROM video_optimization_opportunities WHERE day = $as_of
    UNION ALL
    SELECT 'duplicate', media_id, reclaimable_bytes, NULL FROM media_duplicates WHERE day = $as_of AND NOT is_kept
    UNION ALL
    SELECT 'cleanup', media_id, potential_savings_bytes, NULL
    FROM unused_media WHERE day = $as_of AND evidence_class = 'cleanup_candidate'
)
SELECT kind, count(*) AS items, count(DISTINCT media_id) AS media_items,
       coalesce(sum(bytes_saved), 0) AS bytes_saved, sum(daily_bytes_saved) AS daily_bytes_saved
FROM found LEFT JOIN items USING (media_id)
WHERE $media_type IS NULL OR items.media_type = $media_type
GROUP BY kind
ORDER BY bytes_saved DESC, kind
