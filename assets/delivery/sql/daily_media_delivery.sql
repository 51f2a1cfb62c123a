-- daily_media_delivery for $day: per media item, what the access logs and the tracked load times
-- say about its delivery (DESIGN.md, Delivery performance). Column comments in schema_delivery.sql
-- give each definition; in short:
--   cache hit rate        hits / (hits + misses), unknown statuses left out
--   load time             usage_events load_time_ms when the item has any that day, else the
--                         access log's request time: one source per row, named in load_time_source
--   error rate            (4xx + 5xx) / requests
--   download success      clients whose 200 sent >= the file size, or whose 206 bytes add up to it,
--                         over clients that requested the original with 200/206 (bots excluded)
--   modern-format share   image requests served as WebP/AVIF / image requests
--   rendition share       image requests served a rendition smaller than the original / image requests
--   compression savings   sum of (original - bytes sent) over 200s served a rendition or variant
WITH requests AS (
    SELECT * FROM raw_access_log WHERE day = $day AND media_id IS NOT NULL
), per_media AS (
    SELECT
        media_id,
        any_value(media_type) AS media_type,
        count(*) AS requests,
        count(*) FILTER (NOT is_bot) AS human_requests,
        count(*) FILTER (is_bot) AS bot_requests,
        sum(bytes_sent) AS bytes_sent,
        count(*) FILTER (cache_result = 'hit') AS cache_hits,
        count(*) FILTER (cache_result = 'miss') AS cache_misses,
        count(*) FILTER (cache_result = 'unknown') AS cache_unknown,
        avg(exact(request_time_ms))::DOUBLE AS server_mean_ms,
        quantile_cont(request_time_ms, 0.5) AS server_p50_ms,
        quantile_cont(request_time_ms, 0.95) AS server_p95_ms,
        count(request_time_ms) AS server_samples,
        count(*) FILTER (status BETWEEN 400 AND 499) AS errors_4xx,
        count(*) FILTER (status BETWEEN 500 AND 599) AS errors_5xx,
        count(*) FILTER (media_type = 'image') AS image_requests,
        count(*) FILTER (media_type = 'image' AND served_format IN ('webp', 'avif')) AS modern_format_requests,
        count(*) FILTER (media_type = 'image' AND variant NOT IN ('original', 'modern_format')
                         AND file_bytes < original_bytes) AS rendition_requests,
        count(*) FILTER (NOT is_bot AND device_type IN ('mobile', 'tablet')) AS mobile_requests,
        coalesce(sum(greatest(original_bytes - bytes_sent, 0))
                 FILTER (status = 200 AND variant <> 'original'), 0) AS compression_savings_bytes
    FROM requests
    GROUP BY media_id
), downloads AS (
    SELECT
        media_id,
        count(*) AS attempted,
        count(*) FILTER (full_200 OR ranged_bytes >= original_bytes) AS completed
    FROM (
        SELECT
            media_id,
            coalesce(client_id, user_agent, '') AS client,
            any_value(original_bytes) AS original_bytes,
            bool_or(status = 200 AND bytes_sent >= original_bytes) AS full_200,
            coalesce(sum(bytes_sent) FILTER (status = 206), 0) AS ranged_bytes
        FROM requests
        WHERE variant = 'original' AND status IN (200, 206) AND NOT is_bot
        GROUP BY 1, 2
    )
    GROUP BY media_id
), tracked AS (
    SELECT
        e.media_id,
        any_value(coalesce(i.media_type, 'unknown')) AS media_type,
        avg(exact(e.load_time_ms))::DOUBLE AS mean_ms,
        quantile_cont(e.load_time_ms, 0.5) AS p50_ms,
        quantile_cont(e.load_time_ms, 0.95) AS p95_ms,
        count(*) AS samples
    FROM raw_usage_events AS e
    LEFT JOIN media_inventory AS i ON i.day = e.day AND i.media_id = e.media_id
    WHERE e.day = $day AND e.load_time_ms IS NOT NULL
    GROUP BY e.media_id
)
SELECT
    $day AS day,
    coalesce(p.media_id, t.media_id) AS media_id,
    coalesce(p.media_type, t.media_type) AS media_type,
    coalesce(p.requests, 0) AS requests,
    coalesce(p.human_requests, 0) AS human_requests,
    coalesce(p.bot_requests, 0) AS bot_requests,
    coalesce(p.bytes_sent, 0) AS bytes_sent,
    coalesce(p.cache_hits, 0) AS cache_hits,
    coalesce(p.cache_misses, 0) AS cache_misses,
    coalesce(p.cache_unknown, 0) AS cache_unknown,
    p.cache_hits / nullif(p.cache_hits + p.cache_misses, 0) AS cache_hit_rate,
    CASE WHEN t.samples > 0 THEN t.mean_ms ELSE p.server_mean_ms END AS load_time_mean_ms,
    CASE WHEN t.samples > 0 THEN t.p50_ms ELSE p.server_p50_ms END AS load_time_p50_ms,
    CASE WHEN t.samples > 0 THEN t.p95_ms ELSE p.server_p95_ms END AS load_time_p95_ms,
    coalesce(CASE WHEN t.samples > 0 THEN t.samples ELSE p.server_samples END, 0) AS load_time_samples,
    CASE WHEN t.samples > 0 THEN 'usage_events' WHEN p.server_samples > 0 THEN 'access_log' END AS load_time_source,
    coalesce(p.errors_4xx, 0) AS errors_4xx,
    coalesce(p.errors_5xx, 0) AS errors_5xx,
    (p.errors_4xx + p.errors_5xx) / nullif(p.requests, 0) AS error_rate,
    coalesce(d.attempted, 0) AS downloads_attempted,
    coalesce(d.completed, 0) AS downloads_completed,
    d.completed / nullif(d.attempted, 0) AS download_success_rate,
    coalesce(p.image_requests, 0) AS image_requests,
    coalesce(p.modern_format_requests, 0) AS modern_format_requests,
    p.modern_format_requests / nullif(p.image_requests, 0) AS modern_format_share,
    coalesce(p.rendition_requests, 0) AS rendition_requests,
    p.rendition_requests / nullif(p.image_requests, 0) AS rendition_share,
    coalesce(p.mobile_requests, 0) AS mobile_requests,
    coalesce(p.compression_savings_bytes, 0) AS compression_savings_bytes
FROM per_media AS p
FULL OUTER JOIN tracked AS t ON t.media_id = p.media_id
LEFT JOIN downloads AS d ON d.media_id = coalesce(p.media_id, t.media_id)
