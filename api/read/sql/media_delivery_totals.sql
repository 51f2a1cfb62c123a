-- What daily_media_delivery sums to over the built days of the range, for 'all' and per media
-- type: compression savings, the error rate of the requests that reached media items, downloads
-- attempted and completed, rendition share of image requests.
SELECT
    CASE WHEN grouping(media_type) = 1 THEN 'all' ELSE media_type END AS media_type,
    coalesce(sum(compression_savings_bytes), 0) AS compression_savings_bytes,
    sum(errors_4xx + errors_5xx) / nullif(sum(requests), 0) AS media_error_rate,
    coalesce(sum(downloads_attempted), 0) AS downloads_attempted,
    coalesce(sum(downloads_completed), 0) AS downloads_completed,
    sum(downloads_completed) / nullif(sum(downloads_attempted), 0) AS download_success_rate,
    sum(rendition_requests) / nullif(sum(image_requests), 0) AS rendition_share
FROM daily_media_delivery
WHERE day BETWEEN $first AND $last AND list_contains($days, day)
GROUP BY GROUPING SETS ((), (media_type))
