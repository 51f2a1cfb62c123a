-- Where the CMS export disagrees with the files for $day (the files win): originals whose size or
-- displayed dimensions differ from the export's, and renditions whose size differs.
WITH exported AS (
    SELECT media_id, path, size_bytes AS size, width, height FROM media_inventory WHERE day = $day
    UNION ALL
    SELECT media_id, r.path, r.size, r.width, r.height
    FROM (SELECT media_id, unnest(renditions) AS r FROM media_inventory WHERE day = $day)
)
SELECT
    count(*) FILTER (e.size IS NOT NULL AND f.size_bytes <> e.size) AS size_disagreements,
    count(*) FILTER (e.width IS NOT NULL AND f.width IS NOT NULL
                     AND (f.width <> e.width OR f.height <> e.height)) AS dimension_disagreements,
    arg_min(f.path, f.path) FILTER (e.size IS NOT NULL AND f.size_bytes <> e.size) AS first_size_disagreement
FROM media_file_facts AS f
JOIN exported AS e USING (path)
WHERE f.day = $day AND f.error IS NULL
