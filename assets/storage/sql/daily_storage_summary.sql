-- The day's daily_storage in one row: all files and bytes, and rows with a negative count or size.
SELECT
    coalesce(max(files) FILTER (media_type = 'all'), 0) AS files,
    coalesce(max(bytes) FILTER (media_type = 'all'), 0) AS bytes,
    count(*) FILTER (files < 0 OR bytes < 0) AS negative_rows
FROM daily_storage
WHERE day = $day
