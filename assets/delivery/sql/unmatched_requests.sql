-- unmatched_requests for $day: request paths that matched no media item, counted per path.
SELECT
    $day AS day,
    path,
    len(list_filter($prefixes, p -> starts_with(path, p))) > 0 AS under_media_prefix,
    count(*) AS requests,
    sum(bytes_sent) AS bytes_sent,
    string_agg(DISTINCT CAST(status AS VARCHAR), ',' ORDER BY CAST(status AS VARCHAR)) AS statuses
FROM raw_access_log
WHERE day = $day AND media_id IS NULL
GROUP BY path
