-- The event_ids that more than one valid row of the day carries, with the row that is kept: the
-- first by file path, then line. Every other row of the id is a duplicate. The day's ids are first
-- grouped by their 64-bit hash (a small hash table: grouping millions of id strings spilled to
-- disk), then only the ids whose hash repeats are grouped exactly.
WITH valid AS (
    SELECT event_id, path, line FROM events_of_day($day_start, $day_end) WHERE reject_reason IS NULL
), repeated_hashes AS (
    SELECT hash(event_id) AS h FROM valid GROUP BY h HAVING count(*) > 1
)
SELECT event_id, min({'path': path, 'line': line}) AS kept
FROM valid
WHERE hash(event_id) IN (SELECT h FROM repeated_hashes)
GROUP BY event_id
HAVING count(*) > 1
