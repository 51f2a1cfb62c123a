-- The media item each media_url of an event source ({staged_table}) names on $day: one row per
-- distinct URL path of the day's valid rows sent without a media_id, mapped by media_of_paths (the
-- access logs' mapping: MEDIA_URL_PREFIXES, then the day's inventory paths, renditions and
-- .webp/.avif variants); media_id is NULL when the URL maps to no item. A lookup for
-- events_of_day: small (distinct URLs), so the day's rows are read once per use, never copied.
WITH urls AS (
    SELECT DISTINCT media_url AS request_path
    FROM {staged_table}
    WHERE reject_reason IS NULL AND media_id IS NULL AND ts >= $day_start AND ts < $day_end
)
SELECT request_path AS media_url, media_id
FROM media_of_paths($day, $prefixes, urls)
