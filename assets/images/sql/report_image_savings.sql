-- The report's image savings for $day, originals and unused renditions apart (they have different
-- bases: the originals' bytes and traffic, the renditions' storage).
-- Originals: the kinds of one file overlap (a resize and a WebP conversion of the same original
-- cannot both be saved in full), so each file counts with its largest saving; traffic-weighted the
-- same way, beside the day's image bandwidth. Unused renditions: their bytes, beside the bytes of
-- every rendition of the day's live images.
WITH best AS (
    SELECT path, max(bytes_saved) AS best_saved, max(traffic_weighted_daily_savings) AS best_daily
    FROM image_optimization_opportunities
    WHERE day = $day AND kind <> 'unused_rendition'
    GROUP BY path
), new_resizes AS (
    SELECT o.bytes_saved
    FROM image_optimization_opportunities AS o
    JOIN media_inventory AS i ON i.day = o.day AND i.media_id = o.media_id
    WHERE o.day = $day AND o.kind = 'resize' AND CAST(timezone($tz, i.created_at) AS DATE) = $day
), renditions AS (
    SELECT count(*) AS files, coalesce(sum(bytes_saved), 0) AS bytes
    FROM image_optimization_opportunities
    WHERE day = $day AND kind = 'unused_rendition'
)
SELECT (SELECT coalesce(sum(best_saved), 0) FROM best) AS potential_bytes_saved,
       (SELECT sum(best_daily) FROM best) AS potential_daily_savings,
       (SELECT files FROM renditions) AS unused_renditions,
       (SELECT bytes FROM renditions) AS unused_rendition_bytes,
       (SELECT coalesce(sum(r.size), 0)
        FROM (SELECT unnest(renditions) AS r FROM media_inventory WHERE day = $day AND media_type = 'image'))
           AS rendition_bytes,
       (SELECT sum(bytes_sent) FROM daily_media_delivery WHERE day = $day AND media_type = 'image') AS image_bytes_sent,
       -- images uploaded on $day (created_at in $tz) that are over twice their largest display width
       (SELECT count(*) FROM new_resizes) AS new_oversized,
       (SELECT coalesce(sum(bytes_saved), 0) FROM new_resizes) AS new_oversized_bytes
