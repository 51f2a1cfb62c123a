-- The image savings (report_image_savings.sql over a range). As of $as_of: what optimising the
-- originals would save, each file once at its largest saving (a file's kinds overlap), unused
-- renditions and the bytes of every rendition of the live images, duplicates. Summed over the built
-- days of the range: each day's traffic-weighted savings, each file once at its largest, and the
-- image bandwidth they are a share of.
WITH best AS (
    SELECT day, path, max(bytes_saved) AS best_saved, max(traffic_weighted_daily_savings) AS best_daily
    FROM image_optimization_opportunities
    WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND kind <> 'unused_rendition'
    GROUP BY day, path
), renditions AS (
    SELECT count(*) AS files, coalesce(sum(bytes_saved), 0) AS bytes
    FROM image_optimization_opportunities
    WHERE day = $as_of AND kind = 'unused_rendition'
)
SELECT (SELECT coalesce(sum(best_saved), 0) FROM best WHERE day = $as_of) AS potential_bytes_saved,
       (SELECT sum(best_daily) FROM best) AS potential_traffic_savings,
       (SELECT files FROM renditions) AS unused_renditions,
       (SELECT bytes FROM renditions) AS unused_rendition_bytes,
       (SELECT coalesce(sum(r.size), 0)
        FROM (SELECT unnest(renditions) AS r FROM media_inventory WHERE day = $as_of AND media_type = 'image'))
           AS rendition_bytes,
       (SELECT sum(bytes_sent) FROM daily_media_delivery
        WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND media_type = 'image')
           AS image_bytes_sent,
       (SELECT count(DISTINCT sha256) FROM media_duplicates WHERE day = $as_of) AS duplicate_groups,
       (SELECT coalesce(sum(reclaimable_bytes), 0) FROM media_duplicates WHERE day = $as_of)
           AS duplicate_reclaimable_bytes
