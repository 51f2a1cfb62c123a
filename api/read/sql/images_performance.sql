-- Image delivery over the built days of the range, as ratios of sums: compression savings and the
-- modern-format and rendition shares of image requests (daily_media_delivery), page views /
-- impressions (daily_media_usage), and the mean of every load time tracked for an image (the item's
-- media type on the event's day).
WITH delivery AS (
    SELECT sum(compression_savings_bytes) AS compression_savings_bytes,
           sum(modern_format_requests) / nullif(sum(image_requests), 0) AS modern_format_share,
           sum(rendition_requests) / nullif(sum(image_requests), 0) AS rendition_share
    FROM daily_media_delivery
    WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND media_type = 'image'
), usage AS (
    SELECT sum(views) / nullif(sum(impressions), 0) AS lazy_load_effectiveness
    FROM daily_media_usage
    WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND media_type = 'image'
      AND usage_kind = 'all'
), load_times AS (
    SELECT avg(e.load_time_ms) AS load_time_mean_ms
    FROM raw_usage_events AS e
    JOIN media_inventory AS i ON i.day = e.day AND i.media_id = e.media_id AND i.media_type = 'image'
    WHERE e.day BETWEEN $first AND $last AND list_contains($days, e.day)
)
SELECT coalesce(d.compression_savings_bytes, 0) AS compression_savings_bytes, d.modern_format_share,
       d.rendition_share, u.lazy_load_effectiveness, l.load_time_mean_ms
FROM delivery AS d, usage AS u, load_times AS l
