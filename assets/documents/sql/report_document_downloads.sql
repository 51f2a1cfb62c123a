-- The most downloaded documents on $day (download events, then people's requests), at most $limit,
-- with whether search can read them.
SELECT
    a.media_id, coalesce(a.filename, a.media_id) AS filename, a.doc_format, a.downloads, a.previews, a.views,
    a.preview_to_download_rate, a.download_success_rate, a.avg_download_time_ms, a.downloads_change,
    s.searchable
FROM daily_document_access AS a
LEFT JOIN document_searchability AS s ON s.day = a.day AND s.media_id = a.media_id
WHERE a.day = $day AND (a.downloads > 0 OR a.downloads_completed > 0)
ORDER BY a.downloads DESC, a.downloads_completed DESC, a.media_id
LIMIT $limit
