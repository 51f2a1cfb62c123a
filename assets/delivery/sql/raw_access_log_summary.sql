-- The day's raw_access_log in one row: the access-log rows rejected for the day, requests that map
-- to a media item, and requests by bots.
SELECT
    (SELECT count(*) FROM rejected_rows WHERE source = 'access_logs' AND day = $day) AS rejected_rows,
    count(media_id) AS requests_mapped_to_media,
    count(*) FILTER (is_bot) AS bot_requests
FROM raw_access_log
WHERE day = $day
