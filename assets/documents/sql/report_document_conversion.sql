-- Preview -> download conversion on $day, per document (DESIGN.md "Documents", access): of the
-- visitors (user_id, else session_id, as for unique visitors) who previewed the document, those who
-- downloaded it at or after their first preview of the day. Within 0-100 % by construction, and over
-- several documents sum(converted) / sum(previewers). daily_document_access.preview_to_download_rate
-- keeps the seed's downloads / previews, which passes 100 % when a document is downloaded without a
-- preview (a link straight to the file).
WITH visitors AS (
    SELECT
        e.media_id,
        CASE WHEN e.user_id IS NOT NULL THEN 'u:' || e.user_id
             WHEN e.session_id IS NOT NULL THEN 's:' || e.session_id END AS visitor,
        min(e.ts) FILTER (e.event_type = 'preview') AS first_preview,
        max(e.ts) FILTER (e.event_type = 'download') AS last_download
    FROM raw_usage_events AS e
    JOIN media_inventory AS i ON i.day = e.day AND i.media_id = e.media_id AND i.media_type = 'document'
    WHERE e.day = $day AND e.event_type IN ('preview', 'download')
    GROUP BY ALL
)
SELECT
    media_id,
    count(*) AS previewers,
    count(*) FILTER (last_download >= first_preview) AS converted
FROM visitors
WHERE visitor IS NOT NULL AND first_preview IS NOT NULL
GROUP BY media_id
ORDER BY media_id
