-- Usage per usage kind (featured, inline, gallery, background, attachment, unspecified) over the
-- built days of the range, of $media_type (NULL: any) or of one item ($media_id, NULL: every item).
SELECT usage_kind,
       sum(impressions) AS impressions, sum(views) AS views, sum(clicks) AS clicks,
       sum(downloads) AS downloads, sum(shares) AS shares, sum(previews) AS previews,
       sum(clicks) / nullif(sum(views), 0) AS click_through_rate,
       sum(engaged_visits) / nullif(sum(visits), 0) AS engagement_rate
FROM daily_media_usage
WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND usage_kind <> 'all'
  AND ($media_type IS NULL OR media_type = $media_type) AND ($media_id IS NULL OR media_id = $media_id)
GROUP BY usage_kind
ORDER BY views DESC, usage_kind
