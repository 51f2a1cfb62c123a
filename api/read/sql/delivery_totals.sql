-- The site's delivery over the built days of the range, 'all' (every request), 'unmatched' and
-- per media type: daily_delivery_totals.sql recounted from the requests of the range, so a rate is
-- the range's own (hits / (hits + misses) of all its requests), not an average of days.
WITH requests AS (
    SELECT *, coalesce(media_type, 'unmatched') AS kind
    FROM raw_access_log
    WHERE day BETWEEN $first AND $last AND list_contains($days, day)
), grouped AS (
    SELECT
        CASE WHEN grouping(kind) = 1 THEN 'all' ELSE kind END AS media_type,
        count(*) AS requests,
        count(*) FILTER (is_bot) AS bot_requests,
        sum(bytes_sent) AS bytes_sent,
        count(*) FILTER (cache_result = 'hit') AS hits,
        count(*) FILTER (cache_result = 'miss') AS misses,
        count(*) FILTER (status >= 400) AS errors,
        avg(exact(request_time_ms))::DOUBLE AS server_time_mean_ms,
        count(*) FILTER (media_type = 'image') AS images,
        count(*) FILTER (media_type = 'image' AND served_format IN ('webp', 'avif')) AS modern,
        count(*) FILTER (NOT is_bot) AS humans,
        count(*) FILTER (NOT is_bot AND device_type IN ('mobile', 'tablet')) AS mobile
    FROM requests
    GROUP BY GROUPING SETS ((), (kind))
    HAVING count(*) > 0
)
SELECT
    media_type, requests, bot_requests, bytes_sent,
    hits / nullif(hits + misses, 0) AS cache_hit_rate,
    errors / nullif(requests, 0) AS error_rate,
    server_time_mean_ms,
    modern / nullif(images, 0) AS modern_format_share,
    mobile / nullif(humans, 0) AS mobile_share
FROM grouped
ORDER BY media_type = 'all' DESC, bytes_sent DESC, media_type
