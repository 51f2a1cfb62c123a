-- The day's unused_media per evidence class: items and potential savings, and how many of the
-- look-back window's days had delivery data (the same on every row of a day).
SELECT evidence_class, count(*) AS files, coalesce(sum(potential_savings_bytes), 0) AS bytes,
       max(days_with_delivery_data) AS days_with_delivery_data
FROM unused_media
WHERE day = $day
GROUP BY evidence_class
ORDER BY evidence_class
