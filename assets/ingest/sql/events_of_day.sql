-- The table macro events_of_day(day_start, day_end): every staged row of an event source ({source},
-- staged in {staged_table}) that belongs to the day, from the contents now in the landing folder
-- (each content once, named by its first path). A macro, not a table: the day's rows are read where
-- they are used instead of being copied (a copy of 5 M rows spilled past DuckDB's memory limit).
-- A row belongs to the day of its timestamp in the report time zone: day_start <= ts < day_end.
-- A row without a usable timestamp belongs to the day of its file's median valid timestamp.
CREATE OR REPLACE TEMP MACRO events_of_day(day_start, day_end) AS TABLE
WITH files AS (
    SELECT sha256, min(path) AS path, any_value(median_ts) AS median_ts
    FROM landing_files
    WHERE source = '{source}' AND error IS NULL
    GROUP BY sha256
)
SELECT s.*, f.path
FROM {staged_table} AS s
JOIN files AS f ON s.file_sha256 = f.sha256
WHERE (s.ts >= day_start AND s.ts < day_end)
   OR (s.ts IS NULL AND f.median_ts >= day_start AND f.median_ts < day_end)
