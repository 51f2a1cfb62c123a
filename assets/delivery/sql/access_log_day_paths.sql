-- access_log_day_paths for $day: the day's request paths as the temp table access_log_paths
-- (access_log_paths.sql) mapped them; served_format is the path's extension.
SELECT $day AS day, request_path, media_id, media_type, variant,
       nullif(extension, '') AS served_format, file_bytes, original_bytes
FROM access_log_paths
