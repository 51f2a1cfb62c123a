-- How many usage events $day has: daily_media_usage counts its visitors in one part per 20 M of them.
SELECT count(*) AS events FROM raw_usage_events WHERE day = $day
