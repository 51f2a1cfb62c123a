-- The opportunities planned in Python (registered as `opportunity_rows`), weighted by the bytes the
-- day's access logs sent as the original file itself, and ranked.
--   original_requests     requests answered with the original's own bytes: status 200 or 206 for
--                         the original path, not a rendition and not a WebP/AVIF variant (those are
--                         already optimised: a saving on the original cannot come from them)
--   original_bytes_sent   the bytes those requests sent
--   traffic-weighted      original_bytes_sent x bytes_saved / current_bytes: each full response of
--   daily savings         the original would have been bytes_saved smaller, a partial (206) one in
--                         proportion; it never exceeds the bytes sent (the check
--                         image_savings_within_bytes_sent says so for every row). The seed weighted
--                         by every request for the item's address (bytes_saved x requests), which
--                         counted requests answered with WebP/AVIF or a rendition as if they had
--                         sent the original.
WITH sent AS (
    SELECT media_id, count(*) AS original_requests, sum(bytes_sent) AS original_bytes_sent
    FROM raw_access_log
    WHERE day = $day AND media_id IS NOT NULL AND variant = 'original' AND status IN (200, 206)
    GROUP BY media_id
),
has_delivery AS (SELECT count(*) > 0 AS yes FROM daily_media_delivery WHERE day = $day),
weighted AS (
    SELECT o.*, o.current_bytes - o.expected_bytes AS bytes_saved,
           -- an unused rendition is the file no one asked for: it saves storage, not bandwidth
           CASE WHEN h.yes THEN CASE WHEN o.kind = 'unused_rendition' THEN 0
                                     ELSE coalesce(s.original_requests, 0) END END AS original_requests,
           CASE WHEN h.yes THEN CASE WHEN o.kind = 'unused_rendition' THEN 0
                                     ELSE coalesce(s.original_bytes_sent, 0) END END AS original_bytes_sent
    FROM opportunity_rows AS o
    CROSS JOIN has_delivery AS h
    LEFT JOIN sent AS s USING (media_id)
), scored AS (
    SELECT *,
           CAST(round(original_bytes_sent * bytes_saved / nullif(current_bytes, 0)) AS BIGINT)
               AS traffic_weighted_daily_savings
    FROM weighted
)
SELECT CAST($day AS DATE) AS day, media_id, path, kind, image_format, target_format, target_width, width, height,
       current_bytes,
       expected_bytes, bytes_saved, method, recommendation, original_requests, original_bytes_sent,
       traffic_weighted_daily_savings,
       row_number() OVER (ORDER BY traffic_weighted_daily_savings DESC NULLS LAST, bytes_saved DESC, path, kind) AS rank
FROM scored
