-- The 30 days up to $day for the report's trend: library size, uploads/deletions and usage totals.
-- Days without a built partition show zeros for usage and are left out of storage (no snapshot).
WITH days AS (
    SELECT CAST(d AS DATE) AS day FROM range($day - 29, $day + 1, INTERVAL 1 DAY) AS t(d)
), storage AS (
    SELECT day, files, bytes, uploads, deletions FROM daily_storage WHERE media_type = 'all'
), usage AS (
    SELECT day, sum(views) AS views, sum(clicks) AS clicks, sum(downloads) AS downloads
    FROM daily_media_usage WHERE usage_kind = 'all' AND day BETWEEN $day - 29 AND $day
    GROUP BY day
)
SELECT
    days.day,
    coalesce(storage.files, 0) AS files,
    coalesce(storage.bytes, 0) AS bytes,
    coalesce(storage.uploads, 0) AS uploads,
    coalesce(storage.deletions, 0) AS deletions,
    coalesce(usage.views, 0) AS views,
    coalesce(usage.clicks, 0) AS clicks,
    coalesce(usage.downloads, 0) AS downloads
FROM days
JOIN storage USING (day)
LEFT JOIN usage USING (day)
ORDER BY days.day
