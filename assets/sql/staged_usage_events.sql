-- Validate one usage-event file's rows. Input relation `lines(line, raw)`: raw is one JSON object
-- per row (NDJSON as written; CSV and Parquet rows re-encoded as JSON). One output row per input row;
-- reject_reason says why a row cannot be used (the first failed rule), NULL when it can.
WITH parsed AS (
    SELECT
        line,
        raw,
        CASE WHEN json_valid(raw) AND json_type(raw) = 'OBJECT' THEN raw::JSON END AS js
    FROM lines
    WHERE raw IS NOT NULL AND trim(raw) <> ''
), extracted AS (
    -- Every field in one pass over the JSON (one parse per row, not one per field).
    SELECT
        line,
        raw,
        js,
        json_extract_string(js, ['$.event_id', '$.media_id', '$.event_type', '$.timestamp', '$.user_id',
                                 '$.session_id', '$.referrer', '$.user_agent', '$.ip', '$.country',
                                 '$.page_url', '$.usage', '$.load_time_ms', '$.bytes']) AS v
    FROM parsed
), fields AS (
    SELECT
        line,
        raw,
        js,
        nullif(trim(v[1]), '') AS event_id,
        nullif(trim(v[2]), '') AS media_id,
        lower(trim(v[3])) AS event_type,
        trim(v[4]) AS ts_text,
        TRY_CAST(trim(v[4]) AS TIMESTAMPTZ) AS ts,
        nullif(v[5], '') AS user_id,
        nullif(v[6], '') AS session_id,
        nullif(v[7], '') AS referrer,
        nullif(v[8], '') AS user_agent,
        hash_ip(v[9], $salt) AS client_id,
        upper(nullif(trim(v[10]), '')) AS country,
        nullif(v[11], '') AS page_url,
        lower(nullif(trim(v[12]), '')) AS usage,
        v[13] AS load_time_text,
        TRY_CAST(v[13] AS DOUBLE) AS load_time_ms,
        v[14] AS bytes_text,
        TRY_CAST(TRY_CAST(v[14] AS DOUBLE) AS BIGINT) AS bytes
    FROM extracted
)
SELECT
    $file_sha256 AS file_sha256,
    line,
    CASE WHEN reject_reason IS NOT NULL THEN mask_ips(raw) END AS raw,
    reject_reason,
    event_id, media_id, event_type, ts, user_id, session_id, referrer, user_agent, client_id, country,
    page_url, usage, load_time_ms, bytes
FROM (
    SELECT
        *,
        CASE
            WHEN js IS NULL THEN 'not a JSON object'
            WHEN event_id IS NULL THEN 'missing event_id'
            WHEN media_id IS NULL THEN 'missing media_id'
            WHEN event_type IS NULL THEN 'missing event_type'
            WHEN event_type NOT IN ('impression', 'view', 'click', 'download', 'share', 'preview')
                THEN 'unknown event_type ''' || event_type || ''''
            WHEN ts_text IS NULL OR ts_text = '' THEN 'missing timestamp'
            WHEN ts IS NULL THEN 'unparseable timestamp ''' || ts_text || ''''
            WHEN NOT regexp_matches(ts_text, '^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)? ?([Zz]|[+-]\d{2}(:?\d{2})?)$')
                THEN 'timestamp without UTC offset ''' || ts_text || ''''
            WHEN usage IS NOT NULL
                AND usage NOT IN ('featured', 'inline', 'gallery', 'background', 'attachment')
                THEN 'unknown usage ''' || usage || ''''
            WHEN load_time_text IS NOT NULL AND (load_time_ms IS NULL OR load_time_ms < 0 OR isnan(load_time_ms) OR isinf(load_time_ms))
                THEN 'invalid load_time_ms ''' || load_time_text || ''''
            WHEN bytes_text IS NOT NULL AND (bytes IS NULL OR bytes < 0)
                THEN 'invalid bytes ''' || bytes_text || ''''
        END AS reject_reason
    FROM fields
)
