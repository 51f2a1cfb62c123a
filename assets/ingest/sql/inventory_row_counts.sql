-- Valid and rejected rows of the inventory exports now landed, and valid rows superseded by the
-- same id in a newer export (or later in the same one).
WITH files AS (
    SELECT DISTINCT sha256 FROM landing_files WHERE source = 'inventory' AND error IS NULL
), rows AS (
    SELECT s.* FROM staged_inventory AS s JOIN files AS f ON s.file_sha256 = f.sha256
)
SELECT
    count(*) FILTER (reject_reason IS NULL),
    count(*) FILTER (reject_reason IS NOT NULL),
    count(*) FILTER (reject_reason IS NULL) - count(DISTINCT media_id) FILTER (reject_reason IS NULL)
FROM rows
