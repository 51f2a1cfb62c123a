-- The timeline of the item $media_id over the built days of the range, per bucket, from
-- video_retention: the views that watched any part of it, drop-offs, watched seconds, re-watches,
-- plays, pauses and seeks summed over the days; retention and drop-off share over the item's views
-- of the range (each view belongs to one day, so the sums are the range's views recounted); the
-- heatmap's intensity is recomputed as the tercile of the summed watched seconds among the item's
-- buckets (video_retention.sql's rule). Days built with another bucket size than the item's last
-- day are left out.
WITH rows AS (
    SELECT * FROM video_retention
    WHERE media_id = $media_id AND day BETWEEN $first AND $last AND list_contains($days, day)
), size AS (
    SELECT arg_max(bucket_seconds, day) AS bucket_seconds FROM rows
), kept AS (
    SELECT rows.* FROM rows, size WHERE rows.bucket_seconds = size.bucket_seconds
), item AS (
    SELECT sum(views) AS views FROM (SELECT DISTINCT day, views FROM kept)
), buckets AS (
    SELECT
        bucket, any_value(bucket_seconds) AS bucket_seconds, max(bucket_end) AS bucket_end,
        sum(viewers) AS viewers, sum(dropoffs) AS dropoffs, sum(exact(watched_seconds))::DOUBLE AS watched_seconds,
        sum(rewatches) AS rewatches, sum(plays) AS plays, sum(pauses) AS pauses, sum(seeks) AS seeks
    FROM kept
    GROUP BY bucket
)
SELECT
    b.bucket,
    b.bucket * b.bucket_seconds AS bucket_start,
    b.bucket_end,
    b.bucket_seconds,
    item.views,
    b.viewers,
    b.viewers / item.views AS retention,
    b.dropoffs,
    b.dropoffs / item.views AS dropoff_share,
    b.watched_seconds,
    b.rewatches,
    b.plays,
    b.pauses,
    b.seeks,
    CASE WHEN cume_dist() OVER (ORDER BY b.watched_seconds) <= 1 / 3 THEN 'low'
         WHEN cume_dist() OVER (ORDER BY b.watched_seconds) <= 2 / 3 THEN 'medium'
         ELSE 'high' END AS intensity
FROM buckets AS b, item
ORDER BY b.bucket
