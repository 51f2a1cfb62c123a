-- event_day_contents for $day (access logs): each access-log content now landed holding a valid
-- request dated on the day, named by its first path (raw_access_log's source_file).
WITH files AS (
    SELECT sha256, min(path) AS path
    FROM landing_files
    WHERE source = 'access_logs' AND error IS NULL
    GROUP BY sha256
)
SELECT 'access_logs' AS source, $day AS day, sha256 AS file_sha256, path
FROM files
WHERE sha256 IN (SELECT file_sha256 FROM staged_access_log
                 WHERE reject_reason IS NULL AND day = $day)
