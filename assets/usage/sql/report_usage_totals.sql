-- The day's usage over every item. unique users are recounted from the events, not summed.
SELECT
    count(*) FILTER (event_type = 'impression') AS impressions,
    count(*) FILTER (event_type = 'view') AS views,
    count(*) FILTER (event_type = 'click') AS clicks,
    count(*) FILTER (event_type = 'download') AS downloads,
    count(*) FILTER (event_type = 'share') AS shares,
    count(*) FILTER (event_type = 'preview') AS previews,
    count(DISTINCT coalesce('u:' || user_id, 's:' || session_id)) AS unique_users
FROM raw_usage_events
WHERE day = $day
