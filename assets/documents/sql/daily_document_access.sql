-- daily_document_access for $day: one row per document of the day's inventory that was viewed,
-- previewed, downloaded or requested on the day (DESIGN.md "Documents", access). Sources:
--   usage events (daily_media_usage, usage_kind 'all'): views, previews, downloads, unique users,
--     signed-in users, anonymous sessions and the access sources (referrer classes);
--   access logs (daily_media_delivery, raw_access_log): requests by people and by bots, downloads
--     attempted/completed and the success rate (DESIGN.md "Delivery performance"), the device
--     breakdown and the top referrers of people's requests.
-- Definitions:
--   preview-to-download rate   downloads / previews (NULL without previews)
--   average download time      mean server request time of the people's requests that sent the
--                              whole original file (status 200, bytes sent >= its size)
--   top referrers              the 5 referring hosts of people's requests with the most requests
--                              ('(direct)' without a referrer), most first
--   downloads previous 7 days  mean daily downloads over those of the 7 days before $day that
--                              have usage events in the warehouse (a day the document had none
--                              counts as 0); the change is downloads / that mean - 1, NULL when the
--                              mean is 0 or there is no earlier day
WITH docs AS (
    SELECT i.media_id, i.filename, i.path,
           coalesce(f.doc_format, nullif(lower(regexp_extract(i.path, '\.([A-Za-z0-9]+)$', 1)), ''))
               AS doc_format
    FROM media_inventory AS i
    LEFT JOIN media_file_facts AS f ON f.day = $day AND f.path = i.path
    WHERE i.day = $day AND i.media_type = 'document'
), usage AS (
    SELECT * FROM daily_media_usage WHERE day = $day AND usage_kind = 'all'
), delivery AS (
    SELECT * FROM daily_media_delivery WHERE day = $day
), people AS (
    SELECT
        media_id,
        device_type,
        -- the host alone: what comes before the authority's last @ (http://alice@example.com@host/) is not part of it
        coalesce(lower(regexp_extract(referrer, '^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^/?#]*@)?([^/:?#@]+)', 1)), '') AS referrer_host,
        CASE WHEN variant = 'original' AND status = 200 AND bytes_sent >= original_bytes
             THEN request_time_ms END AS full_download_ms
    FROM raw_access_log
    WHERE day = $day AND media_type = 'document' AND NOT is_bot
), per_document AS (
    SELECT
        media_id,
        count(*) FILTER (device_type = 'desktop') AS desktop_requests,
        count(*) FILTER (device_type = 'mobile') AS mobile_requests,
        count(*) FILTER (device_type = 'tablet') AS tablet_requests,
        count(*) FILTER (device_type NOT IN ('desktop', 'mobile', 'tablet')) AS other_device_requests,
        avg(exact(full_download_ms))::DOUBLE AS avg_download_time_ms,
        count(full_download_ms) AS download_time_samples
    FROM people
    GROUP BY media_id
), referrers AS (
    SELECT media_id,
           list({'referrer': referrer, 'requests': requests} ORDER BY requests DESC, referrer)[1:5] AS top_referrers
    FROM (
        SELECT media_id, CASE WHEN referrer_host = '' THEN '(direct)' ELSE referrer_host END AS referrer,
               count(*) AS requests
        FROM people
        GROUP BY ALL
    )
    GROUP BY media_id
), window_days AS (
    -- the days of the window the warehouse has events for: days before the data begins do not
    -- pull the mean down
    SELECT count(DISTINCT day) AS days FROM daily_media_usage WHERE day >= $day - 7 AND day < $day
), history AS (
    SELECT media_id, sum(downloads) / any_value(w.days) AS downloads_prev_7d_avg
    FROM daily_media_usage, window_days AS w
    WHERE day >= $day - 7 AND day < $day AND usage_kind = 'all'
    GROUP BY media_id
)
SELECT
    $day AS day,
    d.media_id,
    d.filename,
    d.doc_format,
    coalesce(u.views, 0) AS views,
    coalesce(u.previews, 0) AS previews,
    coalesce(u.downloads, 0) AS downloads,
    u.downloads / nullif(u.previews, 0) AS preview_to_download_rate,
    coalesce(u.unique_users, 0) AS unique_users,
    coalesce(u.signed_in_users, 0) AS signed_in_users,
    coalesce(u.anonymous_sessions, 0) AS anonymous_sessions,
    coalesce(u.from_search, 0) AS from_search,
    coalesce(u.from_social, 0) AS from_social,
    coalesce(u.from_email, 0) AS from_email,
    coalesce(u.from_internal, 0) AS from_internal,
    coalesce(u.from_direct, 0) AS from_direct,
    coalesce(u.from_other, 0) AS from_other,
    coalesce(m.human_requests, 0) AS requests,
    coalesce(m.bot_requests, 0) AS bot_requests,
    coalesce(m.downloads_attempted, 0) AS downloads_attempted,
    coalesce(m.downloads_completed, 0) AS downloads_completed,
    m.download_success_rate,
    p.avg_download_time_ms,
    coalesce(p.download_time_samples, 0) AS download_time_samples,
    coalesce(p.desktop_requests, 0) AS desktop_requests,
    coalesce(p.mobile_requests, 0) AS mobile_requests,
    coalesce(p.tablet_requests, 0) AS tablet_requests,
    coalesce(p.other_device_requests, 0) AS other_device_requests,
    coalesce(r.top_referrers, []) AS top_referrers,
    coalesce(h.downloads_prev_7d_avg, 0) AS downloads_prev_7d_avg,
    coalesce(u.downloads, 0) / nullif(h.downloads_prev_7d_avg, 0) - 1 AS downloads_change
FROM docs AS d
LEFT JOIN usage AS u ON u.media_id = d.media_id
LEFT JOIN delivery AS m ON m.media_id = d.media_id
LEFT JOIN per_document AS p ON p.media_id = d.media_id
LEFT JOIN referrers AS r ON r.media_id = d.media_id
LEFT JOIN history AS h ON h.media_id = d.media_id
WHERE u.media_id IS NOT NULL OR m.media_id IS NOT NULL
