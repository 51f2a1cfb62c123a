-- raw_access_log for $day: every parsed request of the access-log contents now landed whose
-- timestamp falls on $day in the report time zone ($day_start <= ts < $day_end), mapped to the
-- media item it served.
-- Mapping: the path loses the first of $prefixes it starts with (else just its leading '/'), then
-- is matched against the day's inventory paths: the original file, then its renditions; a path
-- ending in .webp/.avif that matches nothing is a modern-format variant of the file it names
-- without that suffix (hero.jpg.webp) or, failing that, of the one file with the same stem
-- (hero.webp for hero.jpg).
WITH files AS (
    SELECT sha256, min(path) AS path
    FROM landing_files
    WHERE source = 'access_logs' AND error IS NULL
    GROUP BY sha256
), requests AS (
    SELECT s.*, f.path AS source_file,
           ltrim(CASE WHEN len(list_filter($prefixes, p -> starts_with(s.path, p))) > 0
                      THEN substr(s.path, len(list_filter($prefixes, p -> starts_with(s.path, p))[1]) + 1)
                      ELSE s.path END, '/') AS media_key,
           lower(regexp_extract(s.path, '\.([A-Za-z0-9]+)$', 1)) AS extension
    FROM staged_access_log AS s
    JOIN files AS f ON s.file_sha256 = f.sha256
    WHERE s.reject_reason IS NULL AND s.ts >= $day_start AND s.ts < $day_end
), modern AS (
    -- The key a .webp/.avif request has without that suffix (NULL for other requests), computed
    -- here so that the joins below are equality (hash) joins, not a nested loop over every pair.
    SELECT *, CASE WHEN extension IN ('webp', 'avif') THEN regexp_replace(media_key, '\.(webp|avif)$', '') END
                  AS modern_key
    FROM requests
), media_files AS (
    SELECT media_id, media_type, ltrim(path, '/') AS media_key, 'original' AS variant, size_bytes AS file_bytes,
           size_bytes AS original_bytes
    FROM media_inventory WHERE day = $day
    UNION ALL
    SELECT media_id, media_type, ltrim(r.path, '/'), coalesce(r.name, 'rendition'), r.size, size_bytes
    FROM (SELECT media_id, media_type, size_bytes, unnest(renditions) AS r FROM media_inventory WHERE day = $day)
    WHERE r.path IS NOT NULL
), unique_files AS (
    -- a path listed twice (two items sharing a file) maps to neither: it is not evidence for one
    SELECT * FROM media_files QUALIFY count(*) OVER (PARTITION BY media_key) = 1
), unique_stems AS (
    SELECT regexp_replace(media_key, '\.[^./]+$', '') AS stem, any_value(media_id) AS media_id,
           any_value(media_type) AS media_type, any_value(original_bytes) AS original_bytes
    FROM unique_files WHERE variant = 'original'
    GROUP BY 1 HAVING count(*) = 1
), mapped AS (
    SELECT
        r.*,
        coalesce(exact.media_id, stripped.media_id, stem.media_id) AS media_id,
        coalesce(exact.media_type, stripped.media_type, stem.media_type) AS media_type,
        CASE WHEN exact.media_id IS NOT NULL THEN exact.variant
             WHEN stripped.media_id IS NOT NULL OR stem.media_id IS NOT NULL THEN 'modern_format' END AS variant,
        coalesce(exact.file_bytes, stripped.file_bytes, stem.original_bytes) AS file_bytes,
        coalesce(exact.original_bytes, stripped.original_bytes, stem.original_bytes) AS original_bytes
    FROM modern AS r
    LEFT JOIN unique_files AS exact ON exact.media_key = r.media_key
    LEFT JOIN unique_files AS stripped ON stripped.media_key = r.modern_key
    LEFT JOIN unique_stems AS stem ON stem.stem = r.modern_key
)
SELECT
    $day AS day, m.ts, m.client_id, m.http_method, m.host, m.path, m.query, m.status, m.bytes_sent,
    m.referrer, m.user_agent, m.request_time_ms, m.cache_status,
    CASE
        WHEN upper(m.cache_status) IN ('HIT', 'STALE', 'UPDATING', 'REVALIDATED', 'REFRESHHIT', 'ORIGINSHIELDHIT')
            THEN 'hit'
        WHEN upper(m.cache_status) IN ('MISS', 'EXPIRED', 'BYPASS') THEN 'miss'
        ELSE 'unknown'
    END AS cache_result,
    coalesce(ua.device_type, 'unknown') AS device_type,
    coalesce(ua.is_bot, false) AS is_bot,
    m.media_id, m.media_type, m.variant,
    nullif(m.extension, '') AS served_format,
    m.file_bytes, m.original_bytes, m.log_format, m.source_file, m.line AS source_line
FROM mapped AS m
LEFT JOIN user_agents AS ua ON ua.user_agent = m.user_agent
