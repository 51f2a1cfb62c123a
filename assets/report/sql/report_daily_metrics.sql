-- The report's headline numbers per day and media type (and 'all') over the 30 days up to $day: the
-- library, usage, delivery, playback and cleanup figures the pages compare with the previous day and
-- the previous 7-day average, and draw as 30-day trends.
-- Only built days count (a daily_storage snapshot exists): a day never built is absent, not zero.
-- Within a built day, counts of events are 0 when none happened; delivery figures are NULL when no
-- access log covered the day and playback figures NULL when no playback session started, so an
-- average leaves those days out. unique_users is counted for the last 8 days only (recounted from
-- the events: distinct people cannot be summed over items).
WITH built AS (
    SELECT day FROM daily_storage
    WHERE media_type = 'all' AND day BETWEEN $day - 29 AND $day
), storage AS (
    SELECT s.day, s.media_type, s.files, s.bytes, s.uploads, s.deletions
    FROM daily_storage AS s JOIN built USING (day)
), usage AS (
    SELECT day, coalesce(media_type, 'all') AS media_type,
           sum(impressions) AS impressions, sum(views) AS views, sum(clicks) AS clicks,
           sum(downloads) AS downloads, sum(shares) AS shares, sum(previews) AS previews,
           sum(visits) AS visits, sum(engaged_visits) AS engaged_visits
    FROM daily_media_usage
    WHERE usage_kind = 'all' AND day BETWEEN $day - 29 AND $day
    GROUP BY GROUPING SETS ((day, media_type), (day))
), people AS (
    -- day_visitors: the library's distinct visitors of each of these 8 days with usage events,
    -- counted from the events in passes (visitors_per_day in assets/usage/assets.py), registered by
    -- the caller (daily_metrics in assets/report/data.py)
    SELECT day, 'all' AS media_type, unique_users FROM day_visitors
), delivery AS (
    SELECT day, media_type, requests, bytes_sent, cache_hit_rate, error_rate
    FROM daily_delivery_totals
    WHERE day BETWEEN $day - 29 AND $day AND media_type <> 'unmatched'
), media_errors AS (
    -- the library's error rate: requests that reached a media item (a path no item has is a broken
    -- link, not a delivery error); per type the totals' own rate is already that
    SELECT day, 'all' AS media_type, sum(errors_4xx + errors_5xx) / nullif(sum(requests), 0) AS error_rate
    FROM daily_media_delivery
    WHERE day BETWEEN $day - 29 AND $day
    GROUP BY day
), playback AS (
    SELECT day, coalesce(media_type, 'all') AS media_type,
           count(*) AS video_views,
           sum(CAST(watched_seconds AS DECIMAL(38, 9)))::DOUBLE AS watch_seconds,  -- exact, as exact() in macros.sql
           count(*) FILTER (completed) / count(*) AS completion_rate
    FROM video_views
    WHERE is_view AND day BETWEEN $day - 29 AND $day
    GROUP BY GROUPING SETS ((day, media_type), (day))
), cleanup AS (
    SELECT day, coalesce(media_type, 'all') AS media_type,
           count(*) AS cleanup_files, sum(potential_savings_bytes) AS cleanup_bytes
    FROM unused_media
    WHERE evidence_class = 'cleanup_candidate' AND day BETWEEN $day - 29 AND $day
    GROUP BY GROUPING SETS ((day, media_type), (day))
)
SELECT
    storage.day,
    storage.media_type,
    storage.files,
    storage.bytes,
    storage.uploads,
    storage.deletions,
    coalesce(usage.impressions, 0) AS impressions,
    coalesce(usage.views, 0) AS views,
    coalesce(usage.clicks, 0) AS clicks,
    coalesce(usage.downloads, 0) AS downloads,
    coalesce(usage.shares, 0) AS shares,
    coalesce(usage.previews, 0) AS previews,
    CASE WHEN storage.media_type = 'all' AND storage.day >= $day - 7
         THEN coalesce(people.unique_users, 0) END AS unique_users,
    -- documents have no click event: no click-through rate for them (always 0 otherwise)
    CASE WHEN storage.media_type <> 'document' THEN usage.clicks / nullif(usage.views, 0) END AS click_through_rate,
    -- engaged visits / visits (daily_media_usage), not the seed's (clicks + shares + downloads) / views
    usage.engaged_visits / nullif(usage.visits, 0) AS engagement_rate,
    -- a type without requests on a day the logs cover had 0 requests; without logs it is unknown
    CASE WHEN delivery_day.day IS NOT NULL THEN coalesce(delivery.requests, 0) END AS requests,
    CASE WHEN delivery_day.day IS NOT NULL THEN coalesce(delivery.bytes_sent, 0) END AS bytes_sent,
    delivery.cache_hit_rate,
    CASE WHEN storage.media_type = 'all' THEN media_errors.error_rate ELSE delivery.error_rate END AS error_rate,
    CASE WHEN playback_day.day IS NOT NULL THEN coalesce(playback.video_views, 0) END AS video_views,
    CASE WHEN playback_day.day IS NOT NULL THEN coalesce(playback.watch_seconds, 0) END AS watch_seconds,
    playback.completion_rate,
    coalesce(cleanup.cleanup_files, 0) AS cleanup_files,
    coalesce(cleanup.cleanup_bytes, 0) AS cleanup_bytes
FROM storage
LEFT JOIN usage USING (day, media_type)
LEFT JOIN people USING (day, media_type)
LEFT JOIN delivery USING (day, media_type)
LEFT JOIN media_errors USING (day, media_type)
LEFT JOIN delivery AS delivery_day ON delivery_day.day = storage.day AND delivery_day.media_type = 'all'
LEFT JOIN playback USING (day, media_type)
LEFT JOIN playback AS playback_day ON playback_day.day = storage.day AND playback_day.media_type = 'all'
LEFT JOIN cleanup USING (day, media_type)
ORDER BY storage.day, storage.media_type
