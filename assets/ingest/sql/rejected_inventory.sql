-- rejected_rows for the inventory: every invalid row of the exports now in the landing folder.
-- Exports are not dated by row, so these rows have no day; they are rebuilt on every sync.
WITH files AS (
    SELECT sha256, min(path) AS path
    FROM landing_files
    WHERE source = 'inventory' AND error IS NULL
    GROUP BY sha256
)
SELECT 'inventory' AS source, CAST(NULL AS DATE) AS day, f.path AS file, s.line, s.raw, s.reject_reason AS reason
FROM staged_inventory AS s
JOIN files AS f ON s.file_sha256 = f.sha256
WHERE s.reject_reason IS NOT NULL
