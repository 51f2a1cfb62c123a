-- The distinct visitors of each day from $first to $last over the whole library, among the visitors
-- whose hash falls in pass $pass of $passes: a visitor is user_id, else session_id (an event with
-- neither is not counted). Each visitor is in exactly one pass, so a day's count is the sum over
-- the passes; grouped rows, not count(DISTINCT), which held 36 M visitors of one day (ten times the
-- default day) in memory beyond a 1 GB limit.
WITH visitors AS (
    SELECT day, CASE WHEN user_id IS NOT NULL THEN 'u:' || user_id
                     WHEN session_id IS NOT NULL THEN 's:' || session_id END AS visitor
    FROM raw_usage_events
    WHERE day BETWEEN $first AND $last
)
SELECT day, count(*) AS visitors
FROM (
    SELECT day, visitor FROM visitors
    WHERE visitor IS NOT NULL AND hash(visitor) % $passes = $pass
    GROUP BY day, visitor
)
GROUP BY day
