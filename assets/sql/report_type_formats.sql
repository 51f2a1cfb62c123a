-- The format distribution of each media type on $day: live items (not deleted by the end of the
-- day) per format — the MIME subtype the CMS export gives ("jpeg", "pdf", "mp4"); the file name's
-- extension instead when the subtype is a vendor or unregistered one ("vnd.openxmlformats-…" →
-- "docx", "x-m4a" → "m4a", "plain" → "txt") or missing; else 'unknown' — with their files and bytes (originals and
-- renditions, as daily_storage counts them). Most bytes first within a type.
WITH named AS (
    SELECT
        media_type, size_bytes, rendition_bytes,
        nullif(lower(regexp_extract(mime_type, '^[^/]+/([^;[:space:]]+)', 1)), '') AS subtype,
        nullif(lower(regexp_extract(filename, '\.([A-Za-z0-9]+)$', 1)), '') AS extension
    FROM media_inventory
    WHERE day = $day AND NOT is_deleted
)
SELECT
    media_type,
    CASE WHEN subtype IS NULL OR subtype LIKE 'vnd.%' OR subtype LIKE 'x-%' OR subtype IN ('plain', 'octet-stream')
         THEN coalesce(extension, subtype, 'unknown') ELSE subtype END AS format,
    count(*) AS files,
    sum(size_bytes + rendition_bytes) AS bytes
FROM named
GROUP BY ALL
ORDER BY media_type, bytes DESC, format
