-- video_session_events for $day: the player_session_events macro (schema_video.sql) written once, so
-- video_watch_segments, video_views and video_retention read it instead of each computing it.
SELECT $day AS day, * FROM player_session_events($day, $tz)
