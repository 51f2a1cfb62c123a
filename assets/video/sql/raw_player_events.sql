-- raw_player_events for $day: the first row of each event_id among the day's valid rows.
SELECT
    $day AS day, e.event_id, media_id, event_type, ts, position, from_position, to_position, duration,
    user_id, session_id, quality, user_agent, country, path AS source_file, line AS source_line
FROM events_of_day($day_start, $day_end) AS e
LEFT JOIN event_repeats AS r ON r.event_id = e.event_id
WHERE e.reject_reason IS NULL AND (r.kept IS NULL OR r.kept = {'path': e.path, 'line': e.line})
