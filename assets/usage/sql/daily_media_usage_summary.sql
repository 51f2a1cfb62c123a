-- The day's daily_media_usage in one row, for the asset's metadata and its bounds check:
-- rows whose rates fall outside their range (or are NaN), items missing from the inventory, and the
-- day's views, clicks and downloads (usage_kind 'all' rows only: the per-kind rows would count twice).
SELECT
    count(*) FILTER (popularity_score NOT BETWEEN 0 AND 100 OR isnan(popularity_score)
                     OR lazy_load_effectiveness < 0 OR isnan(lazy_load_effectiveness)
                     OR isnan(click_through_rate) OR isnan(engagement_rate)) AS rows_out_of_bounds,
    count(DISTINCT media_id) FILTER (media_type = 'unknown') AS media_not_in_inventory,
    coalesce(sum(views) FILTER (usage_kind = 'all'), 0) AS views,
    coalesce(sum(clicks) FILTER (usage_kind = 'all'), 0) AS clicks,
    coalesce(sum(downloads) FILTER (usage_kind = 'all'), 0) AS downloads
FROM daily_media_usage
WHERE day = $day
