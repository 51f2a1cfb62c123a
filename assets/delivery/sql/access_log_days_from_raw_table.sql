-- The records of the access-log days built before raw_access_log became a view (migration 7, and a
-- warehouse imported from before the lakehouse), from the rows of {raw_table}: the day's path
-- mapping and User-Agents as its rows have them, and each file content whose valid staged lines
-- dated on the day are the rows the day holds from that file (same count, same lines, times and
-- paths: sums of hashes compared per file, not a join of every row). The view then gives each day
-- the rows the table held. A file replaced since (its content no longer staged), or a day built in
-- another time zone than REPORT_TIMEZONE, shows no rows of that file until the day is rebuilt.
INSERT INTO event_day_contents
WITH built AS (
    SELECT day, source_file, count(*) AS lines, sum(hash(source_line, ts, path)) AS checksum
    FROM {raw_table}
    GROUP BY day, source_file
), staged AS (
    SELECT file_sha256, day, count(*) AS lines, sum(hash(line, ts, path)) AS checksum
    FROM staged_access_log
    WHERE reject_reason IS NULL AND day IS NOT NULL
    GROUP BY file_sha256, day
)
SELECT 'access_logs', b.day, f.sha256, b.source_file
FROM built AS b
JOIN landing_files AS f ON f.source = 'access_logs' AND f.path = b.source_file AND f.error IS NULL
JOIN staged AS s
    ON s.file_sha256 = f.sha256 AND s.day = b.day AND s.lines = b.lines AND s.checksum = b.checksum;

-- A path's mapping and an agent's class are one per day (the build made them per path and agent).
INSERT INTO access_log_day_paths
SELECT DISTINCT day, path, media_id, media_type, variant, served_format, file_bytes, original_bytes
FROM {raw_table};

INSERT INTO access_log_day_user_agents
SELECT DISTINCT day, user_agent, device_type, is_bot
FROM {raw_table}
WHERE user_agent IS NOT NULL;
