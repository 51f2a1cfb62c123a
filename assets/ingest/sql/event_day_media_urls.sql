-- event_day_media_urls for $day ({source}): the URLs of the day that mapped to a media item.
SELECT '{source}' AS source, $day AS day, media_url, media_id FROM event_urls WHERE media_id IS NOT NULL
