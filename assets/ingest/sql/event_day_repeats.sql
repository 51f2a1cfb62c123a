-- event_day_repeats for $day ({source}): the rows left out as repeats of an event_id.
SELECT '{source}' AS source, $day AS day, file_sha256, line FROM repeated_rows
