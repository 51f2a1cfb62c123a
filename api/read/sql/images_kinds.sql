-- The image optimisation opportunities per kind: files and bytes saved as of $as_of, and the
-- bandwidth they would have saved summed over the built days of the range (report_image_kinds.sql
-- over a range); a kind with savings in the range but none left as of $as_of has 0 files.
WITH now AS (
    SELECT kind, count(*) AS files, sum(bytes_saved) AS bytes_saved
    FROM image_optimization_opportunities
    WHERE day = $as_of
    GROUP BY kind
), traffic AS (
    SELECT kind, sum(traffic_weighted_daily_savings) AS traffic_savings
    FROM image_optimization_opportunities
    WHERE day BETWEEN $first AND $last AND list_contains($days, day)
    GROUP BY kind
)
SELECT kind, coalesce(n.files, 0) AS files, coalesce(n.bytes_saved, 0) AS bytes_saved, t.traffic_savings
FROM now AS n
FULL JOIN traffic AS t USING (kind)
ORDER BY list_position(['resize', 'format', 'compression', 'gif_to_video', 'unused_rendition'], kind), kind
