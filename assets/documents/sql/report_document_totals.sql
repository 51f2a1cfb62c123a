-- The day's documents in one row: the seed's aggregate over document_searchability (searchability
-- rate over documents whose file was read, indexing rate over documents the CMS says something
-- about, missing metadata, documents to fix) and the access totals of daily_document_access
-- (download success over all attempts; download time weighted by the timed requests).
WITH searchability AS (
    SELECT
        count(*) AS documents,
        count(*) FILTER (searchable) AS searchable,
        count(searchable) AS searchability_known,
        count(*) FILTER (searchable) / nullif(count(searchable), 0) AS searchability_rate,
        count(*) FILTER (indexed) AS indexed,
        count(*) FILTER (indexed) / nullif(count(indexed), 0) AS indexing_rate,
        count(*) FILTER (NOT has_title) AS missing_title,
        count(*) FILTER (NOT has_description) AS missing_description,
        count(*) FILTER (missing_metadata) AS missing_metadata,
        count(fix_rank) AS to_fix
    FROM document_searchability
    WHERE day = $day
), access AS (
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
    WHERE day = $day
)
SELECT * FROM searchability, access
