-- Where the events came from (the referrer classified) over the built days of the range, of
-- $media_type (NULL: any) or of one item ($media_id, NULL: every item).
SELECT coalesce(sum(from_search), 0) AS search, coalesce(sum(from_social), 0) AS social,
       coalesce(sum(from_email), 0) AS email, coalesce(sum(from_internal), 0) AS internal,
       coalesce(sum(from_direct), 0) AS direct, coalesce(sum(from_other), 0) AS other
FROM daily_media_usage
WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND usage_kind = 'all'
  AND ($media_type IS NULL OR media_type = $media_type) AND ($media_id IS NULL OR media_id = $media_id)
