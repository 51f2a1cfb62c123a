-- video_views' part spans (written to a temporary table view_spans before video_views.sql):
-- one row per playback session of $day with watched segments: the length of their union.
SELECT media_id, viewer_id, session_id, sum(exact(span_end - span_start))::DOUBLE AS unique_seconds
FROM watched_spans($day)
GROUP BY media_id, viewer_id, session_id
