-- Preview -> download conversion over the built days of the range, per document
-- (report_document_conversion.sql recounted over the range): of the visitors (user_id, else
-- session_id) who previewed the document, those who downloaded it at or after their first preview
-- of the range. Most previewers first.
WITH visitors AS (
    SELECT
        e.media_id,
        CASE WHEN e.user_id IS NOT NULL THEN 'u:' || e.user_id
             WHEN e.session_id IS NOT NULL THEN 's:' || e.session_id END AS visitor,
        min(e.ts) FILTER (e.event_type = 'preview') AS first_preview,
        max(e.ts) FILTER (e.event_type = 'download') AS last_download,
        arg_max(i.filename, e.day) AS filename
    FROM raw_usage_events AS e
    JOIN media_inventory AS i ON i.day = e.day AND i.media_id = e.media_id AND i.media_type = 'document'
    WHERE e.day BETWEEN $first AND $last AND list_contains($days, e.day)
      AND e.event_type IN ('preview', 'download')
    GROUP BY 1, 2
)
SELECT
    media_id,
    coalesce(max(filename), media_id) AS filename,
    count(*) AS previewers,
    count(*) FILTER (last_download >= first_preview) AS converted
FROM visitors
WHERE visitor IS NOT NULL AND first_preview IS NOT NULL
GROUP BY media_id
ORDER BY previewers DESC, converted DESC, media_id
