-- The original images read as of $as_of by real format (report_image_formats.sql on the range's last
-- built day): files, bytes and the compression ratio bytes / (width x height x 3).
SELECT f.detected_format AS image_format, count(*) AS files, sum(f.size_bytes) AS bytes,
       sum(f.size_bytes) / nullif(sum(f.width::DOUBLE * f.height * 3), 0) AS compression_ratio,
       sum(f.width::DOUBLE * f.height * 3) AS pixel_bytes
FROM media_file_facts AS f
WHERE f.day = $as_of AND f.role = 'original' AND f.error IS NULL AND f.width > 0
  AND f.detected_format IN ('JPEG', 'PNG', 'GIF', 'BMP', 'TIFF', 'WEBP', 'AVIF', 'MPO')
GROUP BY ALL
ORDER BY files DESC, image_format
