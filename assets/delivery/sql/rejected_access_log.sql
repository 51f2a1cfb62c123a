-- rejected_rows for access logs on $day: lines that are not requests, on the day of their time
-- when it parsed ($day_start <= ts < $day_end), else on the day of their file's median request time,
-- else (no line of the file has a usable time) on the day the file was first read.
WITH files AS (
    SELECT sha256, min(path) AS path, any_value(median_ts) AS median_ts, min(landed_day) AS landed_day
    FROM landing_files
    WHERE source = 'access_logs' AND error IS NULL
    GROUP BY sha256
)
SELECT 'access_logs' AS source, $day AS day, f.path AS file, s.line, s.raw, s.reject_reason AS reason
FROM staged_access_log AS s
JOIN files AS f ON s.file_sha256 = f.sha256
WHERE s.reject_reason IS NOT NULL
  AND ((s.ts >= $day_start AND s.ts < $day_end)
       OR (s.ts IS NULL AND f.median_ts >= $day_start AND f.median_ts < $day_end)
       OR (s.ts IS NULL AND f.median_ts IS NULL AND f.landed_day = $day))
