-- Retention curves of the $limit items of $media_type with the most views over the built days of the
-- range whose timeline has two buckets or more (report_video_timeline.sql over a range), from
-- video_retention: per bucket the views that watched any part of it summed over the days / the
-- item's views of the range (each view belongs to one day, so this is the share of the range's
-- views), and the bucket most views left in (drop-offs summed; NULL when every view finished).
-- Days built with another bucket size than the range's last one are left out.
WITH size AS (
    SELECT arg_max(bucket_seconds, day) AS bucket_seconds
    FROM video_retention
    WHERE day BETWEEN $first AND $last AND list_contains($days, day)
), rows AS (
    SELECT r.*
    FROM video_retention AS r, size
    WHERE r.day BETWEEN $first AND $last AND list_contains($days, r.day) AND r.media_type = $media_type
      AND r.bucket_seconds = size.bucket_seconds
), top AS (
    SELECT media_id, sum(views) AS views
    FROM (SELECT DISTINCT day, media_id, views FROM rows)
    GROUP BY media_id
    HAVING media_id IN (SELECT media_id FROM rows GROUP BY media_id HAVING count(DISTINCT bucket) >= 2)
    ORDER BY views DESC, media_id
    LIMIT $limit
), buckets AS (
    SELECT r.media_id, r.bucket, max(r.bucket_end) AS bucket_end, sum(r.viewers) AS viewers,
           sum(r.dropoffs) AS dropoffs, arg_max(r.duration, r.day) AS duration,
           any_value(r.bucket_seconds) AS bucket_seconds
    FROM rows AS r
    JOIN top USING (media_id)
    GROUP BY r.media_id, r.bucket
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY media_id ORDER BY dropoffs DESC, bucket) AS dropoff_rank
    FROM buckets
), names AS (
    SELECT media_id, arg_max(filename, day) AS filename
    FROM media_inventory
    WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND media_id IN (SELECT media_id FROM top)
    GROUP BY media_id
)
SELECT
    b.media_id,
    coalesce(any_value(n.filename), b.media_id) AS filename,
    top.views,
    max(b.duration) AS duration,
    any_value(b.bucket_seconds) AS bucket_seconds,
    list(b.viewers / top.views ORDER BY b.bucket) AS retention,
    any_value(b.bucket * b.bucket_seconds) FILTER (b.dropoff_rank = 1 AND b.dropoffs > 0) AS dropoff_start,
    any_value(b.bucket_end) FILTER (b.dropoff_rank = 1 AND b.dropoffs > 0) AS dropoff_end,
    any_value(b.dropoffs / top.views) FILTER (b.dropoff_rank = 1 AND b.dropoffs > 0) AS dropoff_share,
    any_value(b.dropoffs) FILTER (b.dropoff_rank = 1 AND b.dropoffs > 0) AS dropoffs
FROM ranked AS b
JOIN top USING (media_id)
LEFT JOIN names AS n USING (media_id)
GROUP BY b.media_id, top.views
ORDER BY top.views DESC, b.media_id
