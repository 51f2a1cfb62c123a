-- The metadata and bounds check of daily_document_access for $day: rows whose rates or counts are
-- out of bounds, download events, completed and attempted downloads (access logs).
SELECT
    count(*) FILTER (download_success_rate NOT BETWEEN 0 AND 1
                     OR downloads_completed > downloads_attempted
                     OR least(views, previews, downloads, requests, bot_requests) < 0) AS bad,
    sum(downloads) AS downloads,
    sum(downloads_completed) AS completed,
    sum(downloads_attempted) AS attempted
FROM daily_document_access
WHERE day = $day
