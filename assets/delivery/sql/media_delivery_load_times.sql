-- Part of daily_media_delivery (the temporary table delivery_load_times): per media item, the
-- load times tracked in usage_events that day (mean, p50, p95) and how many there are.
SELECT
    e.media_id,
    any_value(coalesce(i.media_type, 'unknown')) AS media_type,
    avg(exact(e.load_time_ms))::DOUBLE AS mean_ms,
    quantile_cont(e.load_time_ms, [0.5, 0.95]) AS p50_p95_ms,  -- one state: two calls kept every value twice
    count(*) AS samples
FROM raw_usage_events AS e
LEFT JOIN media_inventory AS i ON i.day = e.day AND i.media_id = e.media_id
WHERE e.day = $day AND e.load_time_ms IS NOT NULL
GROUP BY e.media_id
