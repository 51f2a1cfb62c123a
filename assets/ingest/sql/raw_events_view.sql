-- {view}: one row per valid {source} event of a built day, the first row of each event_id (by file
-- path, then line). A view over the staged rows, not a copy: each event is stored once. A built
-- day's rows are the valid rows of {staged_table} dated on the day, of the file contents its build
-- read (event_day_contents), less the repeats it left out (event_day_repeats), with the media_id
-- an event sent by URL mapped to on the day (event_day_media_urls; one that mapped to none is not
-- here: it is in rejected_rows). A reader's filter on day skips the staged data files of other days (their min/max day).
CREATE OR REPLACE VIEW {view} AS
SELECT
    s.day,
    s.event_id,
    coalesce(s.media_id, u.media_id) AS media_id,
    {columns},
    c.path AS source_file,
    s.line AS source_line
FROM {staged_table} AS s
JOIN event_day_contents AS c
    ON c.source = '{source}' AND c.day = s.day AND c.file_sha256 = s.file_sha256
LEFT JOIN event_day_media_urls AS u
    ON u.source = '{source}' AND u.day = s.day
   AND u.media_url = CASE WHEN s.media_id IS NULL THEN s.media_url END
ANTI JOIN event_day_repeats AS r
    ON r.source = '{source}' AND r.day = s.day AND r.file_sha256 = s.file_sha256 AND r.line = s.line
WHERE s.reject_reason IS NULL AND coalesce(s.media_id, u.media_id) IS NOT NULL
