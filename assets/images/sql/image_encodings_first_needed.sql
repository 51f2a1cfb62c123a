-- The encodings the day needs (needed_encodings) that the cache has from a later day: first needed
-- on this day, whichever build measured them.
UPDATE image_encodings AS e
SET measured_on = $day
FROM needed_encodings AS n
WHERE e.sha256 = n.sha256 AND e.kind = n.kind AND e.target_width = n.target_width AND e.settings = n.settings
  AND e.measured_on > $day
