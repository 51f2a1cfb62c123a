-- The last facts known for each path (from any earlier build): a file whose size and mtime still
-- match is not opened again.
SELECT * EXCLUDE (day, media_id, role)
FROM media_file_facts
QUALIFY row_number() OVER (PARTITION BY path ORDER BY day DESC) = 1
