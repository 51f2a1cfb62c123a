-- Validate one player-event file's rows. Input relation `lines(line, raw)`: raw is one JSON object
-- per row (NDJSON as written; CSV and Parquet rows re-encoded as JSON). One output row per input row;
-- reject_reason says why a row cannot be used (the first failed rule), NULL when it can.
-- Rules: a JSON object; event_id, media_id or media_url (a URL's path, mapped when the day is built), a known event_type and a timestamp with a UTC offset;
-- a user_id or a session_id (a session cannot be told apart without one); a position on play, pause,
-- stop and ended; every position (position, from_position, to_position) a finite number from
-- 0 to 10 h; a seek with from_position (the position left) and to_position or position (where it
-- landed): its position derived as to_position when not sent, its to_position as position (real
-- players log a seek as an old and a new time, a browser's `seeked` as the new current time: what
-- the rules can derive is derived, not demanded); a duration, when sent, a number from
-- 0 to 10 h. A duration that is 0, NaN or Infinity (what players report before the metadata loads,
-- or for a live stream) is kept as unknown (NULL), not rejected.
WITH parsed AS (
    SELECT
        line,
        raw,
        object_fields(raw, '{"event_id": "VARCHAR", "media_id": "JSON", "media_url": "JSON", "event_type": "VARCHAR",
                  "timestamp": "VARCHAR", "position": "VARCHAR", "from_position": "VARCHAR",
                  "to_position": "VARCHAR", "duration": "VARCHAR", "user_id": "VARCHAR", "session_id": "VARCHAR",
                  "quality": "VARCHAR", "user_agent": "VARCHAR", "country": "VARCHAR"}') AS j
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
        nullif(trim(j.position), '') AS position_text,
        TRY_CAST(trim(j.position) AS DOUBLE) AS position,
        nullif(trim(j.from_position), '') AS from_text,
        TRY_CAST(trim(j.from_position) AS DOUBLE) AS from_position,
        nullif(trim(j.to_position), '') AS to_text,
        TRY_CAST(trim(j.to_position) AS DOUBLE) AS to_position,
        nullif(trim(j.duration), '') AS duration_text,
        TRY_CAST(trim(j.duration) AS DOUBLE) AS duration,
        nullif(j.user_id, '') AS user_id,
        nullif(j.session_id, '') AS session_id,
        nullif(trim(j.quality), '') AS quality,
        nullif(j.user_agent, '') AS user_agent,
        upper(nullif(trim(j.country), '')) AS country
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
    CASE WHEN event_type = 'seek' AND position_text IS NULL THEN to_position ELSE position END AS position,
    from_position,
    CASE WHEN event_type = 'seek' AND to_text IS NULL THEN position ELSE to_position END AS to_position,
    CASE WHEN NOT isnan(duration) AND NOT isinf(duration) AND duration > 0 THEN duration END AS duration,
    user_id, session_id, quality, user_agent, country
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
            WHEN event_type IS NULL OR event_type = '' THEN 'missing event_type'
            WHEN event_type NOT IN ('load', 'play', 'pause', 'seek', 'ended', 'stop', 'quality_change',
                                    'buffer_start', 'buffer_end', 'error')
                THEN 'unknown event_type ''' || event_type || ''''
            WHEN ts_text IS NULL OR ts_text = '' THEN 'missing timestamp'
            WHEN ts IS NULL THEN 'unparseable timestamp ''' || ts_text || ''''
            WHEN timestamp_out_of_range(ts, $first_instant, $now) IS NOT NULL THEN timestamp_out_of_range(ts, $first_instant, $now)
            WHEN NOT regexp_matches(ts_text, '^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)? ?([Zz]|[+-]\d{2}(:?\d{2})?)$')
                THEN 'timestamp without UTC offset ''' || ts_text || ''''
            WHEN user_id IS NULL AND session_id IS NULL THEN 'missing session_id and user_id'
            WHEN position_text IS NULL AND event_type IN ('play', 'pause', 'stop', 'ended')
                THEN 'missing position on ' || event_type
            WHEN player_position_problem('position', position_text, position) IS NOT NULL
                THEN player_position_problem('position', position_text, position)
            WHEN event_type = 'seek' AND from_text IS NULL AND to_text IS NULL AND position_text IS NULL
                THEN 'seek without from_position and to_position'
            WHEN event_type = 'seek' AND from_text IS NULL THEN 'seek without from_position (the position left)'
            WHEN event_type = 'seek' AND to_text IS NULL AND position_text IS NULL
                THEN 'seek without to_position or position (where it landed)'
            WHEN player_position_problem('from_position', from_text, from_position) IS NOT NULL
                THEN player_position_problem('from_position', from_text, from_position)
            WHEN player_position_problem('to_position', to_text, to_position) IS NOT NULL
                THEN player_position_problem('to_position', to_text, to_position)
            WHEN duration_text IS NOT NULL AND duration IS NULL
                THEN 'invalid duration ''' || duration_text || ''''
            WHEN duration < 0 OR (duration > 36000 AND NOT isinf(duration) AND NOT isnan(duration))
                THEN 'invalid duration ''' || duration_text || ''''
        END AS reject_reason
    FROM fields
)
