-- What the warehouse knows of each item's use as of $as_of (or of the one item $media_id): its
-- evidence class and, for a document, its searchability recommendations.
WITH wanted AS (
    SELECT DISTINCT media_id FROM media_inventory WHERE day = $as_of AND $media_id IS NULL
    UNION ALL
    SELECT $media_id WHERE $media_id IS NOT NULL
)
SELECT wanted.media_id, n.evidence_class, n.deletion_risk, n.referenced, n.delivered, n.last_delivered_day,
       n.lookback_days, n.potential_savings_bytes, s.recommendations AS document_recommendations
FROM wanted
LEFT JOIN unused_media AS n ON n.day = $as_of AND n.media_id = wanted.media_id
LEFT JOIN document_searchability AS s ON s.day = $as_of AND s.media_id = wanted.media_id
