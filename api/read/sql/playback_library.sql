-- The live items of $media_type as of $as_of (daily_storage): files, original bytes and their
-- average, with the summed duration of the original files read under MEDIA_ROOT (media_file_facts;
-- files that could not be read have none).
WITH durations AS (
    SELECT count(f.duration_seconds) AS files_with_duration, sum(exact(f.duration_seconds))::DOUBLE AS duration_seconds
    FROM media_inventory AS i
    JOIN media_file_facts AS f ON f.day = i.day AND f.path = i.path AND f.role = 'original'
    WHERE i.day = $as_of AND NOT i.is_deleted AND i.media_type = $media_type
)
SELECT coalesce(s.files, 0) AS files, coalesce(s.original_bytes, 0) AS original_bytes, s.avg_file_bytes,
       d.files_with_duration, coalesce(d.duration_seconds, 0) AS duration_seconds
FROM durations AS d
LEFT JOIN daily_storage AS s ON s.day = $as_of AND s.media_type = $media_type
