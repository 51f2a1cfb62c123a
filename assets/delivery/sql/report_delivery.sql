-- The report's Performance panel for $day: the site's access logs ('all' row of
-- daily_delivery_totals), browser-tracked load times, the compression savings of the day, the
-- error rate of the requests that reached media items and the requests that matched none.
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
        AS compression_savings_bytes,
    -- the error rate of requests that reached a media item: a request for a path no item has is a
    -- broken link, listed apart (report_broken_links), not a delivery error of the library
    (SELECT sum(errors_4xx + errors_5xx) / nullif(sum(requests), 0) FROM daily_media_delivery WHERE day = $day)
        AS media_error_rate,
    coalesce(u.requests, 0) AS unmatched_requests,
    coalesce(CAST(round(u.error_rate * u.requests) AS BIGINT), 0) AS unmatched_errors
FROM daily_delivery_totals AS t
LEFT JOIN daily_delivery_totals AS u ON u.day = t.day AND u.media_type = 'unmatched'
WHERE t.day = $day AND t.media_type = 'all'
