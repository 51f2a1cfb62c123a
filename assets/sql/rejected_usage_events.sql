-- rejected_rows for usage events on $day: invalid rows with their reason, and the duplicates of an
-- event_id already kept (their raw text rebuilt from the parsed fields).
SELECT 'usage_events' AS source, $day AS day, path AS file, line, raw, reject_reason AS reason
FROM usage_events_of_day
WHERE reject_reason IS NOT NULL
UNION ALL
SELECT
    'usage_events', $day, path, line,
    json_object('event_id', event_id, 'media_id', media_id, 'event_type', event_type,
                'timestamp', strftime(ts, '%Y-%m-%dT%H:%M:%S.%f+00:00'))::VARCHAR,
    'duplicate event_id ''' || event_id || ''' (kept ' || first_seen || ')'
FROM usage_events_of_day
WHERE reject_reason IS NULL AND nth > 1
