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
-- The three parts are temporary tables written one after another from media_delivery_<part>.sql
-- (write_delivery in assets/delivery/assets.py): delivery_requests, delivery_downloads and
-- delivery_load_times. As one query, DuckDB held the parts' hash tables (within its memory limit)
-- and the percentiles' values (which it does not count) at the same time.
-- Each part takes p50 and p95 from one quantile_cont state: a state keeps every value it is given,
-- outside the memory limit.
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
    CASE WHEN t.samples > 0 THEN t.p50_p95_ms[1] ELSE p.server_p50_p95_ms[1] END AS load_time_p50_ms,
    CASE WHEN t.samples > 0 THEN t.p50_p95_ms[2] ELSE p.server_p50_p95_ms[2] END AS load_time_p95_ms,
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
FROM delivery_requests AS p
FULL OUTER JOIN delivery_load_times AS t ON t.media_id = p.media_id
LEFT JOIN delivery_downloads AS d ON d.media_id = coalesce(p.media_id, t.media_id)
