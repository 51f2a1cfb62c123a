-- Delivery: access logs (nginx/Apache combined, W3C extended / CloudFront) and what they say per media item.

CREATE TABLE IF NOT EXISTS staged_access_log (
    file_sha256     VARCHAR NOT NULL,
    line            BIGINT NOT NULL,
    raw             VARCHAR,
    reject_reason   VARCHAR,
    log_format      VARCHAR,
    ts              TIMESTAMPTZ,
    client_id       VARCHAR,
    http_method     VARCHAR,
    host            VARCHAR,
    path            VARCHAR,
    query           VARCHAR,
    protocol        VARCHAR,
    status          INTEGER,
    bytes_sent      BIGINT,
    referrer        VARCHAR,
    user_agent      VARCHAR,
    request_time_ms DOUBLE,
    cache_status    VARCHAR
);
COMMENT ON TABLE staged_access_log IS 'Every line of every access-log content, parsed once; reject_reason is NULL for a request. Directive lines (#Version, #Fields) are not rows.';

CREATE TABLE IF NOT EXISTS raw_access_log (
    day             DATE NOT NULL,
    ts              TIMESTAMPTZ NOT NULL,
    client_id       VARCHAR,
    http_method     VARCHAR NOT NULL,
    host            VARCHAR,
    path            VARCHAR NOT NULL,
    query           VARCHAR,
    status          INTEGER NOT NULL,
    bytes_sent      BIGINT NOT NULL,
    referrer        VARCHAR,
    user_agent      VARCHAR,
    request_time_ms DOUBLE,
    cache_status    VARCHAR,
    cache_result    VARCHAR NOT NULL,
    device_type     VARCHAR NOT NULL,
    is_bot          BOOLEAN NOT NULL,
    media_id        VARCHAR,
    media_type      VARCHAR,
    variant         VARCHAR,
    served_format   VARCHAR,
    file_bytes      BIGINT,
    original_bytes  BIGINT,
    log_format      VARCHAR NOT NULL,
    source_file     VARCHAR NOT NULL,
    source_line     BIGINT NOT NULL
);
COMMENT ON TABLE raw_access_log IS 'One row per request in the access logs, on the day of its timestamp (REPORT_TIMEZONE), mapped to the media item it served when its path matches the inventory.';
COMMENT ON COLUMN raw_access_log.client_id IS 'Salted SHA-256 of the client IP (16 hex digits); the IP itself is never stored.';
COMMENT ON COLUMN raw_access_log.path IS 'URL-decoded request path without query string, scheme or host.';
COMMENT ON COLUMN raw_access_log.request_time_ms IS 'nginx $request_time, CloudFront time-taken (seconds in the log) or IIS time-taken (milliseconds), in ms.';
COMMENT ON COLUMN raw_access_log.cache_result IS 'hit (HIT, STALE, UPDATING, REVALIDATED; CloudFront Hit, RefreshHit, OriginShieldHit), miss (MISS, EXPIRED, BYPASS; CloudFront Miss) or unknown.';
COMMENT ON COLUMN raw_access_log.variant IS 'original, the rendition name (thumbnail, medium, ...), or NULL when the path matched no media item.';
COMMENT ON COLUMN raw_access_log.served_format IS 'The extension of the file served (jpg, webp, avif, pdf, ...).';
COMMENT ON COLUMN raw_access_log.file_bytes IS 'Size of the file the path names (the rendition''s for a rendition; the original''s for a modern-format variant, whose own size is unknown).';

CREATE TABLE IF NOT EXISTS daily_media_delivery (
    day                       DATE NOT NULL,
    media_id                  VARCHAR NOT NULL,
    media_type                VARCHAR NOT NULL,
    requests                  BIGINT NOT NULL,
    human_requests            BIGINT NOT NULL,
    bot_requests              BIGINT NOT NULL,
    bytes_sent                BIGINT NOT NULL,
    cache_hits                BIGINT NOT NULL,
    cache_misses              BIGINT NOT NULL,
    cache_unknown             BIGINT NOT NULL,
    cache_hit_rate            DOUBLE,
    load_time_mean_ms         DOUBLE,
    load_time_p50_ms          DOUBLE,
    load_time_p95_ms          DOUBLE,
    load_time_samples         BIGINT NOT NULL,
    load_time_source          VARCHAR,
    errors_4xx                BIGINT NOT NULL,
    errors_5xx                BIGINT NOT NULL,
    error_rate                DOUBLE,
    downloads_attempted       BIGINT NOT NULL,
    downloads_completed       BIGINT NOT NULL,
    download_success_rate     DOUBLE,
    image_requests            BIGINT NOT NULL,
    modern_format_requests    BIGINT NOT NULL,
    modern_format_share       DOUBLE,
    rendition_requests        BIGINT NOT NULL,
    rendition_share           DOUBLE,
    mobile_requests           BIGINT NOT NULL,
    compression_savings_bytes BIGINT NOT NULL
);
COMMENT ON TABLE daily_media_delivery IS 'One row per media item and day with requests in the access logs or tracked load times: the seed''s media_performance_metrics.';
COMMENT ON COLUMN daily_media_delivery.requests IS 'All requests for the item (original, renditions, modern-format variants), bots included: bandwidth is bandwidth.';
COMMENT ON COLUMN daily_media_delivery.bytes_sent IS 'Bytes sent for those requests (bandwidth).';
COMMENT ON COLUMN daily_media_delivery.cache_hit_rate IS 'cache_hits / (cache_hits + cache_misses): requests with an unknown cache status are left out; NULL when none is known.';
COMMENT ON COLUMN daily_media_delivery.load_time_source IS 'usage_events (load_time_ms tracked in the browser) when the item has them that day, else access_log (server request time); one source per row, never mixed.';
COMMENT ON COLUMN daily_media_delivery.error_rate IS '(errors_4xx + errors_5xx) / requests.';
COMMENT ON COLUMN daily_media_delivery.downloads_attempted IS 'Clients (client_id, else user agent) that requested the original with status 200 or 206, bots excluded.';
COMMENT ON COLUMN daily_media_delivery.downloads_completed IS 'Of those, clients sent the whole file: a 200 with bytes_sent >= the file size, or 206 ranges whose bytes add up to the size (the log does not say which ranges: summed bytes stand in for coverage).';
COMMENT ON COLUMN daily_media_delivery.modern_format_share IS 'Image requests answered as WebP or AVIF / image requests; NULL without image requests.';
COMMENT ON COLUMN daily_media_delivery.rendition_share IS 'Image requests answered with a rendition smaller than the original / image requests.';
COMMENT ON COLUMN daily_media_delivery.mobile_requests IS 'Human requests from phones and tablets (User-Agent).';
COMMENT ON COLUMN daily_media_delivery.compression_savings_bytes IS 'Sum over status-200 requests answered with a rendition or modern-format variant of (original size - bytes sent), never below 0: what optimisation already saves.';

CREATE TABLE IF NOT EXISTS daily_delivery_totals (
    day                 DATE NOT NULL,
    media_type          VARCHAR NOT NULL,
    requests            BIGINT NOT NULL,
    bot_requests        BIGINT NOT NULL,
    bytes_sent          BIGINT NOT NULL,
    cache_hit_rate      DOUBLE,
    error_rate          DOUBLE,
    load_time_mean_ms   DOUBLE,
    modern_format_share DOUBLE,
    mobile_share        DOUBLE
);
COMMENT ON TABLE daily_delivery_totals IS 'Site-level delivery per day and media type, plus ''all'' (every request in the logs) and ''unmatched'' (requests whose path matched no media item). load_time_mean_ms is the server request time from the logs.';
COMMENT ON COLUMN daily_delivery_totals.mobile_share IS 'Human requests from phones and tablets / human requests.';

CREATE TABLE IF NOT EXISTS unmatched_requests (
    day                DATE NOT NULL,
    path               VARCHAR NOT NULL,
    under_media_prefix BOOLEAN NOT NULL,
    requests           BIGINT NOT NULL,
    bytes_sent         BIGINT NOT NULL,
    statuses           VARCHAR NOT NULL
);
COMMENT ON TABLE unmatched_requests IS 'One row per day and request path that matched no media item: counted, not dropped. under_media_prefix says whether the path was under MEDIA_URL_PREFIXES (a missing or renamed file) or elsewhere on the site.';
