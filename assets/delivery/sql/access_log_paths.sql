-- The media item each request path of the access logs names on $day: one row per distinct path of
-- the day's valid requests ($day_start <= ts < $day_end), mapped by media_of_paths
-- (assets/shared/sql/media_of_paths.sql) with its extension. A lookup for raw_access_log: some
-- thousand paths, where the day has tens of millions of requests, so the mapping's joins over the
-- day's inventory run once per path, not once per request.
WITH paths AS (
    SELECT DISTINCT path AS request_path
    FROM staged_access_log
    WHERE reject_reason IS NULL AND ts >= $day_start AND ts < $day_end
)
SELECT request_path, extension, media_id, media_type, variant, file_bytes, original_bytes
FROM media_of_paths($day, $prefixes, paths)
