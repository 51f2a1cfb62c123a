-- raw_access_log for $day: every parsed request of the access-log contents now landed whose
-- timestamp falls on $day in the report time zone ($day_start <= ts < $day_end), mapped to the
-- media item it served.
-- Mapping: the temp table access_log_paths (access_log_paths.sql), the day's distinct request paths
-- mapped by media_of_paths (assets/shared/sql/media_of_paths.sql), the one mapping of a URL path to
-- a media item, which usage and player events sent with a media_url share: the path loses the first
-- of $prefixes it starts with, then is matched against the day's inventory paths, renditions and
-- .webp/.avif variants. Each request is joined to its path's row: mapping every request instead
-- held the mapping's hash tables over the day's inventory (2.8 M paths at 10x the default day)
-- while the requests streamed through, beyond a 1 GB memory limit.
WITH files AS (
    SELECT sha256, min(path) AS path
    FROM landing_files
    WHERE source = 'access_logs' AND error IS NULL
    GROUP BY sha256
), requests AS (
    SELECT s.*, f.path AS source_file
    FROM staged_access_log AS s
    JOIN files AS f ON s.file_sha256 = f.sha256
    WHERE s.reject_reason IS NULL AND s.ts >= $day_start AND s.ts < $day_end
)
SELECT
    $day AS day, r.ts, r.client_id, r.http_method, r.host, r.path, r.query, r.status, r.bytes_sent,
    r.referrer, r.user_agent, r.request_time_ms, r.cache_status,
    CASE
        WHEN upper(r.cache_status) IN ('HIT', 'STALE', 'UPDATING', 'REVALIDATED', 'REFRESHHIT', 'ORIGINSHIELDHIT')
            THEN 'hit'
        WHEN upper(r.cache_status) IN ('MISS', 'EXPIRED', 'BYPASS') THEN 'miss'
        ELSE 'unknown'
    END AS cache_result,
    coalesce(ua.device_type, 'unknown') AS device_type,
    coalesce(ua.is_bot, false) AS is_bot,
    p.media_id, p.media_type, p.variant,
    nullif(p.extension, '') AS served_format,
    p.file_bytes, p.original_bytes, r.log_format, r.source_file, r.line AS source_line
FROM requests AS r
LEFT JOIN access_log_paths AS p ON p.request_path = r.path
LEFT JOIN user_agents AS ua ON ua.user_agent = r.user_agent
