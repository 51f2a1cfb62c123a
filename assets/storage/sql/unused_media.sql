-- unused_media for $day: every item live at the end of the day with the evidence of its use
-- (DESIGN.md, Unused media; after Media Cleaner's reference scan, extended with delivery).
--   referenced  a usage location that is not in the trash points at it (drafts, scheduled and
--               private posts count as references)
--   delivered   a usage event, or a person's request answered without error (access logs),
--               reached it in the $lookback_days days ending on $day
--   class       in_use / stale / hot_linked / cleanup_candidate from those two
--   risk        high if referenced; medium if delivered in the last 30 days or hot-linked; else low
--   savings     the file's bytes plus all its renditions'
WITH deliveries AS (
    -- any usage event, and any request a person made that the server answered (bots and errors
    -- are not evidence of use)
    SELECT media_id, day FROM raw_usage_events
    WHERE day BETWEEN $day - ($lookback_days - 1) AND $day
    UNION ALL
    SELECT media_id, day FROM raw_access_log
    WHERE day BETWEEN $day - ($lookback_days - 1) AND $day
      AND media_id IS NOT NULL AND NOT is_bot AND status < 400
), window_events AS (
    SELECT media_id, count(*) AS deliveries, max(day) AS last_day
    FROM deliveries
    GROUP BY media_id
), coverage AS (
    SELECT count(DISTINCT day) AS days FROM deliveries
), evidence AS (
    SELECT
        i.media_id,
        i.media_type,
        i.filename,
        i.created_at,
        i.live_reference_count > 0 AS referenced,
        i.live_reference_count,
        coalesce(w.deliveries, 0) > 0 AS delivered,
        coalesce(w.deliveries, 0) AS deliveries_in_window,
        w.last_day AS last_delivered_day,
        i.size_bytes + i.rendition_bytes AS potential_savings_bytes
    FROM media_inventory AS i
    LEFT JOIN window_events AS w USING (media_id)
    WHERE i.day = $day AND NOT i.is_deleted
), classified AS (
    SELECT
        *,
        CASE
            WHEN referenced AND delivered THEN 'in_use'
            WHEN referenced THEN 'stale'
            WHEN delivered THEN 'hot_linked'
            ELSE 'cleanup_candidate'
        END AS evidence_class
    FROM evidence
)
SELECT
    $day AS day,
    media_id, media_type, filename, created_at, referenced, live_reference_count, delivered,
    deliveries_in_window, last_delivered_day, evidence_class,
    CASE
        WHEN referenced THEN 'high'
        WHEN last_delivered_day > $day - 30 OR evidence_class = 'hot_linked' THEN 'medium'
        ELSE 'low'
    END AS deletion_risk,
    potential_savings_bytes,
    $lookback_days AS lookback_days,
    (SELECT days FROM coverage) AS days_with_delivery_data
FROM classified
