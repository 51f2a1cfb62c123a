-- Each item (or the one item $media_id) as the inventory last saw it on a built day of the range.
SELECT day, media_id, coalesce(filename, media_id) AS filename, media_type, mime_type, path, size_bytes,
       rendition_count, rendition_bytes, created_at, deleted_at, is_deleted, title, alt_text, width, height,
       max_display_width, indexed, live_reference_count, usage_locations
FROM media_inventory
WHERE day BETWEEN $first AND $last AND list_contains($days, day) AND ($media_id IS NULL OR media_id = $media_id)
QUALIFY row_number() OVER (PARTITION BY media_id ORDER BY day DESC) = 1
ORDER BY media_id
