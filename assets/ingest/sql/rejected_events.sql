-- rejected_rows for an event source ({source}) on $day: invalid rows with their reason, the duplicates of an
-- event_id already kept (the temp table repeated_rows; their raw text rebuilt from the parsed fields), and the rows without a usable
-- timestamp of files that have no valid row to date them by, on the day the file was first read.
SELECT '{source}' AS source, $day AS day, path AS file, line, raw, reject_reason AS reason
FROM events_of_day($day_start, $day_end)
WHERE reject_reason IS NOT NULL
UNION ALL
SELECT
    '{source}', $day, path, line,
    json_object('event_id', event_id, 'media_id', media_id, 'event_type', event_type,
                'timestamp', strftime(ts, '%Y-%m-%dT%H:%M:%S.%f+00:00'))::VARCHAR,
    'duplicate event_id ''' || event_id || ''' (kept ' || kept.path || ':' || kept.line || ')'
FROM repeated_rows
UNION ALL
SELECT '{source}', $day, f.path, s.line, s.raw, s.reject_reason
FROM {staged_table} AS s
JOIN (SELECT sha256, min(path) AS path FROM landing_files
      WHERE source = '{source}' AND error IS NULL AND median_ts IS NULL
      GROUP BY sha256 HAVING min(landed_day) = $day) AS f ON s.file_sha256 = f.sha256
WHERE s.ts IS NULL
