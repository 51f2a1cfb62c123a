-- The access of the document $media_id over the built days of the range (daily_document_access
-- over a range): events, requests, downloads and access sources summed; the mean download time over
-- every timed request; visitors and user types recounted from the range's usage events; preview ->
-- download conversion per day as the report has it (report_document_conversion.sql), its
-- previewers and converted previewers summed over the days.
WITH access AS (
    SELECT
        coalesce(sum(views), 0) AS views, coalesce(sum(previews), 0) AS previews,
        coalesce(sum(downloads), 0) AS downloads, coalesce(sum(requests), 0) AS requests,
        coalesce(sum(bot_requests), 0) AS bot_requests,
        coalesce(sum(downloads_attempted), 0) AS downloads_attempted,
        coalesce(sum(downloads_completed), 0) AS downloads_completed,
        (sum(exact(avg_download_time_ms) * download_time_samples)
            / nullif(sum(download_time_samples), 0))::DOUBLE AS avg_download_time_ms,
        coalesce(sum(from_search), 0) AS from_search, coalesce(sum(from_social), 0) AS from_social,
        coalesce(sum(from_email), 0) AS from_email, coalesce(sum(from_internal), 0) AS from_internal,
        coalesce(sum(from_direct), 0) AS from_direct, coalesce(sum(from_other), 0) AS from_other
    FROM daily_document_access
    WHERE media_id = $media_id AND day BETWEEN $first AND $last AND list_contains($days, day)
), events AS (
    SELECT *, CASE WHEN user_id IS NOT NULL THEN 'u:' || user_id
                   WHEN session_id IS NOT NULL THEN 's:' || session_id END AS visitor
    FROM raw_usage_events
    WHERE media_id = $media_id AND day BETWEEN $first AND $last AND list_contains($days, day)
), people AS (
    SELECT count(DISTINCT visitor) AS unique_users, count(DISTINCT user_id) AS signed_in_users,
           count(DISTINCT session_id) FILTER (user_id IS NULL) AS anonymous_sessions
    FROM events
), visitors AS (
    SELECT day, visitor,
           min(ts) FILTER (event_type = 'preview') AS first_preview,
           max(ts) FILTER (event_type = 'download') AS last_download
    FROM events
    WHERE visitor IS NOT NULL AND event_type IN ('preview', 'download')
    GROUP BY day, visitor
), conversion AS (
    SELECT count(*) AS previewers, count(*) FILTER (last_download >= first_preview) AS converted
    FROM visitors
    WHERE first_preview IS NOT NULL
)
SELECT access.*, people.*, conversion.*,
       converted / nullif(previewers, 0) AS preview_conversion,
       downloads_completed / nullif(downloads_attempted, 0) AS download_success_rate
FROM access, people, conversion
