-- raw_usage_events for $day: the first row of each event_id among the day's valid rows.
SELECT
    $day AS day, e.event_id, media_id, event_type, ts, user_id, session_id, referrer, user_agent, client_id,
    country, page_url, usage, load_time_ms, bytes, path AS source_file, line AS source_line
FROM events_of_day($day_start, $day_end) AS e
LEFT JOIN event_repeats AS r ON r.event_id = e.event_id
WHERE e.reject_reason IS NULL AND (r.kept IS NULL OR r.kept = {'path': e.path, 'line': e.line})
