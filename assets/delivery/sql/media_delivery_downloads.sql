-- Part of daily_media_delivery (the temporary table delivery_downloads): per media item, the
-- clients that requested the original with 200/206 (bots excluded), and those of them whose 200
-- sent at least the file size or whose 206 bytes add up to it.
SELECT
    media_id,
    count(*) AS attempted,
    count(*) FILTER (full_200 OR ranged_bytes >= original_bytes) AS completed
FROM (
    SELECT
        media_id,
        coalesce(client_id, user_agent, '') AS client,
        any_value(original_bytes) AS original_bytes,
        bool_or(status = 200 AND bytes_sent >= original_bytes) AS full_200,
        coalesce(sum(bytes_sent) FILTER (status = 206), 0) AS ranged_bytes
    FROM raw_access_log
    WHERE day = $day AND media_id IS NOT NULL
      AND variant = 'original' AND status IN (200, 206) AND NOT is_bot
    GROUP BY 1, 2
)
GROUP BY media_id
