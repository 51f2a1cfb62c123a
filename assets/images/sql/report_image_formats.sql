-- The report's image formats for $day: original image files read without error, by real format,
-- with the compression ratio bytes / (width x height x 3) [DESIGN.md "Images"].
SELECT f.detected_format AS image_format, count(*) AS files, sum(f.size_bytes) AS bytes,
       sum(f.size_bytes) / nullif(sum(f.width::DOUBLE * f.height * 3), 0) AS compression_ratio
FROM media_file_facts AS f
WHERE f.day = $day AND f.role = 'original' AND f.error IS NULL AND f.width > 0
  AND f.detected_format IN ('JPEG', 'PNG', 'GIF', 'BMP', 'TIFF', 'WEBP', 'AVIF', 'MPO')
GROUP BY ALL
ORDER BY files DESC, image_format
