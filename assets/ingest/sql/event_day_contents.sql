-- event_day_contents for $day ({source}): each file content holding a valid row of the day, named
-- by its first path (as events_of_day names it).
SELECT DISTINCT '{source}' AS source, $day AS day, file_sha256, path
FROM events_of_day($day_start, $day_end)
WHERE reject_reason IS NULL
