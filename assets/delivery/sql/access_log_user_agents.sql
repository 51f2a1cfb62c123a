-- The distinct User-Agents of the day's valid access-log lines (of the contents now landed),
-- classified once each in Python (user_agent_table).
SELECT DISTINCT user_agent
FROM staged_access_log
WHERE reject_reason IS NULL AND day = $day
  AND file_sha256 IN (SELECT sha256 FROM landing_files
                          WHERE source = 'access_logs' AND error IS NULL)
