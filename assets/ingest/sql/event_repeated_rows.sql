-- The valid rows of the day ({source}) that repeat an event_id kept from another row (the temp
-- table event_repeats): each goes to rejected_rows and to event_day_repeats, never to the raw view.
SELECT e.file_sha256, e.path, e.line, e.event_id, e.media_id, e.event_type, e.ts, r.kept
FROM events_of_day($day_start, $day_end) AS e
JOIN event_repeats AS r ON r.event_id = e.event_id
WHERE e.reject_reason IS NULL AND r.kept <> {'path': e.path, 'line': e.line}
