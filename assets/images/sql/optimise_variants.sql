-- The variants the Optimise action writes for $day: the image opportunities of the kinds asked for
-- ($kinds: resize, format, compression) whose files are within the re-encoding budget
-- ($pixel_budget pixels), largest traffic-weighted savings first.
SELECT media_id, path, kind, target_format, target_width, current_bytes AS bytes_before
FROM image_optimization_opportunities
WHERE day = $day AND list_contains($kinds, kind) AND target_format IS NOT NULL
  AND width * height <= $pixel_budget
ORDER BY rank
