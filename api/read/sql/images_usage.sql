-- The images with the most page views over the built days of the range in usage kind $usage_kind
-- ('all': every kind; featured, gallery, ...: events whose usage was that), then downloads, clicks
-- (report_most_used.sql for images over a range). Name, size and references as of $as_of.
WITH usage AS (
    SELECT media_id, sum(impressions) AS impressions, sum(views) AS views, sum(clicks) AS clicks,
           sum(shares) AS shares, sum(downloads) AS downloads
    FROM daily_media_usage
    WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND media_type = 'image'
      AND usage_kind = $usage_kind
    GROUP BY media_id
)
SELECT u.*, coalesce(i.filename, u.media_id) AS filename, i.size_bytes + i.rendition_bytes AS bytes,
       i.width, i.height, coalesce(i.live_reference_count, 0) AS usage_count
FROM usage AS u
LEFT JOIN media_inventory AS i ON i.day = $as_of AND i.media_id = u.media_id
ORDER BY u.views DESC, u.downloads DESC, u.clicks DESC, u.media_id
LIMIT $limit
