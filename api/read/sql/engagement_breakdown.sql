-- The views of the item $media_id over the built days of the range per device type and per country
-- (unknown when not sent), as daily_video_engagement.device_views/country_views over a range.
SELECT dimension, value, count(*) AS views
FROM video_views
CROSS JOIN LATERAL (VALUES ('device', device_type), ('country', coalesce(country, 'unknown'))) AS d(dimension, value)
WHERE media_id = $media_id AND day BETWEEN $first AND $last AND list_contains($days, day) AND is_view
GROUP BY dimension, value
ORDER BY dimension, views DESC, value
