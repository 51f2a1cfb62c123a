-- The item $media_id on each built day of the range: its events and its requests.
WITH usage AS (
    SELECT day, impressions, views, clicks, downloads, shares, previews
    FROM daily_media_usage
    WHERE day BETWEEN $first AND $last AND media_id = $media_id AND usage_kind = 'all'
), delivery AS (
    SELECT day, requests, bytes_sent
    FROM daily_media_delivery
    WHERE day BETWEEN $first AND $last AND media_id = $media_id
)
SELECT d.day,
       coalesce(u.impressions, 0) AS impressions, coalesce(u.views, 0) AS views, coalesce(u.clicks, 0) AS clicks,
       coalesce(u.downloads, 0) AS downloads, coalesce(u.shares, 0) AS shares, coalesce(u.previews, 0) AS previews,
       coalesce(x.requests, 0) AS requests, coalesce(x.bytes_sent, 0) AS bytes_sent
FROM (SELECT unnest($days) AS day) AS d
LEFT JOIN usage AS u USING (day)
LEFT JOIN delivery AS x USING (day)
ORDER BY d.day
