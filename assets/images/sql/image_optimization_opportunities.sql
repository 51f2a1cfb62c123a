-- The opportunities planned in Python (registered as `opportunity_rows`), weighted by the day's
-- requests for the original file (none for an unused rendition) and ranked.
WITH delivery AS (
    SELECT media_id, requests - rendition_requests AS original_requests
    FROM daily_media_delivery WHERE day = $day
),
has_delivery AS (SELECT count(*) > 0 AS yes FROM daily_media_delivery WHERE day = $day),
weighted AS (
    SELECT o.*, o.current_bytes - o.expected_bytes AS bytes_saved,
           -- an unused rendition is the file no one asked for: it saves storage, not bandwidth
           CASE WHEN h.yes THEN CASE WHEN o.kind = 'unused_rendition' THEN 0
                                     ELSE coalesce(d.original_requests, 0) END END AS original_requests
    FROM opportunity_rows AS o
    CROSS JOIN has_delivery AS h
    LEFT JOIN delivery AS d USING (media_id)
)
SELECT CAST($day AS DATE) AS day, media_id, path, kind, image_format, target_format, target_width, width, height,
       current_bytes,
       expected_bytes, bytes_saved, method, recommendation, original_requests,
       bytes_saved * original_requests AS traffic_weighted_daily_savings,
       row_number() OVER (ORDER BY bytes_saved * original_requests DESC NULLS LAST, bytes_saved DESC, path, kind) AS rank
FROM weighted
