-- raw_access_log for $day: every parsed request of the access-log contents now landed whose
-- timestamp falls on $day in the report time zone ($day_start <= ts < $day_end), mapped to the
-- media item it served.
-- Mapping: media_of_paths (assets/shared/sql/media_of_paths.sql), the one mapping of a URL path to
-- a media item, which usage and player events sent with a media_url share: the path loses the first
-- of $prefixes it starts with, then is matched against the day's inventory paths, renditions and
-- .webp/.avif variants.
WITH files AS (
    SELECT sha256, min(path) AS path
    FROM landing_files
    WHERE source = 'access_logs' AND error IS NULL
    GROUP BY sha256
), requests AS (
    SELECT s.*, s.path AS request_path, f.path AS source_file
    FROM staged_access_log AS s
    JOIN files AS f ON s.file_sha256 = f.sha256
    WHERE s.reject_reason IS NULL AND s.ts >= $day_start AND s.ts < $day_end
), mapped AS (
    SELECT * FROM media_of_paths($day, $prefixes, requests)
)
SELECT
    $day AS day, m.ts, m.client_id, m.http_method, m.host, m.path, m.query, m.status, m.bytes_sent,
    m.referrer, m.user_agent, m.request_time_ms, m.cache_status,
    CASE
        WHEN upper(m.cache_status) IN ('HIT', 'STALE', 'UPDATING', 'REVALIDATED', 'REFRESHHIT', 'ORIGINSHIELDHIT')
            THEN 'hit'
        WHEN upper(m.cache_status) IN ('MISS', 'EXPIRED', 'BYPASS') THEN 'miss'
        ELSE 'unknown'
    END AS cache_result,
    coalesce(ua.device_type, 'unknown') AS device_type,
    coalesce(ua.is_bot, false) AS is_bot,
    m.media_id, m.media_type, m.variant,
    nullif(m.extension, '') AS served_format,
    m.file_bytes, m.original_bytes, m.log_format, m.source_file, m.line AS source_line
FROM mapped AS m
LEFT JOIN user_agents AS ua ON ua.user_agent = m.user_agent
