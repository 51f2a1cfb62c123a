-- video_optimization_opportunities for $day (DESIGN.md "Encoding and delivery", the seed's
-- optimizeVideoDelivery): each live video's original file, read in media_file_facts, against three
-- rules; every row names the measured figure that triggered it and the improvement it computes.
--   bits per pixel  video bitrate / (width × height × frames per second); the video bitrate is the
--                   one the container states, else the file's bitrate less the audio's (stated, or
--                   none) — WebM states neither, so its audio counts as video there
--   reencode        bits per pixel above $reencode_factor × the codec's reference (a
--                   codec in $codecs has the bits per pixel at the same place in $references; other codecs
--                   use $default_reference). Expected bytes:
--                   the video stream re-encoded at the reference, the rest of the file unchanged.
--                   Daily bandwidth saved: the day's bytes sent for it × the share saved
--   adaptive        a long (≥ $long_seconds), large (≥ $large_bytes) single-file video whose
--                   viewers buffered ≥ $buffering_rate of their watch time on the day
--                   (daily_video_engagement): adaptive bitrate streaming (HLS/DASH) targets that
--                   buffering time
--   caching         a cache hit rate below $cache_hit_rate over ≥ $cache_min_requests requests of
--                   known cache status (daily_media_delivery): the bytes the origin would not
--                   have sent at a hit rate of $cache_target = bytes sent × (target − rate)
WITH videos AS (
    SELECT f.media_id, f.path, f.video_codec, f.width, f.height, f.frame_rate, f.duration_seconds,
           f.size_bytes, f.bitrate_bps, f.audio_bitrate_bps,
           coalesce(f.video_bitrate_bps, f.bitrate_bps - coalesce(f.audio_bitrate_bps, 0)) AS video_bitrate_bps,
           coalesce($references[list_position($codecs, f.video_codec)], $default_reference) AS reference_bpp
    FROM media_file_facts AS f
    JOIN media_inventory AS i ON i.day = f.day AND i.media_id = f.media_id AND i.path = f.path
    WHERE f.day = $day AND f.role = 'original' AND f.error IS NULL AND NOT i.is_deleted
      AND f.video_codec IS NOT NULL AND f.width > 0 AND f.height > 0 AND f.frame_rate > 0
      AND f.duration_seconds > 0
), measured AS (
    SELECT v.*, v.video_bitrate_bps / (v.width * v.height * v.frame_rate) AS bits_per_pixel,
           d.bytes_sent, d.cache_hit_rate, d.cache_hits + d.cache_misses AS cache_known_requests,
           e.views, e.buffering_seconds, e.buffering_rate
    FROM videos AS v
    LEFT JOIN daily_media_delivery AS d ON d.day = $day AND d.media_id = v.media_id
    LEFT JOIN daily_video_engagement AS e ON e.day = $day AND e.media_id = v.media_id
), reencode AS (
    SELECT *, round(size_bytes - video_bitrate_bps * duration_seconds / 8 * (1 - reference_bpp / bits_per_pixel))
              AS expected_bytes
    FROM measured
    WHERE bits_per_pixel > $reencode_factor * reference_bpp
), rows AS (
    SELECT media_id, path, 'reencode' AS kind, 'bits_per_pixel' AS trigger_metric,
           bits_per_pixel AS trigger_value, $reencode_factor * reference_bpp AS trigger_threshold,
           expected_bytes, size_bytes - expected_bytes AS bytes_saved,
           round(bytes_sent * (size_bytes - expected_bytes) / size_bytes) AS daily_bytes_saved,
           printf('%s at %.3f bits per pixel per frame, %.1f× the %.2f reference: re-encode the video at '
                  || '%.2f (%d kbit/s) to save %s of %s', video_codec, bits_per_pixel,
                  bits_per_pixel / reference_bpp, reference_bpp, reference_bpp,
                  round(reference_bpp * width * height * frame_rate / 1000)::BIGINT,
                  formatReadableDecimalSize((size_bytes - expected_bytes)::BIGINT), formatReadableDecimalSize(size_bytes)) AS recommendation
    FROM reencode
    UNION ALL
    SELECT media_id, path, 'adaptive_streaming', 'buffering_rate', buffering_rate, $buffering_rate,
           NULL, NULL, NULL,
           printf('%.1f %% of watch time spent buffering (%.0f s over %d view(s)) on a %.0f s, %s single '
                  || 'file: serve it as adaptive streaming (HLS/DASH), which targets those %.0f s',
                  100 * buffering_rate, buffering_seconds, views, duration_seconds, formatReadableDecimalSize(size_bytes),
                  buffering_seconds)
    FROM measured
    WHERE duration_seconds >= $long_seconds AND size_bytes >= $large_bytes AND buffering_rate >= $buffering_rate
    UNION ALL
    SELECT media_id, path, 'caching', 'cache_hit_rate', cache_hit_rate, $cache_hit_rate,
           NULL, NULL, round(bytes_sent * ($cache_target - cache_hit_rate)),
           printf('cache hit rate %.0f %% over %d requests: cache it at the CDN (long max-age, range '
                  || 'requests cached); at %.0f %% the origin sends %s less a day',
                  100 * cache_hit_rate, cache_known_requests, 100 * $cache_target,
                  formatReadableDecimalSize(round(bytes_sent * ($cache_target - cache_hit_rate))::BIGINT))
    FROM measured
    WHERE cache_hit_rate < $cache_hit_rate AND cache_known_requests >= $cache_min_requests
)
SELECT $day AS day, r.media_id, r.path, r.kind, m.video_codec, m.width, m.height, m.frame_rate,
       m.duration_seconds, m.size_bytes AS current_bytes, m.video_bitrate_bps,
       m.bits_per_pixel, m.reference_bpp AS reference_bits_per_pixel,
       r.trigger_metric, r.trigger_value, r.trigger_threshold,
       r.expected_bytes::BIGINT AS expected_bytes, r.bytes_saved::BIGINT AS bytes_saved,
       r.daily_bytes_saved::BIGINT AS daily_bytes_saved, r.recommendation,
       row_number() OVER (ORDER BY r.daily_bytes_saved DESC NULLS LAST, r.bytes_saved DESC NULLS LAST,
                          r.path, r.kind) AS rank
FROM rows AS r
JOIN measured AS m USING (media_id, path)
