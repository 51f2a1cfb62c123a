-- Document access over the built days of the range in one row (report_document_totals.sql's access
-- over a range): events and sources summed, download success over all attempts, download time
-- weighted by the timed requests, people's requests by device.
SELECT
    coalesce(sum(views), 0) AS views,
    coalesce(sum(previews), 0) AS previews,
    coalesce(sum(downloads), 0) AS downloads,
    sum(downloads) / nullif(sum(previews), 0) AS preview_to_download_rate,
    sum(downloads_completed) / nullif(sum(downloads_attempted), 0) AS download_success_rate,
    sum(avg_download_time_ms * download_time_samples) / nullif(sum(download_time_samples), 0)
        AS avg_download_time_ms,
    coalesce(sum(from_search), 0) AS from_search,
    coalesce(sum(from_social), 0) AS from_social,
    coalesce(sum(from_email), 0) AS from_email,
    coalesce(sum(from_internal), 0) AS from_internal,
    coalesce(sum(from_direct), 0) AS from_direct,
    coalesce(sum(from_other), 0) AS from_other,
    coalesce(sum(desktop_requests), 0) AS desktop_requests,
    coalesce(sum(mobile_requests), 0) AS mobile_requests,
    coalesce(sum(tablet_requests), 0) AS tablet_requests,
    coalesce(sum(other_device_requests), 0) AS other_device_requests
FROM daily_document_access
WHERE day BETWEEN $first AND $last AND list_contains($days, day)
