-- rejected_rows for the inventory: every invalid row of the exports now in the landing folder.
-- Exports are not dated by row: a row is on the day its export was first read (landed_day), so a
-- report shows it. Rebuilt on every sync.
WITH files AS (
    SELECT sha256, min(path) AS path, min(landed_day) AS landed_day
    FROM landing_files
    WHERE source = 'inventory' AND error IS NULL
    GROUP BY sha256
)
SELECT 'inventory' AS source, f.landed_day AS day, f.path AS file, s.line, s.raw, s.reject_reason AS reason
FROM staged_inventory AS s
JOIN files AS f ON s.file_sha256 = f.sha256
WHERE s.reject_reason IS NOT NULL
