-- Parse one access-log file. Input relation `lines(line, raw)`. Two families:
--   combined   nginx/Apache "combined", optionally followed by the request time in seconds and the
--              cache status — nginx:
--              log_format media '$remote_addr - $remote_user [$time_local] "$request" $status '
--                               '$body_bytes_sent "$http_referer" "$http_user_agent" '
--                               '$request_time $upstream_cache_status';
--              (the plain "common" format, without referrer and agent, parses too)
--   w3c        W3C extended (CloudFront standard logs, IIS): a `#Fields:` directive names the columns
--              of the lines after it, until the next one; values are tab-separated (CloudFront) or
--              space-separated (IIS). time-taken is in seconds when the header has x-edge-* fields
--              (CloudFront), else in milliseconds (IIS). Times are UTC.
-- Lines are split on quotes (combined) or on the separator (w3c), not matched one by one with a
-- regular expression: a combined line whose agent holds an escaped quote falls back to one.
-- One output row per non-directive line; reject_reason says why a line is not a request.
-- Client IPs are hashed with the salt here and never stored; rejected lines keep their text with
-- IP-looking parts masked.
-- Speed (bench/access_log_parse.py, bench/RESULTS.md): lines before the first `#Fields:` are
-- combined lines and never meet the ASOF join; no CTE is materialised (a copy of every line);
-- blank lines are found with is_blank (macros.sql), not trim() on every line (it costs more than
-- the whole split), and only among lines that are not split on quotes.
WITH first_header AS (
    SELECT min(line) AS line FROM lines WHERE starts_with(raw, '#Fields:')
), data_lines AS NOT MATERIALIZED (
    -- Every line that is not a directive; W3C when a #Fields: header is above it (blank lines are
    -- dropped in the branches below).
    SELECT l.line, l.raw, h.line IS NOT NULL AND l.line > h.line AS w3c
    FROM lines AS l, first_header AS h
    WHERE l.raw IS NOT NULL AND NOT starts_with(l.raw, '#')
), headers AS (
    SELECT line AS header_line, regexp_split_to_array(trim(substr(raw, 9), chr(9) || ' '), '\s+') AS names
    FROM lines
    WHERE starts_with(raw, '#Fields:')
), data AS (
    SELECT i.line, i.raw, h.names
    FROM (SELECT line, raw FROM data_lines WHERE w3c AND NOT is_blank(raw)) AS i
    ASOF JOIN headers AS h ON i.line >= h.header_line
), combined_lines AS NOT MATERIALIZED (
    SELECT line, raw FROM data_lines WHERE NOT w3c
), combined AS (
    -- A line with 2 or 6 quotes splits into its fields; any other goes through the regular
    -- expression (an escaped quote in the agent), in a branch of its own: a CASE choosing between
    -- the two per line cost as much again as the split.
    SELECT
        line,
        raw,
        -- An IPv6 client may come in brackets ([2001:db8::1]); the time is the last bracketed part.
        -- Each text is split once and its parts taken from the list: DuckDB's split_part(t, ' ', k) is
        -- CASE WHEN t IS NOT NULL THEN coalesce(string_split(t, ' ')[k], '') END, a split per part.
        -- trim() walks the text as Unicode (~0.1 µs): only when there is a bracket to remove.
        CASE WHEN starts_with(s1[1], '[') OR ends_with(s1[1], ']') THEN trim(s1[1], '[]') ELSE s1[1] END AS client,
        split_part(split_part(p[1], '[', -1), ']', 1) AS time,
        p[2] AS request,
        coalesce(s3[1], '') AS status,
        coalesce(s3[2], '') AS bytes,
        p[4] AS referrer,
        p[6] AS agent,
        nullif(s7[1], '') AS request_time,
        nullif(s7[2], '') AS cache
    FROM (
        SELECT line, raw, p, string_split(p[1], ' ') AS s1, string_split(trim(p[3]), ' ') AS s3,
               string_split(trim(p[7]), ' ') AS s7
        FROM (SELECT line, raw, string_split(raw, '"') AS p FROM combined_lines)
    )
    -- 2 or 6 quotes: not blank (a quote is no space); list_contains, not IN, which DuckDB expands
    -- into an OR that splits the line once per value.
    WHERE list_contains([3, 7], len(p))
    UNION ALL
    SELECT
        line,
        raw,
        unnest(regexp_extract(raw,
            '^\[?([^\s\]]+)\]? \S+ \S+ \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\S+) (\S+)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?(?: ([^"\s]+))?(?: ([^"\s]+))?\s*$',
            ['client', 'time', 'request', 'status', 'bytes', 'referrer', 'agent', 'request_time', 'cache']))
    FROM combined_lines
    WHERE NOT list_contains([3, 7], len(string_split(raw, '"'))) AND NOT is_blank(raw)
), combined_fields AS (
    SELECT
        c.line,
        c.raw,
        'combined' AS log_format,
        nullif(c.client, '') AS client,
        try_strptime(c.time, '%d/%b/%Y:%H:%M:%S %z') AS ts,
        CASE WHEN c.r IS NOT NULL THEN coalesce(c.r[1], '') END AS http_method,
        CASE WHEN c.r IS NOT NULL THEN coalesce(c.r[2], '') END AS target,
        nullif(CASE WHEN c.r IS NOT NULL THEN coalesce(c.r[3], '') END, '') AS protocol,
        CAST(NULL AS VARCHAR) AS host,
        c.status AS status_text,
        c.bytes AS bytes_text,
        nullif(nullif(c.referrer, '-'), '') AS referrer,
        nullif(nullif(c.agent, '-'), '') AS user_agent,
        nullif(nullif(c.request_time, '-'), '') AS request_time_text,
        1000.0 AS request_time_unit_ms,
        nullif(nullif(c.cache, '-'), '') AS cache_status,
        c.client IS NULL OR c.client = '' AS unparsed,
        false AS not_web
    FROM (SELECT *, string_split(request, ' ') AS r FROM combined) AS c
), w3c_split AS (
    SELECT
        line,
        raw,
        names,
        CASE WHEN contains(raw, chr(9)) THEN string_split(rtrim(raw, chr(9) || ' '), chr(9))
             ELSE string_split(trim(raw), ' ') END AS v,
        list_has_any(names, ['x-edge-location', 'x-edge-result-type', 'x-edge-request-id']) AS cloudfront
    FROM data
), w3c_fields AS (
    SELECT
        line,
        raw,
        CASE WHEN cloudfront THEN 'cloudfront' ELSE 'w3c' END AS log_format,
        nullif(v[list_position(names, 'c-ip')], '-') AS client,
        coalesce(
            TRY_CAST(v[list_position(names, 'date')] || ' ' || v[list_position(names, 'time')] || '+00' AS TIMESTAMPTZ),
            -- CloudFront real-time logs: epoch seconds
            to_timestamp(TRY_CAST(v[list_position(names, 'timestamp')] AS DOUBLE))) AS ts,
        v[list_position(names, 'cs-method')] AS http_method,
        v[list_position(names, 'cs-uri-stem')]
            || coalesce('?' || nullif(v[list_position(names, 'cs-uri-query')], '-'), '') AS target,
        nullif(coalesce(v[list_position(names, 'cs-protocol-version')], v[list_position(names, 'cs-version')]), '-') AS protocol,
        nullif(coalesce(v[list_position(names, 'cs(Host)')], v[list_position(names, 'cs-host')],
                        v[list_position(names, 'x-host-header')]), '-') AS host,
        v[list_position(names, 'sc-status')] AS status_text,
        coalesce(v[list_position(names, 'sc-bytes')], '-') AS bytes_text,
        nullif(coalesce(v[list_position(names, 'cs(Referer)')], v[list_position(names, 'cs-referer')]), '-') AS referrer,
        -- CloudFront encodes the agent twice (%2520 for a space); IIS writes spaces as '+'.
        nullif(CASE WHEN cloudfront THEN coalesce(try(url_decode(url_decode(agent))), agent)
                    ELSE replace(agent, '+', ' ') END, '-') AS user_agent,
        nullif(v[list_position(names, 'time-taken')], '-') AS request_time_text,
        CASE WHEN cloudfront THEN 1000.0 ELSE 1.0 END AS request_time_unit_ms,
        nullif(v[list_position(names, 'x-edge-result-type')], '-') AS cache_status,
        len(v) <> len(names) AS unparsed,
        NOT list_contains(names, 'cs-uri-stem') AS not_web
    FROM (SELECT *, coalesce(v[list_position(names, 'cs(User-Agent)')], v[list_position(names, 'cs-user-agent')]) AS agent
          FROM w3c_split)
), fields AS (
    SELECT * FROM combined_fields
    UNION ALL BY NAME
    SELECT * FROM w3c_fields
), checked AS (
    SELECT
        *,
        TRY_CAST(status_text AS INTEGER) AS status,
        CASE WHEN bytes_text = '-' THEN 0 ELSE TRY_CAST(bytes_text AS BIGINT) END AS bytes_sent,
        TRY_CAST(request_time_text AS DOUBLE) * request_time_unit_ms AS request_time_ms,
        -- An absolute URL (a proxy or CDN request line) loses its scheme and host (macros.sql).
        relative_target(target) AS relative_target
    FROM fields
)
SELECT
    $file_sha256 AS file_sha256,
    line,
    CASE WHEN reject_reason IS NOT NULL THEN mask_ips(raw) END AS raw,
    reject_reason,
    log_format,
    CASE WHEN timestamp_out_of_range(ts, $first_instant, $now) IS NULL THEN ts END AS ts,
    -- the day a usable timestamp falls on in REPORT_TIMEZONE ($tz): how raw_access_log (a view)
    -- finds a built day's requests
    CASE WHEN timestamp_out_of_range(ts, $first_instant, $now) IS NULL
         THEN CAST(timezone($tz, ts) AS DATE) END AS day,
    hash_ip(client, $salt) AS client_id,
    http_method,
    host,
    -- Decoded, without query (a path whose %-escapes are not UTF-8 is kept as it came): the
    -- definition events' media_url share (macros.sql).
    url_path(relative_target) AS path,
    nullif(substr(relative_target, strpos(relative_target, '?') + 1), relative_target) AS query,
    protocol,
    status,
    bytes_sent,
    referrer,
    user_agent,
    request_time_ms,
    cache_status
FROM (
    SELECT
        *,
        CASE
            WHEN unparsed AND log_format = 'combined' THEN 'not a combined-format log line'
            WHEN not_web THEN 'the #Fields: header has no cs-uri-stem: not a web access log (RTMP?)'
            WHEN unparsed THEN 'field count differs from the #Fields: header'
            WHEN ts IS NULL THEN 'unparseable time'
            WHEN timestamp_out_of_range(ts, $first_instant, $now) IS NOT NULL THEN timestamp_out_of_range(ts, $first_instant, $now)
            WHEN http_method IS NULL
                OR (http_method NOT IN ('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH')
                    AND NOT regexp_matches(http_method, '^[A-Z]+$'))
                OR target IS NULL OR target = '' THEN 'malformed request line'
            WHEN status IS NULL OR status NOT BETWEEN 100 AND 599 THEN 'invalid status ''' || coalesce(status_text, '') || ''''
            WHEN bytes_sent IS NULL OR bytes_sent < 0 THEN 'invalid bytes sent ''' || coalesce(bytes_text, '') || ''''
            WHEN bytes_sent > max_plausible_bytes() THEN 'implausible bytes sent (over 1 TiB) ''' || bytes_text || ''''
            WHEN request_time_text IS NOT NULL AND (request_time_ms IS NULL OR request_time_ms < 0
                                                    OR isnan(request_time_ms) OR isinf(request_time_ms))
                THEN 'invalid request time ''' || request_time_text || ''''
            WHEN request_time_ms > max_plausible_ms()
                THEN 'implausible request time (over an hour) ''' || request_time_text || ''''
        END AS reject_reason
    FROM checked
)
