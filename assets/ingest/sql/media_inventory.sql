-- media_inventory for $day: the items of the inventory exports now in the landing folder that
-- existed at some point of the day (created on or before it, not deleted before it), in $tz.
-- An id exported by several files is taken from the most recently modified file (then the last row).
WITH files AS (
    SELECT sha256, min(path) AS path, max(mtime_ns) AS mtime_ns
    FROM landing_files
    WHERE source = 'inventory' AND error IS NULL
    GROUP BY sha256
), latest AS (
    SELECT
        s.*,
        f.path AS source_file,
        row_number() OVER (PARTITION BY s.media_id ORDER BY f.mtime_ns DESC, f.path DESC, s.line DESC) AS nth
    FROM staged_inventory AS s
    JOIN files AS f ON s.file_sha256 = f.sha256
    WHERE s.reject_reason IS NULL
)
SELECT
    $day AS day,
    media_id,
    filename,
    path,
    mime_type,
    CASE
        WHEN mime_type LIKE 'image/%' THEN 'image'
        WHEN mime_type LIKE 'video/%' THEN 'video'
        WHEN mime_type LIKE 'audio/%' THEN 'audio'
        WHEN mime_type LIKE 'text/%'
            OR mime_type IN ('application/pdf', 'application/msword', 'application/rtf',
                             'application/vnd.ms-excel', 'application/vnd.ms-powerpoint',
                             'application/epub+zip')
            OR mime_type LIKE 'application/vnd.openxmlformats-officedocument.%'
            OR mime_type LIKE 'application/vnd.oasis.opendocument.%' THEN 'document'
        ELSE 'other'
    END AS media_type,
    size_bytes,
    len(renditions) AS rendition_count,
    coalesce(list_sum([coalesce(r.size, 0) for r in renditions]), 0) AS rendition_bytes,
    created_at,
    deleted_at,
    deleted_at IS NOT NULL AND CAST(timezone($tz, deleted_at) AS DATE) <= $day AS is_deleted,
    title,
    description,
    alt_text,
    width,
    height,
    list_max(display_widths) AS max_display_width,
    indexed,
    len(list_filter(usage_locations, u -> coalesce(lower(u.status), 'publish') <> 'trash')) AS live_reference_count,
    renditions,
    usage_locations,
    source_file
FROM latest
WHERE nth = 1
  AND CAST(timezone($tz, created_at) AS DATE) <= $day
  AND (deleted_at IS NULL OR CAST(timezone($tz, deleted_at) AS DATE) >= $day)
