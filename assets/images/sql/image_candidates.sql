-- The day's original image files that could be read, with the widths the theme shows them at.
SELECT f.media_id, f.path, f.sha256, f.detected_format, f.width, f.height, f.size_bytes,
       f.is_animated, i.max_display_width
FROM media_file_facts AS f
JOIN media_inventory AS i ON i.day = f.day AND i.media_id = f.media_id AND i.path = f.path
WHERE f.day = $day AND f.error IS NULL AND NOT i.is_deleted
  AND f.detected_format IN ('JPEG', 'PNG', 'GIF', 'BMP', 'TIFF', 'WEBP', 'AVIF', 'MPO')
  AND f.width > 0 AND f.height > 0
ORDER BY f.path
