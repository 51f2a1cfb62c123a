-- Input quality for $day: usage events loaded, rows rejected (all sources dated on the day) and
-- duplicates dropped.
SELECT
    (SELECT count(*) FROM raw_usage_events WHERE day = $day) AS rows_loaded,
    (SELECT count(*) FROM rejected_rows WHERE day = $day AND NOT starts_with(reason, 'duplicate')) AS rows_rejected,
    (SELECT count(*) FROM rejected_rows WHERE day = $day AND starts_with(reason, 'duplicate')) AS duplicates_dropped
