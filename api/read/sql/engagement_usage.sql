-- The usage events of the item $media_id over the built days of the range (daily_media_usage's
-- 'all' rows over a range): events and visits summed, visitors recounted from the range's events;
-- click-through = clicks / views, engagement = engaged visits / visits, lazy-load effectiveness
-- (images) = views / impressions, each a ratio of the range's sums.
WITH usage AS (
    SELECT
        coalesce(sum(impressions), 0) AS impressions, coalesce(sum(views), 0) AS views,
        coalesce(sum(clicks), 0) AS clicks, coalesce(sum(shares), 0) AS shares,
        coalesce(sum(downloads), 0) AS downloads, coalesce(sum(previews), 0) AS previews,
        coalesce(sum(visits), 0) AS visits, coalesce(sum(engaged_visits), 0) AS engaged_visits
    FROM daily_media_usage
    WHERE media_id = $media_id AND day BETWEEN $first AND $last AND list_contains($days, day) AND usage_kind = 'all'
), people AS (
    SELECT count(DISTINCT coalesce('u:' || user_id, 's:' || session_id)) AS unique_users
    FROM raw_usage_events
    WHERE media_id = $media_id AND day BETWEEN $first AND $last AND list_contains($days, day)
)
SELECT usage.*, people.unique_users,
       clicks / nullif(views, 0) AS click_through_rate,
       engaged_visits / nullif(visits, 0) AS engagement_rate,
       views / nullif(impressions, 0) AS lazy_load_effectiveness
FROM usage, people
