-- The day's usage events as daily_media_usage's visitor counts need them, each in one of $passes
-- passes by the hash of its visitor: user_id, else session_id (an event with neither is not counted).
-- visited: any event but an impression; engaged: a click, share or download.
WITH events AS (
    SELECT
        media_id,
        coalesce(usage, 'unspecified') AS kind,
        event_type,
        CASE WHEN user_id IS NOT NULL THEN 'u:' || user_id
             WHEN session_id IS NOT NULL THEN 's:' || session_id END AS visitor
    FROM raw_usage_events
    WHERE day = $day
)
SELECT
    hash(visitor) % $passes AS pass,
    media_id,
    kind,
    visitor,
    event_type <> 'impression' AS visited,
    event_type IN ('click', 'share', 'download') AS engaged
FROM events
WHERE visitor IS NOT NULL
