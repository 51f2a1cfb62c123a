-- The day's media_file_facts in one row: files that could not be read, and files whose content is
-- not what their extension says.
SELECT count(*) FILTER (error IS NOT NULL) AS files_with_errors,
       count(*) FILTER (extension_mismatch) AS extension_mismatches
FROM media_file_facts
WHERE day = $day
