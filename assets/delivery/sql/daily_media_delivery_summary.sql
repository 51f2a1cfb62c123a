-- The day's daily_media_delivery in one row: rows with a rate outside 0..1 or a negative count,
-- and the day's requests and bytes sent.
SELECT
    count(*) FILTER (cache_hit_rate NOT BETWEEN 0 AND 1 OR error_rate NOT BETWEEN 0 AND 1
                     OR download_success_rate NOT BETWEEN 0 AND 1
                     OR modern_format_share NOT BETWEEN 0 AND 1 OR rendition_share NOT BETWEEN 0 AND 1
                     OR requests < 0 OR bytes_sent < 0) AS rows_out_of_bounds,
    coalesce(sum(requests), 0) AS requests,
    coalesce(sum(bytes_sent), 0) AS bytes_sent
FROM daily_media_delivery
WHERE day = $day
