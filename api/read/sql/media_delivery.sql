-- The items' delivery over the built days of the range (daily_media_delivery summed; the seed's
-- media_performance_metrics), most bytes sent first, of $media_type (NULL: any) or one item
-- ($media_id), a page at a time. Rates are ratios of the sums; the mean load time weighs each
-- day's mean by its samples; percentiles only for a one-day range (they do not combine).
SELECT
    d.media_id,
    coalesce(any_value(i.filename), d.media_id) AS filename,
    any_value(d.media_type) AS media_type,
    sum(d.requests) AS requests, sum(d.human_requests) AS human_requests, sum(d.bot_requests) AS bot_requests,
    sum(d.bytes_sent) AS bytes_sent,
    sum(d.cache_hits) AS cache_hits, sum(d.cache_misses) AS cache_misses, sum(d.cache_unknown) AS cache_unknown,
    sum(d.cache_hits) / nullif(sum(d.cache_hits + d.cache_misses), 0) AS cache_hit_rate,
    sum(d.load_time_mean_ms * d.load_time_samples) / nullif(sum(d.load_time_samples), 0) AS load_time_mean_ms,
    CASE WHEN $first = $last THEN any_value(d.load_time_p50_ms) END AS load_time_p50_ms,
    CASE WHEN $first = $last THEN any_value(d.load_time_p95_ms) END AS load_time_p95_ms,
    sum(d.load_time_samples) AS load_time_samples,
    string_agg(DISTINCT d.load_time_source, ', ') AS load_time_source,
    sum(d.errors_4xx) AS errors_4xx, sum(d.errors_5xx) AS errors_5xx,
    sum(d.errors_4xx + d.errors_5xx) / nullif(sum(d.requests), 0) AS error_rate,
    sum(d.downloads_attempted) AS downloads_attempted, sum(d.downloads_completed) AS downloads_completed,
    sum(d.downloads_completed) / nullif(sum(d.downloads_attempted), 0) AS download_success_rate,
    sum(d.modern_format_requests) / nullif(sum(d.image_requests), 0) AS modern_format_share,
    sum(d.rendition_requests) / nullif(sum(d.image_requests), 0) AS rendition_share,
    sum(d.mobile_requests) / nullif(sum(d.human_requests), 0) AS mobile_share,
    sum(d.compression_savings_bytes) AS compression_savings_bytes
FROM daily_media_delivery AS d
LEFT JOIN media_inventory AS i ON i.day = $as_of AND i.media_id = d.media_id
WHERE d.day BETWEEN $first AND $last AND list_contains($days, d.day)
  AND ($media_type IS NULL OR d.media_type = $media_type) AND ($media_id IS NULL OR d.media_id = $media_id)
GROUP BY d.media_id
ORDER BY bytes_sent DESC, d.media_id
LIMIT $limit OFFSET $offset
