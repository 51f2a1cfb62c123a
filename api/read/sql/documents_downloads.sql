-- The most downloaded documents over the built days of the range (download events, then people's
-- complete downloads; report_document_downloads.sql over a range), at most $limit: counts summed,
-- rates as ratios of the sums, whether search can read them as of $as_of.
WITH access AS (
    SELECT media_id, arg_max(filename, day) AS filename, arg_max(doc_format, day) AS doc_format,
           sum(downloads) AS downloads, sum(previews) AS previews, sum(views) AS views,
           sum(downloads) / nullif(sum(previews), 0) AS preview_to_download_rate,
           sum(downloads_completed) AS downloads_completed,
           sum(downloads_completed) / nullif(sum(downloads_attempted), 0) AS download_success_rate,
           sum(avg_download_time_ms * download_time_samples) / nullif(sum(download_time_samples), 0)
               AS avg_download_time_ms
    FROM daily_document_access
    WHERE day BETWEEN $first AND $last AND list_contains($days, day)
    GROUP BY media_id
)
SELECT a.media_id, coalesce(a.filename, a.media_id) AS filename, a.doc_format, a.downloads, a.previews,
       a.views, a.preview_to_download_rate, a.download_success_rate, a.avg_download_time_ms, s.searchable
FROM access AS a
LEFT JOIN document_searchability AS s ON s.day = $as_of AND s.media_id = a.media_id
WHERE a.downloads > 0 OR a.downloads_completed > 0
ORDER BY a.downloads DESC, a.downloads_completed DESC, a.media_id
LIMIT $limit
