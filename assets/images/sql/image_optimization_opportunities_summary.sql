-- The day's image_optimization_opportunities per kind: files and bytes saved.
SELECT kind, count(*) AS files, coalesce(sum(bytes_saved), 0) AS bytes_saved
FROM image_optimization_opportunities
WHERE day = $day
GROUP BY kind
ORDER BY kind
