-- The distinct User-Agents of the day's valid access-log lines (classified once each in Python).
SELECT DISTINCT user_agent
FROM staged_access_log
WHERE reject_reason IS NULL AND ts >= $day_start AND ts < $day_end
