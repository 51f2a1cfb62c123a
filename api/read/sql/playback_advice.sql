-- The video encoding and delivery advice of $as_of (video_optimization_opportunities: its files,
-- delivery and engagement), for items of $media_type, by rank (largest daily saving first), with the
-- inventory's file name (report_video_advice.sql, every row).
SELECT o.media_id, coalesce(i.filename, regexp_extract(o.path, '[^/]*$')) AS filename, o.kind,
       o.video_codec, o.width, o.height, o.bits_per_pixel, o.reference_bits_per_pixel, o.current_bytes,
       o.expected_bytes, o.bytes_saved, o.daily_bytes_saved, o.trigger_metric, o.trigger_value,
       o.trigger_threshold, o.recommendation
FROM video_optimization_opportunities AS o
JOIN media_inventory AS i ON i.day = o.day AND i.media_id = o.media_id
WHERE o.day = $as_of AND i.media_type = $media_type
ORDER BY o.rank
