-- Bytes sent per day and media type (unmatched requests included) over the 30 days up to $day.
SELECT day, media_type, bytes_sent
FROM daily_delivery_totals
WHERE day BETWEEN $day - 29 AND $day AND media_type <> 'all'
ORDER BY day, media_type
