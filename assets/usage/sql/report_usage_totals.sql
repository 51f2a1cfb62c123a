-- The day's usage over every item. Visits (visitor x item) are summed: the engagement rate is
-- sum(engaged_visits) / sum(visits). Unique users are recounted from the events, not summed over
-- items: by visitors_per_day (assets/usage/assets.py), in passes.
SELECT
    count(*) FILTER (event_type = 'impression') AS impressions,
    count(*) FILTER (event_type = 'view') AS views,
    count(*) FILTER (event_type = 'click') AS clicks,
    count(*) FILTER (event_type = 'download') AS downloads,
    count(*) FILTER (event_type = 'share') AS shares,
    count(*) FILTER (event_type = 'preview') AS previews,
    (SELECT sum(visits) FROM daily_media_usage WHERE day = $day AND usage_kind = 'all') AS visits,
    (SELECT sum(engaged_visits) FROM daily_media_usage WHERE day = $day AND usage_kind = 'all') AS engaged_visits
FROM raw_usage_events
WHERE day = $day
