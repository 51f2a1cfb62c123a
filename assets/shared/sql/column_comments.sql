-- A table's or view's columns in order, with their types and comments, for the Dagster UI's column
-- schema: a table's are the definitions written in the schema files; DuckDB comments no column of
-- a view, so the raw event views' are written here (view_columns).
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
    ('raw_player_events', 'source_line', 'Line (NDJSON, CSV) or row number (Parquet) in that file.')
)
SELECT c.column_name, c.data_type, coalesce(c.comment, v.comment) AS comment
FROM duckdb_columns() AS c
LEFT JOIN view_columns AS v ON v.view_name = c.table_name AND v.column_name = c.column_name
WHERE c.table_name = $table AND c.schema_name = 'main' AND c.database_name = current_database()
ORDER BY c.column_index
