-- raw_access_log: one row per request of a built day in the access logs. A view over the staged
-- lines, not a copy: each request is stored once. A built day's rows are the valid lines of
-- staged_access_log dated on the day (their timestamp's day in REPORT_TIMEZONE) of the contents its
-- build read (event_day_contents, named by their first path), with the media item the day's
-- inventory maps their path to (access_log_day_paths) and their User-Agent's device type and
-- bot flag (access_log_day_user_agents). A reader's filter on day skips the staged data files of
-- other days (their min/max day).
CREATE OR REPLACE VIEW raw_access_log AS
SELECT
    s.day, s.ts, s.client_id, s.http_method, s.host, s.path, s.query, s.status, s.bytes_sent,
    s.referrer, s.user_agent, s.request_time_ms, s.cache_status,
    CASE
        WHEN upper(s.cache_status) IN ('HIT', 'STALE', 'UPDATING', 'REVALIDATED', 'REFRESHHIT',
                                       'ORIGINSHIELDHIT') THEN 'hit'
        WHEN upper(s.cache_status) IN ('MISS', 'EXPIRED', 'BYPASS') THEN 'miss'
        ELSE 'unknown'
    END AS cache_result,
    coalesce(a.device_type, 'unknown') AS device_type,
    coalesce(a.is_bot, false) AS is_bot,
    p.media_id, p.media_type, p.variant, p.served_format, p.file_bytes, p.original_bytes,
    s.log_format,
    c.path AS source_file,
    s.line AS source_line
FROM staged_access_log AS s
JOIN event_day_contents AS c
    ON c.source = 'access_logs' AND c.day = s.day AND c.file_sha256 = s.file_sha256
LEFT JOIN access_log_day_paths AS p ON p.day = s.day AND p.request_path = s.path
LEFT JOIN access_log_day_user_agents AS a ON a.day = s.day AND a.user_agent = s.user_agent
WHERE s.reject_reason IS NULL
