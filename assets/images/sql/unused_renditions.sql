-- The day's unused_rendition opportunities (DESIGN.md "Images": generated sizes never requested in
-- the look-back window, after the seed's cleanup): a rendition image file of a live item that no
-- person requested, without error, in the $lookback_days days ending on $day.
--   requested   a request (access logs; not a bot, status < 400) for the rendition's path, or for
--               a WebP/AVIF variant of it (thumb.jpg.webp, thumb.webp)
--   evidence    only when the day has access logs, and only for items uploaded before the first
--               day of logs in the window (a newer rendition had less time to be asked for)
--   saving      the rendition file's bytes on disk; `estimated`, since a CMS may regenerate a
--               deleted size on demand
WITH coverage AS (
    SELECT count(DISTINCT day) AS days, min(day) AS first_day, bool_or(day = $day) AS has_day
    FROM raw_access_log
    WHERE day BETWEEN $day - ($lookback_days - 1) AND $day
), renditions AS (
    SELECT media_id, created_at, r.name AS rendition, r.path
    FROM (SELECT media_id, created_at, unnest(renditions) AS r
          FROM media_inventory WHERE day = $day AND NOT is_deleted)
    WHERE r.path IS NOT NULL AND r.path <> ''
), requested AS (
    SELECT DISTINCT r.media_id, r.path
    FROM renditions AS r
    JOIN raw_access_log AS a
      ON a.media_id = r.media_id AND a.day BETWEEN $day - ($lookback_days - 1) AND $day
     AND NOT a.is_bot AND a.status < 400
     AND (a.variant = r.rendition
          OR (a.variant = 'modern_format'
              AND (ends_with(regexp_replace(ltrim(a.path, '/'), '\.(webp|avif)$', ''), ltrim(r.path, '/'))
                   OR ends_with(regexp_replace(ltrim(a.path, '/'), '\.(webp|avif)$', ''),
                                regexp_replace(ltrim(r.path, '/'), '\.[^./]+$', '')))))
)
SELECT r.media_id, f.path, 'unused_rendition' AS kind, f.detected_format AS image_format,
       CAST(NULL AS VARCHAR) AS target_format, CAST(NULL AS INTEGER) AS target_width, f.width, f.height,
       f.size_bytes AS current_bytes, 0 AS expected_bytes, 'estimated' AS method,
       printf('%s rendition (%d × %d) not requested in %d day(s) of access logs (look-back %d days): '
              || 'delete it or stop generating this size', r.rendition, f.width, f.height, c.days,
              $lookback_days) AS recommendation
FROM renditions AS r
CROSS JOIN coverage AS c
JOIN media_file_facts AS f ON f.day = $day AND f.path = r.path
WHERE c.has_day AND CAST(r.created_at AS DATE) < c.first_day
  AND f.error IS NULL AND f.size_bytes > 0
  AND f.detected_format IN ('JPEG', 'PNG', 'GIF', 'BMP', 'TIFF', 'WEBP', 'AVIF', 'MPO')
  AND NOT EXISTS (SELECT 1 FROM requested AS q WHERE q.media_id = r.media_id AND q.path = r.path)
ORDER BY f.path
