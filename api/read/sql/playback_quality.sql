-- Each quality's share of the seconds played by the views of $media_type over the built days of
-- the range (daily_video_engagement.quality_share over a range): its seconds / all played seconds
-- with a known quality. No rows for audio (players name no quality).
WITH seconds AS (
    SELECT entry.key AS quality, sum(exact(entry.value)) AS seconds
    FROM (SELECT unnest(map_entries(quality_seconds)) AS entry
          FROM video_views
          WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND media_type = $media_type
            AND is_view)
    GROUP BY quality
)
SELECT quality, seconds::DOUBLE AS seconds, (seconds / sum(seconds) OVER ())::DOUBLE AS share
FROM seconds
QUALIFY sum(seconds) OVER () > 0
ORDER BY seconds DESC, quality
