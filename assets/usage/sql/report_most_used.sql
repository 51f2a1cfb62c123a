-- The report's "most used media" for $day: the items with the most views (then downloads, clicks).
-- Only items of $media_type ('all': every type).
SELECT
    u.media_id,
    coalesce(i.filename, u.media_id) AS filename,
    u.media_type,
    i.size_bytes + i.rendition_bytes AS bytes,  -- the seed's Size column: the file and its renditions
    u.views, u.clicks, u.downloads, u.shares, u.unique_users,
    -- documents have no click event (they are previewed or downloaded): no click-through rate
    CASE WHEN u.media_type <> 'document' THEN u.click_through_rate END AS click_through_rate,
    u.engaged_visit_rate AS engagement_rate, u.popularity_score
FROM daily_media_usage AS u
LEFT JOIN media_inventory AS i ON i.day = u.day AND i.media_id = u.media_id
WHERE u.day = $day AND u.usage_kind = 'all' AND $media_type IN ('all', u.media_type)
ORDER BY u.views DESC, u.downloads DESC, u.clicks DESC, u.media_id
LIMIT $limit
