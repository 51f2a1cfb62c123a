-- The media item each request path of the access logs names on $day: one row per distinct path of
-- the day's valid requests (of the contents now landed), mapped by media_of_paths
-- (assets/shared/sql/media_of_paths.sql) with its extension. Some thousand paths, where the day
-- has tens of millions of requests, so the mapping's joins over the day's inventory run once per
-- path, not once per request; the day keeps them in access_log_day_paths.
WITH paths AS (
    SELECT DISTINCT path AS request_path
    FROM staged_access_log
    WHERE reject_reason IS NULL AND day = $day
      AND file_sha256 IN (SELECT sha256 FROM landing_files
                          WHERE source = 'access_logs' AND error IS NULL)
)
SELECT request_path, extension, media_id, media_type, variant, file_bytes, original_bytes
FROM media_of_paths($day, $prefixes, paths)
