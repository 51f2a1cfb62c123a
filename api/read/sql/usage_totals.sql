-- Usage over the built days of the range, for 'all' and per media type (the report's headline
-- usage, report_daily_metrics.sql, over a range): events of each type and visits summed from
-- daily_media_usage; visitors recounted from the events of the range (people are not summed over
-- days or items), with the mean tracked load time.
WITH usage AS (
    SELECT
        CASE WHEN grouping(media_type) = 1 THEN 'all' ELSE media_type END AS media_type,
        sum(impressions) AS impressions, sum(views) AS views, sum(clicks) AS clicks,
        sum(downloads) AS downloads, sum(shares) AS shares, sum(previews) AS previews,
        sum(visits) AS visits, sum(engaged_visits) AS engaged_visits
    FROM daily_media_usage
    WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND usage_kind = 'all'
    GROUP BY GROUPING SETS ((), (media_type))
), events AS (
    SELECT e.user_id, e.session_id, e.load_time_ms, i.media_type
    FROM raw_usage_events AS e
    LEFT JOIN (SELECT media_id, any_value(media_type) AS media_type FROM media_inventory
               WHERE day = $as_of GROUP BY media_id) AS i USING (media_id)
    WHERE e.day BETWEEN $first AND $last AND list_contains($days, e.day)
), people AS (
    SELECT
        CASE WHEN grouping(media_type) = 1 THEN 'all' ELSE media_type END AS media_type,
        count(DISTINCT coalesce('u:' || user_id, 's:' || session_id)) AS unique_users,
        count(DISTINCT user_id) AS signed_in_users,
        avg(load_time_ms) AS load_time_mean_ms
    FROM events
    GROUP BY GROUPING SETS ((), (media_type))
    HAVING grouping(media_type) = 1 OR media_type IS NOT NULL
)
SELECT
    u.media_type,
    u.impressions, u.views, u.clicks, u.downloads, u.shares, u.previews, u.visits, u.engaged_visits,
    coalesce(p.unique_users, 0) AS unique_users, coalesce(p.signed_in_users, 0) AS signed_in_users,
    p.load_time_mean_ms,
    -- documents have no click event: no click-through rate for them
    CASE WHEN u.media_type <> 'document' THEN u.clicks / nullif(u.views, 0) END AS click_through_rate,
    u.engaged_visits / nullif(u.visits, 0) AS engagement_rate,
    u.views / nullif(u.impressions, 0) AS view_impression_ratio
FROM usage AS u
LEFT JOIN people AS p USING (media_type)
WHERE u.media_type IS NOT NULL
ORDER BY u.media_type = 'all' DESC, u.media_type
