-- The items (or the one item $media_id) with the most page views over the built days of the range (then downloads, clicks; the
-- report's "most used media" over a range), of $media_type (NULL: any), a page at a time. Name,
-- size, references and where the item is used are as of $as_of.
WITH usage AS (
    SELECT media_id, any_value(media_type) AS media_type,
           sum(views) AS views, sum(clicks) AS clicks, sum(downloads) AS downloads, sum(shares) AS shares,
           sum(previews) AS previews, sum(impressions) AS impressions,
           sum(visits) AS visits, sum(engaged_visits) AS engaged_visits
    FROM daily_media_usage
    WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND usage_kind = 'all'
      AND ($media_type IS NULL OR media_type = $media_type) AND ($media_id IS NULL OR media_id = $media_id)
    GROUP BY media_id
)
SELECT
    u.*,
    coalesce(i.filename, u.media_id) AS filename,
    i.size_bytes + i.rendition_bytes AS bytes,
    coalesce(i.live_reference_count, 0) AS usage_count,
    n.last_delivered_day,
    i.usage_locations
FROM usage AS u
LEFT JOIN media_inventory AS i ON i.day = $as_of AND i.media_id = u.media_id
LEFT JOIN unused_media AS n ON n.day = $as_of AND n.media_id = u.media_id
ORDER BY u.views DESC, u.downloads DESC, u.clicks DESC, u.media_id
LIMIT $limit OFFSET $offset
