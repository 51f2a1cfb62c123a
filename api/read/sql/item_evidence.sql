-- What the warehouse knows of $media_id's use as of $as_of: its evidence class and, for a document,
-- its searchability recommendations.
SELECT n.evidence_class, n.deletion_risk, n.referenced, n.delivered, n.last_delivered_day, n.lookback_days,
       n.potential_savings_bytes, s.recommendations AS document_recommendations
FROM (SELECT $media_id AS media_id) AS wanted
LEFT JOIN unused_media AS n ON n.day = $as_of AND n.media_id = wanted.media_id
LEFT JOIN document_searchability AS s ON s.day = $as_of AND s.media_id = wanted.media_id
