-- A table's or view's columns in order, with their types and comments, for the Dagster UI's column
-- schema: a table's are the definitions written in the schema files; DuckDB comments no column of
-- a view, so the raw event views' and raw_access_log's are written here (view_columns).
WITH view_columns (view_name, column_name, comment) AS (
    VALUES
    ('raw_usage_events', 'day', 'The event timestamp''s calendar day in REPORT_TIMEZONE.'),
    ('raw_usage_events', 'event_id', 'The event''s id; unique within the day.'),
    ('raw_usage_events', 'media_id', 'The media item, as sent or as its media_url maps on the day.'),
    ('raw_usage_events', 'event_type', 'impression, view, click, download, share or preview.'),
    ('raw_usage_events', 'ts', 'The event timestamp.'),
    ('raw_usage_events', 'user_id', 'Signed-in user, when known.'),
    ('raw_usage_events', 'session_id', 'Browser session id, when sent.'),
    ('raw_usage_events', 'referrer', 'The page the visitor came from, when sent.'),
    ('raw_usage_events', 'user_agent', 'The browser''s User-Agent.'),
    ('raw_usage_events', 'client_id', 'Salted SHA-256 of the event''s ip (16 hex digits); the IP itself is never stored.'),
    ('raw_usage_events', 'country', 'ISO country code, upper-cased.'),
    ('raw_usage_events', 'page_url', 'The page the item was used on.'),
    ('raw_usage_events', 'usage', 'featured, inline, gallery, background or attachment; NULL when not sent.'),
    ('raw_usage_events', 'load_time_ms', 'Load time the browser measured, milliseconds.'),
    ('raw_usage_events', 'bytes', 'Bytes transferred, when sent.'),
    ('raw_usage_events', 'source_file', 'Landing file the event was read from (the first path of its content).'),
    ('raw_usage_events', 'source_line', 'Line (NDJSON, CSV) or row number (Parquet) in that file.'),
    ('raw_player_events', 'day', 'The event timestamp''s calendar day in REPORT_TIMEZONE.'),
    ('raw_player_events', 'event_id', 'The event''s id; unique within the day.'),
    ('raw_player_events', 'media_id', 'The media item played (video or audio).'),
    ('raw_player_events', 'event_type', 'load, play, pause, seek, ended, stop, quality_change, buffer_start, buffer_end or error.'),
    ('raw_player_events', 'ts', 'The event timestamp.'),
    ('raw_player_events', 'position', 'Player current time at the event, seconds; always present on play, pause, seek, stop and ended (a seek sent without one takes its to_position).'),
    ('raw_player_events', 'from_position', 'seek: the position left, seconds (always present on a seek).'),
    ('raw_player_events', 'to_position', 'seek: the position jumped to, seconds (always present on a seek).'),
    ('raw_player_events', 'duration', 'Media duration reported by the player, seconds; NULL when unknown.'),
    ('raw_player_events', 'user_id', 'Signed-in user, when known.'),
    ('raw_player_events', 'session_id', 'Playback session id, when sent (user_id or session_id is always present).'),
    ('raw_player_events', 'quality', 'Rendition playing (e.g. 720p); NULL for audio.'),
    ('raw_player_events', 'user_agent', 'The player''s User-Agent.'),
    ('raw_player_events', 'country', 'ISO country code, upper-cased.'),
    ('raw_player_events', 'source_file', 'Landing file the event was read from (the first path of its content).'),
    ('raw_player_events', 'source_line', 'Line (NDJSON, CSV) or row number (Parquet) in that file.'),
    ('raw_access_log', 'day', 'The request timestamp''s calendar day in REPORT_TIMEZONE.'),
    ('raw_access_log', 'ts', 'The request timestamp.'),
    ('raw_access_log', 'client_id', 'Salted SHA-256 of the client IP (16 hex digits); the IP '
        || 'itself is never stored.'),
    ('raw_access_log', 'http_method', 'The request method (GET, HEAD, ...).'),
    ('raw_access_log', 'host', 'The Host the request named, when the log has it (W3C/CloudFront).'),
    ('raw_access_log', 'path', 'URL-decoded request path without query string, scheme or host.'),
    ('raw_access_log', 'query', 'The query string, without its ?; NULL when none.'),
    ('raw_access_log', 'status', 'HTTP status sent.'),
    ('raw_access_log', 'bytes_sent', 'Bytes sent in the response body (0 for -).'),
    ('raw_access_log', 'referrer', 'The Referer header, when sent.'),
    ('raw_access_log', 'user_agent', 'The User-Agent header, when sent.'),
    ('raw_access_log', 'request_time_ms', 'nginx $request_time, CloudFront time-taken (seconds in '
        || 'the log) or IIS time-taken (milliseconds), in ms.'),
    ('raw_access_log', 'cache_status', 'The cache status as logged (nginx $upstream_cache_status, '
        || 'CloudFront x-edge-result-type).'),
    ('raw_access_log', 'cache_result', 'hit (HIT, STALE, UPDATING, REVALIDATED; CloudFront Hit, '
        || 'RefreshHit, OriginShieldHit), miss (MISS, EXPIRED, BYPASS; CloudFront Miss) or '
        || 'unknown.'),
    ('raw_access_log', 'device_type', 'desktop, mobile, tablet, bot or unknown, from the '
        || 'User-Agent as classified when the day was built.'),
    ('raw_access_log', 'is_bot', 'The User-Agent is a crawler, monitor or script.'),
    ('raw_access_log', 'media_id', 'The media item the path maps to in the day''s inventory; NULL '
        || 'when none.'),
    ('raw_access_log', 'media_type', 'That item''s type (image, video, audio, document, ...).'),
    ('raw_access_log', 'variant', 'original, the rendition name (thumbnail, medium, ...), '
        || 'modern_format, or NULL when the path matched no media item.'),
    ('raw_access_log', 'served_format', 'The extension of the file served (jpg, webp, avif, pdf, '
        || '...).'),
    ('raw_access_log', 'file_bytes', 'Size of the file the path names (the rendition''s for a '
        || 'rendition; the original''s for a modern-format variant, whose own size is unknown).'),
    ('raw_access_log', 'original_bytes', 'Size of the item''s original file.'),
    ('raw_access_log', 'log_format', 'combined, w3c or cloudfront: the format the line was parsed '
        || 'as.'),
    ('raw_access_log', 'source_file', 'Landing file the request was read from (the first path of '
        || 'its content).'),
    ('raw_access_log', 'source_line', 'Line in that file.')
)
SELECT c.column_name, c.data_type, coalesce(c.comment, v.comment) AS comment
FROM duckdb_columns() AS c
LEFT JOIN view_columns AS v ON v.view_name = c.table_name AND v.column_name = c.column_name
WHERE c.table_name = $table AND c.schema_name = 'main' AND c.database_name = current_database()
ORDER BY c.column_index
