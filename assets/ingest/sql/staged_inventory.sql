-- Validate one inventory export file's rows. Input relation `lines(line, raw)`, raw one JSON object
-- per media item. One output row per input row; reject_reason is NULL when the row can be used.
WITH parsed AS (
    SELECT
        line,
        raw,
        object_fields(raw, '{"id": "VARCHAR", "filename": "VARCHAR", "path": "VARCHAR", "mime_type": "VARCHAR",
                  "size": "VARCHAR", "created_at": "VARCHAR", "deleted_at": "VARCHAR", "title": "VARCHAR",
                  "description": "VARCHAR", "alt_text": "VARCHAR", "width": "VARCHAR", "height": "VARCHAR",
                  "renditions": "JSON", "usage_locations": "JSON", "display_widths": "JSON",
                  "indexed": "VARCHAR"}') AS js
    FROM lines
    WHERE raw IS NOT NULL AND NOT is_blank(raw)
), fields AS (
    SELECT
        line,
        raw,
        js,
        nullif(trim(js.id), '') AS media_id,
        nullif(js.filename, '') AS filename,
        nullif(trim(js.path), '') AS path,
        lower(nullif(trim(js.mime_type), '')) AS mime_type,
        js.size AS size_text,
        TRY_CAST(TRY_CAST(js.size AS DOUBLE) AS BIGINT) AS size_bytes,
        trim(js.created_at) AS created_text,
        TRY_CAST(trim(js.created_at) AS TIMESTAMPTZ) AS created_at,
        nullif(trim(js.deleted_at), '') AS deleted_text,
        TRY_CAST(trim(js.deleted_at) AS TIMESTAMPTZ) AS deleted_at,
        js.title AS title,
        js.description AS description,
        js.alt_text AS alt_text,
        js.width AS width_text,
        TRY_CAST(TRY_CAST(js.width AS DOUBLE) AS INTEGER) AS width,
        js.height AS height_text,
        TRY_CAST(TRY_CAST(js.height AS DOUBLE) AS INTEGER) AS height,
        -- The first rendition that is not an object whose size (0 to 1 TiB), width and height (not
        -- negative) are numbers.
        CAST(list_filter(CASE WHEN json_type(js.renditions) = 'ARRAY' THEN json_extract(js.renditions, '$[*]') END,
            r -> json_type(r) <> 'OBJECT'
                OR NOT coalesce(TRY_CAST(TRY_CAST(r ->> 'size' AS DOUBLE) AS BIGINT) BETWEEN 0 AND max_plausible_bytes(), r ->> 'size' IS NULL)
                OR NOT coalesce(TRY_CAST(TRY_CAST(r ->> 'width' AS DOUBLE) AS INTEGER) >= 0, r ->> 'width' IS NULL)
                OR NOT coalesce(TRY_CAST(TRY_CAST(r ->> 'height' AS DOUBLE) AS INTEGER) >= 0, r ->> 'height' IS NULL))[1]
            AS VARCHAR) AS bad_rendition,
        CASE WHEN json_type(js.display_widths) = 'ARRAY' THEN json_extract(js.display_widths, '$[*]') END AS width_items,
        TRY_CAST(json_transform(
            CASE WHEN json_type(js.renditions) = 'ARRAY' THEN js.renditions END,
            '[{"name":"VARCHAR","path":"VARCHAR","width":"INTEGER","height":"INTEGER","size":"BIGINT"}]'
        ) AS STRUCT(name VARCHAR, path VARCHAR, width INTEGER, height INTEGER, size BIGINT)[]) AS renditions,
        TRY_CAST(json_transform(
            CASE WHEN json_type(js.usage_locations) = 'ARRAY' THEN js.usage_locations END,
            '[{"type":"VARCHAR","id":"VARCHAR","title":"VARCHAR","url":"VARCHAR","usage":"VARCHAR","status":"VARCHAR"}]'
        ) AS STRUCT(type VARCHAR, id VARCHAR, title VARCHAR, url VARCHAR, usage VARCHAR, status VARCHAR)[]) AS usage_locations,
        TRY_CAST(json_transform(
            CASE WHEN json_type(js.display_widths) = 'ARRAY' THEN js.display_widths END, '["INTEGER"]'
        ) AS INTEGER[]) AS display_widths,
        TRY_CAST(js.indexed AS BOOLEAN) AS indexed
    FROM parsed
)
SELECT
    $file_sha256 AS file_sha256,
    line,
    CASE WHEN reject_reason IS NOT NULL THEN raw END AS raw,
    reject_reason,
    media_id, filename, path, mime_type, size_bytes, created_at, deleted_at, title, description,
    alt_text, width, height,
    coalesce(renditions, []) AS renditions,
    coalesce(usage_locations, []) AS usage_locations,
    coalesce(display_widths, []) AS display_widths,
    indexed
FROM (
    -- An id twice in one export: the last row is kept (as media_inventory keeps the last), the
    -- earlier ones are rejected. (Across blocks of a file over 64 MB, and across exports,
    -- media_inventory still keeps one row per id.)
    SELECT
        * EXCLUDE (row_problem),
        CASE
            WHEN row_problem IS NULL AND line < max(line) FILTER (WHERE row_problem IS NULL) OVER (PARTITION BY media_id)
                THEN 'id ''' || media_id || ''' repeated in the same export (line '
                     || max(line) FILTER (WHERE row_problem IS NULL) OVER (PARTITION BY media_id) || ' is kept)'
            ELSE row_problem
        END AS reject_reason
    FROM (
    SELECT
        *,
        CASE
            WHEN js IS NULL THEN 'not a JSON object'
            WHEN media_id IS NULL THEN 'missing id'
            WHEN path IS NULL THEN 'missing path'
            WHEN size_text IS NULL THEN 'missing size'
            WHEN size_bytes IS NULL OR size_bytes < 0 THEN 'invalid size ''' || size_text || ''''
            WHEN size_bytes > max_plausible_bytes() THEN 'implausible size (over 1 TiB) ''' || size_text || ''''
            WHEN width_text IS NOT NULL AND (width IS NULL OR width < 0) THEN 'invalid width ''' || width_text || ''''
            WHEN height_text IS NOT NULL AND (height IS NULL OR height < 0) THEN 'invalid height ''' || height_text || ''''
            WHEN created_text IS NULL OR created_text = '' THEN 'missing created_at'
            WHEN created_at IS NULL THEN 'unparseable created_at ''' || created_text || ''''
            WHEN NOT regexp_matches(created_text, '^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)? ?([Zz]|[+-]\d{2}(:?\d{2})?)$')
                THEN 'created_at without UTC offset ''' || created_text || ''''
            WHEN deleted_text IS NOT NULL AND deleted_at IS NULL
                THEN 'unparseable deleted_at ''' || deleted_text || ''''
            WHEN deleted_text IS NOT NULL AND NOT regexp_matches(deleted_text, '^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)? ?([Zz]|[+-]\d{2}(:?\d{2})?)$')
                THEN 'deleted_at without UTC offset ''' || deleted_text || ''''
            WHEN deleted_at < created_at THEN 'deleted_at before created_at'
            WHEN json_type(js.renditions) NOT IN ('ARRAY', 'NULL') THEN 'renditions is not a list'
            WHEN json_type(js.usage_locations) NOT IN ('ARRAY', 'NULL') THEN 'usage_locations is not a list'
            WHEN json_type(js.display_widths) NOT IN ('ARRAY', 'NULL') THEN 'display_widths is not a list'
            WHEN bad_rendition IS NOT NULL THEN 'invalid rendition ''' || left(bad_rendition, 200) || ''''
            WHEN len(list_filter(width_items, w -> NOT coalesce(TRY_CAST(w AS INTEGER) >= 0, false))) > 0
                THEN 'invalid display_widths ''' || left(CAST(js.display_widths AS VARCHAR), 200) || ''''
        END AS row_problem
    FROM fields
    )
)
