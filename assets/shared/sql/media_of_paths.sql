-- The table macro media_of_paths(d, prefixes, requests): the one mapping of a URL path to a media item,
-- used by raw_access_log (request paths) and by the usage and player events sent with a media_url
-- instead of a media_id (events_of_day). `requests` names a relation (a table or a CTE of the calling
-- query) with a column request_path: a URL path as url_path() gives it (decoded, no query). The
-- answer is every row of that relation with media_key, extension and the media item of day d's
-- inventory it maps to (media_id, media_type, variant, file_bytes, original_bytes; NULL when none).
-- Mapping: the path loses the first of `prefixes` it starts with (else just its leading '/':
-- media_path_key), then is matched against the day's inventory paths: the original file, then its
-- renditions; a path ending in .webp/.avif that matches nothing is a modern-format variant of the
-- file it names without that suffix (hero.jpg.webp) or, failing that, of the one file with the same
-- stem (hero.webp for hero.jpg). A path listed twice (two items sharing a file) maps to neither.
CREATE OR REPLACE TEMP MACRO media_of_paths(d, prefixes, requests) AS TABLE
WITH mp_keyed AS (
    SELECT r.*, media_path_key(r.request_path, prefixes) AS media_key,
           lower(regexp_extract(r.request_path, '\.([A-Za-z0-9]+)$', 1)) AS extension
    FROM query_table(requests) AS r
), mp_modern AS (
    -- The key a .webp/.avif request has without that suffix (NULL for other requests), computed
    -- here so that the joins below are equality (hash) joins, not a nested loop over every pair.
    SELECT *, CASE WHEN extension IN ('webp', 'avif') THEN regexp_replace(media_key, '\.(webp|avif)$', '') END
                  AS mp_modern_key
    FROM mp_keyed
), mp_files AS (
    SELECT media_id, media_type, ltrim(path, '/') AS media_key, 'original' AS variant, size_bytes AS file_bytes,
           size_bytes AS original_bytes
    FROM media_inventory WHERE day = d
    UNION ALL
    SELECT media_id, media_type, ltrim(r.path, '/'), coalesce(r.name, 'rendition'), r.size, size_bytes
    FROM (SELECT media_id, media_type, size_bytes, unnest(renditions) AS r FROM media_inventory WHERE day = d)
    WHERE r.path IS NOT NULL
), mp_wanted_files AS (
    -- Only the inventory paths the requests can name: their own key, the key without .webp/.avif,
    -- or a file whose stem that is. Whether a path kept is listed once, and a stem kept names one
    -- file, is decided by its key alone, so the answers are those over every path of the day.
    SELECT * FROM mp_files
    WHERE media_key IN (SELECT media_key FROM mp_modern UNION ALL SELECT mp_modern_key FROM mp_modern)
       OR regexp_replace(media_key, '\.[^./]+$', '') IN (SELECT mp_modern_key FROM mp_modern)
), mp_unique_files AS (
    -- a path listed twice (two items sharing a file) maps to neither: it is not evidence for one
    SELECT * FROM mp_wanted_files QUALIFY count(*) OVER (PARTITION BY media_key) = 1
), mp_unique_stems AS (
    SELECT regexp_replace(media_key, '\.[^./]+$', '') AS stem, any_value(media_id) AS media_id,
           any_value(media_type) AS media_type, any_value(original_bytes) AS original_bytes
    FROM mp_unique_files WHERE variant = 'original'
    GROUP BY 1 HAVING count(*) = 1
)
SELECT
    r.* EXCLUDE (mp_modern_key),
    coalesce(exact.media_id, stripped.media_id, stem.media_id) AS media_id,
    coalesce(exact.media_type, stripped.media_type, stem.media_type) AS media_type,
    CASE WHEN exact.media_id IS NOT NULL THEN exact.variant
         WHEN stripped.media_id IS NOT NULL OR stem.media_id IS NOT NULL THEN 'modern_format' END AS variant,
    coalesce(exact.file_bytes, stripped.file_bytes, stem.original_bytes) AS file_bytes,
    coalesce(exact.original_bytes, stripped.original_bytes, stem.original_bytes) AS original_bytes
FROM mp_modern AS r
LEFT JOIN mp_unique_files AS exact ON exact.media_key = r.media_key
LEFT JOIN mp_unique_files AS stripped ON stripped.media_key = r.mp_modern_key
LEFT JOIN mp_unique_stems AS stem ON stem.stem = r.mp_modern_key
