-- The report's Performance panel for $day: the site's access logs ('all' row of
-- daily_delivery_totals), browser-tracked load times and the compression savings of the day.
-- No row when no access log covered the day.
SELECT
    t.requests,
    t.bot_requests,
    t.bytes_sent,
    t.cache_hit_rate,
    t.error_rate,
    t.load_time_mean_ms AS server_time_mean_ms,
    (SELECT avg(load_time_ms) FROM raw_usage_events WHERE day = $day) AS load_time_mean_ms,
    t.modern_format_share,
    t.mobile_share,
    (SELECT coalesce(sum(compression_savings_bytes), 0) FROM daily_media_delivery WHERE day = $day)
        AS compression_savings_bytes
FROM daily_delivery_totals AS t
WHERE t.day = $day AND t.media_type = 'all'
