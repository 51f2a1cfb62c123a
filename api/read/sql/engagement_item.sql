-- The media item $media_id as the inventory of the range's built days last has it: its media type
-- and file name. No row: the id is in no built day's inventory of the range (unknown).
SELECT media_id, arg_max(media_type, day) AS media_type, arg_max(coalesce(filename, media_id), day) AS filename
FROM media_inventory
WHERE media_id = $media_id AND day BETWEEN $first AND $last AND list_contains($days, day)
GROUP BY media_id
