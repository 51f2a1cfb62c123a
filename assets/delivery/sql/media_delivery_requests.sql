-- Part of daily_media_delivery (the temporary table delivery_requests): per media item, the day's
-- access-log requests counted and summed, and their server request time (mean, p50, p95).
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
    quantile_cont(request_time_ms, [0.5, 0.95]) AS server_p50_p95_ms,  -- one state: two calls kept every value twice
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
FROM raw_access_log
WHERE day = $day AND media_id IS NOT NULL
GROUP BY media_id
