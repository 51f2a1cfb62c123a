-- Validate one usage-event file's rows. Input relation `lines(line, raw)`: raw is one JSON object
-- per row (NDJSON as written; CSV and Parquet rows re-encoded as JSON). One output row per input row;
-- reject_reason says why a row cannot be used (the first failed rule), NULL when it can.
WITH parsed AS (
    SELECT
        line,
        raw,
        object_fields(raw, '{"event_id": "VARCHAR", "media_id": "JSON", "media_url": "JSON", "event_type": "VARCHAR",
                  "timestamp": "VARCHAR", "user_id": "VARCHAR", "session_id": "VARCHAR", "referrer": "VARCHAR",
                  "user_agent": "VARCHAR", "ip": "VARCHAR", "country": "VARCHAR", "page_url": "VARCHAR",
                  "usage": "VARCHAR", "load_time_ms": "VARCHAR", "bytes": "VARCHAR",
                  "client_id": "VARCHAR"}') AS j
    FROM lines
    WHERE raw IS NOT NULL AND NOT is_blank(raw)
), fields AS (
    SELECT
        line,
        raw,
        j,
        nullif(trim(j.event_id), '') AS event_id,
        nullif(trim(j.media_id ->> '$'), '') AS media_id,
        nullif(trim(j.media_url ->> '$'), '') AS media_url_text,
        -- The item named by URL instead (the tracker's images and players without data-media-id):
        -- the URL's path as the access logs have it, mapped to a media_id when the day is built.
        nullif(url_path(nullif(trim(j.media_url ->> '$'), '')), '') AS media_url,
        lower(trim(j.event_type)) AS event_type,
        trim(j.timestamp) AS ts_text,
        TRY_CAST(trim(j.timestamp) AS TIMESTAMPTZ) AS ts,
        nullif(j.user_id, '') AS user_id,
        nullif(j.session_id, '') AS session_id,
        nullif(j.referrer, '') AS referrer,
        nullif(j.user_agent, '') AS user_agent,
        -- The tracking service writes the IP already hashed (with this salt and macro) as client_id.
        coalesce(hash_ip(j.ip, $salt), nullif(trim(j.client_id), '')) AS client_id,
        upper(nullif(trim(j.country), '')) AS country,
        nullif(j.page_url, '') AS page_url,
        lower(nullif(trim(j.usage), '')) AS usage,
        j.load_time_ms AS load_time_text,
        TRY_CAST(j.load_time_ms AS DOUBLE) AS load_time_ms,
        j.bytes AS bytes_text,
        TRY_CAST(TRY_CAST(j.bytes AS DOUBLE) AS BIGINT) AS bytes
    FROM parsed
)
SELECT
    $file_sha256 AS file_sha256,
    line,
    CASE WHEN reject_reason IS NOT NULL THEN mask_ips(raw) END AS raw,
    reject_reason,
    event_id, media_id, media_url, event_type, CASE WHEN timestamp_out_of_range(ts, $first_instant, $now) IS NULL THEN ts END AS ts,
    -- the day a usable timestamp falls on in REPORT_TIMEZONE ($tz): how a built day's rows are found
    CASE WHEN timestamp_out_of_range(ts, $first_instant, $now) IS NULL THEN CAST(timezone($tz, ts) AS DATE) END AS day,
    user_id, session_id, referrer, user_agent, client_id, country,
    page_url, usage, load_time_ms, bytes
FROM (
    SELECT
        *,
        CASE
            WHEN j IS NULL THEN 'not a JSON object'
            WHEN event_id IS NULL THEN 'missing event_id'
            WHEN media_id IS NULL AND media_url_text IS NULL THEN 'missing media_id and media_url'
            WHEN json_type(j.media_id) IN ('OBJECT', 'ARRAY') THEN 'media_id is not a single value'
            WHEN json_type(j.media_url) IN ('OBJECT', 'ARRAY') THEN 'media_url is not a single value'
            WHEN media_id IS NULL AND media_url IS NULL THEN 'media_url without a path ''' || media_url_text || ''''
            WHEN event_type IS NULL THEN 'missing event_type'
            WHEN event_type NOT IN ('impression', 'view', 'click', 'download', 'share', 'preview')
                THEN 'unknown event_type ''' || event_type || ''''
            WHEN ts_text IS NULL OR ts_text = '' THEN 'missing timestamp'
            WHEN ts IS NULL THEN 'unparseable timestamp ''' || ts_text || ''''
            WHEN timestamp_out_of_range(ts, $first_instant, $now) IS NOT NULL THEN timestamp_out_of_range(ts, $first_instant, $now)
            WHEN NOT regexp_matches(ts_text, '^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)? ?([Zz]|[+-]\d{2}(:?\d{2})?)$')
                THEN 'timestamp without UTC offset ''' || ts_text || ''''
            WHEN usage IS NOT NULL
                AND usage NOT IN ('featured', 'inline', 'gallery', 'background', 'attachment')
                THEN 'unknown usage ''' || usage || ''''
            WHEN load_time_text IS NOT NULL AND (load_time_ms IS NULL OR load_time_ms < 0 OR isnan(load_time_ms) OR isinf(load_time_ms))
                THEN 'invalid load_time_ms ''' || load_time_text || ''''
            WHEN load_time_ms > max_plausible_ms() THEN 'implausible load_time_ms (over an hour) ''' || load_time_text || ''''
            WHEN bytes_text IS NOT NULL AND (bytes IS NULL OR bytes < 0)
                THEN 'invalid bytes ''' || bytes_text || ''''
            WHEN bytes > max_plausible_bytes() THEN 'implausible bytes (over 1 TiB) ''' || bytes_text || ''''
        END AS reject_reason
    FROM fields
)
