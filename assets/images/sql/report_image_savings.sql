-- The report's total potential image savings for $day without counting a file twice: the kinds of
-- one file overlap (a resize and a WebP conversion of the same original cannot both be saved in
-- full), so each file counts with its largest saving; traffic-weighted the same way.
SELECT coalesce(sum(best_saved), 0) AS potential_bytes_saved,
       sum(best_daily) AS potential_daily_savings
FROM (
    SELECT path, max(bytes_saved) AS best_saved, max(traffic_weighted_daily_savings) AS best_daily
    FROM image_optimization_opportunities
    WHERE day = $day
    GROUP BY path
)
