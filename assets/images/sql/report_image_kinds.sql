-- The report's optimisation totals for $day, one row per kind (in the order of DESIGN.md "Images").
SELECT kind, count(*) AS files, sum(bytes_saved) AS bytes_saved,
       sum(traffic_weighted_daily_savings) AS traffic_weighted_daily_savings
FROM image_optimization_opportunities
WHERE day = $day
GROUP BY kind
ORDER BY list_position(['resize', 'format', 'compression', 'gif_to_video', 'unused_rendition'], kind)
