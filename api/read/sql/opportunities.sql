-- Every optimisation the product recommends as of $as_of, one row per item and kind, of
-- $media_type (NULL: any) or one item ($media_id): the image kinds (resize, format, compression,
-- gif_to_video, unused_rendition), the video kinds (reencode, adaptive_streaming, caching),
-- duplicate copies to remove and cleanup candidates. Ranked by the bytes a day of traffic would
-- save, then by the bytes of storage freed.
WITH items AS (
    SELECT media_id, coalesce(filename, media_id) AS filename, media_type, mime_type
    FROM media_inventory WHERE day = $as_of
), found AS (
    SELECT 'image' AS family, kind, media_id, current_bytes, expected_bytes, image_format AS current_format,
           target_format, CASE WHEN kind = 'unused_rendition' THEN [path] END AS unused_sizes,
           bytes_saved, traffic_weighted_daily_savings AS daily_bytes_saved, recommendation, method
    FROM image_optimization_opportunities WHERE day = $as_of
    UNION ALL
    SELECT 'video', kind, media_id, current_bytes, expected_bytes, video_codec, NULL, NULL,
           bytes_saved, daily_bytes_saved, recommendation,
           trigger_metric || ' ' || round(trigger_value, 4) || ' (threshold ' || round(trigger_threshold, 4) || ')'
    FROM video_optimization_opportunities WHERE day = $as_of
    UNION ALL
    SELECT 'library', 'duplicate', media_id, size_bytes, 0, NULL, NULL, NULL, reclaimable_bytes, NULL,
           'Same file as ' || keep_media_id || ' (' || copies || ' copies): point its '
               || live_reference_count || ' references there and remove this copy', 'sha256'
    FROM media_duplicates WHERE day = $as_of AND NOT is_kept
    UNION ALL
    SELECT 'library', 'cleanup', media_id, potential_savings_bytes, 0, NULL, NULL, NULL, potential_savings_bytes,
           NULL, 'Neither referenced nor delivered in the last ' || lookback_days
               || ' days: review and delete (deletion risk ' || deletion_risk || ')', 'evidence'
    FROM unused_media WHERE day = $as_of AND evidence_class = 'cleanup_candidate'
)
SELECT f.*, i.filename, coalesce(i.media_type, 'other') AS media_type
FROM found AS f
LEFT JOIN items AS i USING (media_id)
WHERE ($media_type IS NULL OR i.media_type = $media_type) AND ($media_id IS NULL OR f.media_id = $media_id)
ORDER BY daily_bytes_saved DESC NULLS LAST, bytes_saved DESC, f.media_id, f.kind
LIMIT $limit OFFSET $offset
