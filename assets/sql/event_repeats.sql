-- The event_ids that more than one valid row of the day carries (from the view events_of_day), with
-- the row that is kept: the first by file path, then line. Every other row of the id is a duplicate.
-- Only repeated ids are kept here, so the day's rows are grouped once and joined to a small table.
SELECT event_id, min({'path': path, 'line': line}) AS kept
FROM events_of_day
WHERE reject_reason IS NULL
GROUP BY event_id
HAVING count(*) > 1
