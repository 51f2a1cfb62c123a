-- The format distribution of each media type on $day: live items (not deleted by the end of the
-- day) per format — the MIME subtype the CMS export gives ("jpeg", "pdf", "mp4"); the file name's
-- extension instead when the subtype is a vendor or unregistered one ("vnd.openxmlformats-…" →
-- "docx", "x-m4a" → "m4a"), says nothing (octet-stream) or is missing — 'unknown' without one;
-- text/plain is the extension or "txt", audio/mpeg "mp3", "svg+xml" "svg". With their files and
-- bytes (originals and renditions, as daily_storage counts them), most bytes first within a type.
WITH named AS (
    SELECT
        media_type, size_bytes, rendition_bytes,
        CASE lower(mime_type) WHEN 'audio/mpeg' THEN 'mp3'  -- the subtype names MPEG audio, not the file
            ELSE nullif(regexp_replace(lower(regexp_extract(mime_type, '^[^/]+/([^;[:space:]]+)', 1)),
                                       '\+xml$', ''), '') END AS subtype,
        nullif(lower(regexp_extract(filename, '\.([A-Za-z0-9]+)$', 1)), '') AS extension
    FROM media_inventory
    WHERE day = $day AND NOT is_deleted
)
SELECT
    media_type,
    CASE WHEN subtype = 'plain' THEN coalesce(extension, 'txt')
         WHEN subtype IS NULL OR subtype = 'octet-stream' THEN coalesce(extension, 'unknown')
         WHEN subtype LIKE 'vnd.%' OR subtype LIKE 'x-%' THEN coalesce(extension, subtype)
         ELSE subtype END AS format,
    count(*) AS files,
    sum(size_bytes + rendition_bytes) AS bytes
FROM named
GROUP BY ALL
ORDER BY media_type, bytes DESC, format
