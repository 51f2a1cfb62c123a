-- The report's retention curves and drop-off callouts for $day: the $limit items with the most views
-- whose timeline has two buckets or more (a one-bucket curve is a single point), each with its
-- retention per bucket and its largest drop-off (dropoff_rank 1; NULL when every view finished).
-- Only items of $media_type ('all': every type).
WITH top AS (
    SELECT media_id, any_value(views) AS views
    FROM video_retention
    WHERE day = $day AND $media_type IN ('all', media_type)
    GROUP BY media_id
    HAVING count(*) >= 2
    ORDER BY views DESC, media_id
    LIMIT $limit
)
SELECT
    r.media_id,
    coalesce(any_value(i.filename), r.media_id) AS filename,
    top.views,
    any_value(r.duration) AS duration,
    any_value(r.bucket_seconds) AS bucket_seconds,
    list(r.retention ORDER BY r.bucket) AS retention,
    any_value(r.bucket_start) FILTER (r.dropoff_rank = 1) AS dropoff_start,
    any_value(r.bucket_end) FILTER (r.dropoff_rank = 1) AS dropoff_end,
    any_value(r.dropoff_share) FILTER (r.dropoff_rank = 1) AS dropoff_share,
    any_value(r.dropoffs) FILTER (r.dropoff_rank = 1) AS dropoffs
FROM video_retention AS r
JOIN top USING (media_id)
LEFT JOIN media_inventory AS i ON i.day = r.day AND i.media_id = r.media_id
WHERE r.day = $day
GROUP BY r.media_id, top.views
ORDER BY top.views DESC, r.media_id
