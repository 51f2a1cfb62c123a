-- The image optimisation opportunities of kinds $kinds as of $as_of, with the bandwidth each would
-- have saved summed over the built days of the range (traffic_weighted_daily_savings; NULL when no
-- day of the range had delivery data), ranked as report_image_top.sql ranks a day: those savings
-- first, then bytes saved. A page at a time.
WITH traffic AS (
    SELECT media_id, path, kind, sum(traffic_weighted_daily_savings) AS traffic_savings
    FROM image_optimization_opportunities
    WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND list_contains($kinds, kind)
    GROUP BY ALL
)
SELECT o.media_id, coalesce(i.filename, regexp_extract(o.path, '[^/]*$')) AS filename, o.path, o.kind,
       o.image_format, o.target_format, o.target_width, o.width, o.height, o.current_bytes,
       o.expected_bytes, o.bytes_saved, o.method, o.recommendation, t.traffic_savings
FROM image_optimization_opportunities AS o
LEFT JOIN traffic AS t USING (media_id, path, kind)
LEFT JOIN media_inventory AS i ON i.day = o.day AND i.media_id = o.media_id
WHERE o.day = $as_of AND list_contains($kinds, o.kind)
ORDER BY t.traffic_savings DESC NULLS LAST, o.bytes_saved DESC, o.path, o.kind
LIMIT $limit OFFSET $offset
