-- Rows of image_optimization_opportunities for $day whose traffic-weighted daily savings exceed the
-- bytes the day sent as the original file (the check image_..._savings_within_bytes_sent): how
-- many, and the path that exceeds by most.
SELECT count(*) AS rows_over, arg_max(path, traffic_weighted_daily_savings - original_bytes_sent) AS worst
FROM image_optimization_opportunities
WHERE day = $day AND traffic_weighted_daily_savings > original_bytes_sent
