-- The table macro events_of_day(day_start, day_end): every staged row of an event source ({source},
-- staged in {staged_table}) that belongs to the day, from the contents now in the landing folder
-- (each content once, named by its first path). A macro, not a table: the day's rows are read where
-- they are used instead of being copied (a copy of 5 M rows spilled past DuckDB's memory limit).
-- A row belongs to the day of its timestamp in the report time zone: day_start <= ts < day_end.
-- A row without a usable timestamp belongs to the day of its file's median valid timestamp.
-- A valid row sent with a media_url and no media_id takes the media_id its URL maps to on the day
-- (the temp table event_urls, event_urls.sql); when it maps to none the row is not usable: its
-- reject_reason names the URL and its raw text is rebuilt from the parsed fields (only rejected
-- rows keep theirs when staged), so it is quarantined with the day's other rejects, never lost.
CREATE OR REPLACE TEMP MACRO events_of_day(day_start, day_end) AS TABLE
WITH files AS (
    SELECT sha256, min(path) AS path, any_value(median_ts) AS median_ts
    FROM landing_files
    WHERE source = '{source}' AND error IS NULL
    GROUP BY sha256
)
SELECT
    s.* REPLACE (
        coalesce(s.media_id, u.media_id) AS media_id,
        CASE WHEN u.media_url IS NOT NULL AND u.media_id IS NULL
             THEN 'media_url matching no media item of the day ''' || s.media_url || ''''
             ELSE s.reject_reason END AS reject_reason,
        CASE WHEN u.media_url IS NOT NULL AND u.media_id IS NULL
             THEN json_object('event_id', s.event_id, 'media_url', s.media_url, 'event_type', s.event_type,
                              'timestamp', strftime(s.ts, '%Y-%m-%dT%H:%M:%S.%f+00:00'))::VARCHAR
             ELSE s.raw END AS raw),
    f.path
FROM {staged_table} AS s
JOIN files AS f ON s.file_sha256 = f.sha256
LEFT JOIN event_urls AS u
    ON u.media_url = CASE WHEN s.media_id IS NULL AND s.reject_reason IS NULL THEN s.media_url END
WHERE (s.ts >= day_start AND s.ts < day_end)
   OR (s.ts IS NULL AND f.median_ts >= day_start AND f.median_ts < day_end)
