-- Every staged row of an event source ({source}, staged in {staged_table}) that belongs to $day,
-- from the contents now in the landing folder
-- (each content once, named by its first path). A row belongs to the day of its timestamp in $tz;
-- a row without a usable timestamp belongs to the day most of its file's valid rows fall on.
-- `nth` numbers the valid rows sharing an event_id on the day: 1 is kept, the rest are duplicates.
WITH files AS (
    SELECT sha256, min(path) AS path
    FROM landing_files
    WHERE source = '{source}' AND error IS NULL
    GROUP BY sha256
), staged AS (
    SELECT s.*, f.path, CAST(timezone($tz, s.ts) AS DATE) AS row_day
    FROM {staged_table} AS s
    JOIN files AS f ON s.file_sha256 = f.sha256
), file_day AS (
    SELECT file_sha256, mode(row_day) AS day
    FROM staged
    WHERE reject_reason IS NULL
    GROUP BY file_sha256
), of_day AS (
    SELECT staged.*
    FROM staged
    LEFT JOIN file_day USING (file_sha256)
    WHERE coalesce(staged.row_day, file_day.day) = $day
)
SELECT
    *,
    CASE WHEN reject_reason IS NULL THEN
        row_number() OVER (PARTITION BY reject_reason IS NULL, event_id ORDER BY path, line)
    END AS nth,
    CASE WHEN reject_reason IS NULL THEN
        first_value(path || ':' || line) OVER (PARTITION BY reject_reason IS NULL, event_id ORDER BY path, line)
    END AS first_seen
FROM of_day
