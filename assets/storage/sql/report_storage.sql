-- The report's storage overview for $day: the 'all' row and one per media type, largest first.
SELECT media_type, files, bytes, avg_file_bytes, uploads, deletions, quota_bytes, quota_used
FROM daily_storage
WHERE day = $day
ORDER BY media_type = 'all' DESC, bytes DESC, media_type
