-- The metadata and coverage check of document_searchability for $day: live documents in the
-- inventory, searchable, searchability known (the file was read), indexed, missing metadata and
-- documents with a fix.
SELECT
    (SELECT count(*) FROM media_inventory
     WHERE day = $day AND media_type = 'document' AND NOT is_deleted) AS live,
    count(*) FILTER (searchable) AS searchable,
    count(searchable) AS known,
    count(*) FILTER (indexed) AS indexed,
    count(*) FILTER (missing_metadata) AS missing,
    count(fix_rank) AS to_fix
FROM document_searchability
WHERE day = $day
