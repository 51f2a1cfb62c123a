-- Warehouse tables. Created if missing on every connection; columns are documented with COMMENT ON
-- so that `duckdb warehouse.duckdb -c "select * from duckdb_columns()"` explains them.

CREATE TABLE IF NOT EXISTS landing_files (
    source        VARCHAR NOT NULL,
    path          VARCHAR NOT NULL,
    size_bytes    BIGINT NOT NULL,
    mtime_ns      BIGINT NOT NULL,
    sha256        VARCHAR NOT NULL,
    format        VARCHAR,
    lines         BIGINT,
    rows_valid    BIGINT,
    rows_rejected BIGINT,
    median_ts     TIMESTAMPTZ,
    error         VARCHAR,
    first_seen_at TIMESTAMPTZ NOT NULL,
    landed_day    DATE,
    removed_at    TIMESTAMPTZ,
    lines_repaired BIGINT
);
COMMENT ON TABLE landing_files IS 'One row per file seen in a landing folder (one per source and path): its content hash and what parsing it gave. A file is parsed once per content (sha256; of the decompressed text for .gz). A file removed from the folder keeps its row (removed_at) and its rows stay in the warehouse; `media-analytics forget` removes them on purpose.';
COMMENT ON COLUMN landing_files.median_ts IS 'Median timestamp of the file''s valid rows (dated sources): the day of a row whose own timestamp is unusable.';
COMMENT ON COLUMN landing_files.landed_day IS 'The day being built when this content was first read: where the file is quarantined if it cannot be read, and its rows without a usable timestamp when none of its rows has one.';
COMMENT ON COLUMN landing_files.lines_repaired IS 'Lines of the file holding U+FFFD: bytes that were not UTF-8, replaced when the file was read (the rows are kept; this says they were repaired).';
COMMENT ON COLUMN landing_files.removed_at IS 'When the file was found gone from its folder (NULL while it is there); its rows are kept.';

CREATE TABLE IF NOT EXISTS staged_usage_events (
    file_sha256   VARCHAR NOT NULL,
    line          BIGINT NOT NULL,
    raw           VARCHAR,
    reject_reason VARCHAR,
    event_id      VARCHAR,
    media_id      VARCHAR,
    event_type    VARCHAR,
    ts            TIMESTAMPTZ,
    user_id       VARCHAR,
    session_id    VARCHAR,
    referrer      VARCHAR,
    user_agent    VARCHAR,
    client_id     VARCHAR,
    country       VARCHAR,
    page_url      VARCHAR,
    usage         VARCHAR,
    load_time_ms  DOUBLE,
    bytes         BIGINT
);
COMMENT ON TABLE staged_usage_events IS 'Every row of every usage-event file content, validated once: reject_reason is NULL for a usable row. raw is kept for rejected rows only.';

CREATE TABLE IF NOT EXISTS staged_inventory (
    file_sha256     VARCHAR NOT NULL,
    line            BIGINT NOT NULL,
    raw             VARCHAR,
    reject_reason   VARCHAR,
    media_id        VARCHAR,
    filename        VARCHAR,
    path            VARCHAR,
    mime_type       VARCHAR,
    size_bytes      BIGINT,
    created_at      TIMESTAMPTZ,
    deleted_at      TIMESTAMPTZ,
    title           VARCHAR,
    description     VARCHAR,
    alt_text        VARCHAR,
    width           INTEGER,
    height          INTEGER,
    renditions      STRUCT(name VARCHAR, path VARCHAR, width INTEGER, height INTEGER, size BIGINT)[],
    usage_locations STRUCT(type VARCHAR, id VARCHAR, title VARCHAR, url VARCHAR, usage VARCHAR, status VARCHAR)[],
    display_widths  INTEGER[],
    indexed         BOOLEAN
);
COMMENT ON TABLE staged_inventory IS 'Every row of every inventory export content, validated once; reject_reason is NULL for a usable row.';

CREATE TABLE IF NOT EXISTS rejected_rows (
    source      VARCHAR NOT NULL,
    day         DATE,
    file        VARCHAR NOT NULL,
    line        BIGINT,
    raw         VARCHAR,
    reason      VARCHAR NOT NULL
);
COMMENT ON TABLE rejected_rows IS 'Quarantine: one row per input row (or unreadable file) that could not be used, with where it came from and why.';
COMMENT ON COLUMN rejected_rows.source IS 'Landing folder: usage_events, player_events, access_logs or inventory.';
COMMENT ON COLUMN rejected_rows.day IS 'The row''s day in the report time zone; for a row without a usable timestamp, the day most of its file''s valid rows fall on, else (and for an unreadable file or an inventory row) the file''s landed_day.';
COMMENT ON COLUMN rejected_rows.line IS '1-based line (NDJSON, CSV data rows counted after the header line) or row number (Parquet, counted from 1); NULL when the whole file is unreadable.';

CREATE TABLE IF NOT EXISTS raw_usage_events (
    day          DATE NOT NULL,
    event_id     VARCHAR NOT NULL,
    media_id     VARCHAR NOT NULL,
    event_type   VARCHAR NOT NULL,
    ts           TIMESTAMPTZ NOT NULL,
    user_id      VARCHAR,
    session_id   VARCHAR,
    referrer     VARCHAR,
    user_agent   VARCHAR,
    client_id    VARCHAR,
    country      VARCHAR,
    page_url     VARCHAR,
    usage        VARCHAR,
    load_time_ms DOUBLE,
    bytes        BIGINT,
    source_file  VARCHAR NOT NULL,
    source_line  BIGINT NOT NULL
);
COMMENT ON TABLE raw_usage_events IS 'One row per valid usage event, deduplicated by event_id within its day (the first by file path and line wins).';
COMMENT ON COLUMN raw_usage_events.client_id IS 'Salted SHA-256 of the event''s ip (16 hex digits); the IP itself is never stored.';
COMMENT ON COLUMN raw_usage_events.day IS 'The event timestamp''s calendar day in REPORT_TIMEZONE.';

CREATE TABLE IF NOT EXISTS media_inventory (
    day                 DATE NOT NULL,
    media_id            VARCHAR NOT NULL,
    filename            VARCHAR,
    path                VARCHAR NOT NULL,
    mime_type           VARCHAR,
    media_type          VARCHAR NOT NULL,
    size_bytes          BIGINT NOT NULL,
    rendition_count     INTEGER NOT NULL,
    rendition_bytes     BIGINT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    deleted_at          TIMESTAMPTZ,
    is_deleted          BOOLEAN NOT NULL,
    title               VARCHAR,
    description         VARCHAR,
    alt_text            VARCHAR,
    width               INTEGER,
    height              INTEGER,
    max_display_width   INTEGER,
    indexed             BOOLEAN,
    live_reference_count INTEGER NOT NULL,
    renditions          STRUCT(name VARCHAR, path VARCHAR, width INTEGER, height INTEGER, size BIGINT)[],
    usage_locations     STRUCT(type VARCHAR, id VARCHAR, title VARCHAR, url VARCHAR, usage VARCHAR, status VARCHAR)[],
    source_file         VARCHAR NOT NULL
);
COMMENT ON TABLE media_inventory IS 'Daily snapshot: one row per media item that existed at some point of the day (created on or before it, not deleted before it).';
COMMENT ON COLUMN media_inventory.media_type IS 'image, video, audio, document or other, from the MIME type.';
COMMENT ON COLUMN media_inventory.is_deleted IS 'Deleted by the end of the day (deleted_at on or before the day).';
COMMENT ON COLUMN media_inventory.live_reference_count IS 'Usage locations whose status is not trash (published, draft, scheduled, private, pending all count).';

CREATE TABLE IF NOT EXISTS daily_media_usage (
    day                     DATE NOT NULL,
    media_id                VARCHAR NOT NULL,
    media_type              VARCHAR NOT NULL,
    usage_kind              VARCHAR NOT NULL,
    impressions             BIGINT NOT NULL,
    views                   BIGINT NOT NULL,
    clicks                  BIGINT NOT NULL,
    downloads               BIGINT NOT NULL,
    shares                  BIGINT NOT NULL,
    previews                BIGINT NOT NULL,
    unique_users            BIGINT NOT NULL,
    signed_in_users         BIGINT NOT NULL,
    anonymous_sessions      BIGINT NOT NULL,
    click_through_rate      DOUBLE,
    engagement_rate         DOUBLE,
    lazy_load_effectiveness DOUBLE,
    popularity_score        DOUBLE,
    from_search             BIGINT NOT NULL,
    from_social             BIGINT NOT NULL,
    from_email              BIGINT NOT NULL,
    from_internal           BIGINT NOT NULL,
    from_direct             BIGINT NOT NULL,
    from_other              BIGINT NOT NULL
);
COMMENT ON TABLE daily_media_usage IS 'One row per media item, day and usage kind that had events. usage_kind ''all'' is the item''s total over every kind (do not add it to the per-kind rows); ''unspecified'' holds events without a usage.';
COMMENT ON COLUMN daily_media_usage.unique_users IS 'Distinct user_id, else session_id, among the events of any type, impressions included (the report''s unique visitors).';
COMMENT ON COLUMN daily_media_usage.click_through_rate IS 'clicks / views; NULL when views = 0.';
COMMENT ON COLUMN daily_media_usage.engagement_rate IS '(clicks + shares + downloads) / views; NULL when views = 0 [seed]. Passes 1 when items are downloaded or clicked without a view event (documents); the report shows engaged_visit_rate.';
ALTER TABLE daily_media_usage ADD COLUMN IF NOT EXISTS visits BIGINT;
ALTER TABLE daily_media_usage ADD COLUMN IF NOT EXISTS engaged_visits BIGINT;
ALTER TABLE daily_media_usage ADD COLUMN IF NOT EXISTS engaged_visit_rate DOUBLE;
COMMENT ON COLUMN daily_media_usage.visits IS 'Visitors (user_id, else session_id) who viewed, previewed, clicked, shared or downloaded the item: any event but an impression.';
COMMENT ON COLUMN daily_media_usage.engaged_visits IS 'Visitors who clicked, shared or downloaded the item (a subset of visits).';
COMMENT ON COLUMN daily_media_usage.engaged_visit_rate IS 'engaged_visits / visits, 0..1; NULL when visits = 0. The report''s engagement rate (sums over items stay within 0..1).';
COMMENT ON COLUMN daily_media_usage.lazy_load_effectiveness IS 'Images only: views / impressions; NULL when impressions = 0 or not an image.';
COMMENT ON COLUMN daily_media_usage.popularity_score IS '100 * ln(1 + views + 2 clicks + 3 shares) / the same for the day''s most popular item of the same media type; on usage_kind ''all'' rows only.';

CREATE TABLE IF NOT EXISTS daily_storage (
    day             DATE NOT NULL,
    media_type      VARCHAR NOT NULL,
    files           BIGINT NOT NULL,
    bytes           BIGINT NOT NULL,
    original_bytes  BIGINT NOT NULL,
    rendition_bytes BIGINT NOT NULL,
    avg_file_bytes  DOUBLE,
    uploads         BIGINT NOT NULL,
    deletions       BIGINT NOT NULL,
    quota_bytes     BIGINT,
    quota_used      DOUBLE
);
COMMENT ON TABLE daily_storage IS 'One row per day and media type (plus ''all'') describing the library at the end of the day.';
COMMENT ON COLUMN daily_storage.files IS 'Live media items (not deleted by the end of the day).';
COMMENT ON COLUMN daily_storage.bytes IS 'original_bytes + rendition_bytes of the live items.';
COMMENT ON COLUMN daily_storage.avg_file_bytes IS 'original_bytes / files; NULL without files.';
COMMENT ON COLUMN daily_storage.uploads IS 'Items whose created_at falls on the day.';
COMMENT ON COLUMN daily_storage.deletions IS 'Items whose deleted_at falls on the day.';
COMMENT ON COLUMN daily_storage.quota_used IS 'bytes / STORAGE_QUOTA_BYTES on the ''all'' row; NULL without a quota.';

CREATE TABLE IF NOT EXISTS unused_media (
    day                     DATE NOT NULL,
    media_id                VARCHAR NOT NULL,
    media_type              VARCHAR NOT NULL,
    filename                VARCHAR,
    created_at              TIMESTAMPTZ NOT NULL,
    referenced              BOOLEAN NOT NULL,
    live_reference_count    INTEGER NOT NULL,
    delivered               BOOLEAN NOT NULL,
    deliveries_in_window    BIGINT NOT NULL,
    last_delivered_day      DATE,
    evidence_class          VARCHAR NOT NULL,
    deletion_risk           VARCHAR NOT NULL,
    potential_savings_bytes BIGINT NOT NULL,
    lookback_days           INTEGER NOT NULL,
    days_with_delivery_data INTEGER NOT NULL
);
COMMENT ON TABLE unused_media IS 'One row per live media item at the end of the day with the evidence for and against its use.';
COMMENT ON COLUMN unused_media.referenced IS 'At least one usage location that is not in the trash points at the item.';
COMMENT ON COLUMN unused_media.delivered IS 'At least one usage event, or one request by a person answered without error in the access logs, reached the item in the look-back window ending on the day.';
COMMENT ON COLUMN unused_media.evidence_class IS 'in_use (referenced, delivered), stale (referenced, not delivered), hot_linked (not referenced, delivered: do not delete), cleanup_candidate (neither).';
COMMENT ON COLUMN unused_media.deletion_risk IS 'high if referenced; medium if delivered in the last 30 days or hot_linked; else low.';
COMMENT ON COLUMN unused_media.potential_savings_bytes IS 'Bytes of the file and all its renditions.';
COMMENT ON COLUMN unused_media.days_with_delivery_data IS 'Days of the look-back window with usage events or access-log requests built: evidence is only as long as this.';

CREATE TABLE IF NOT EXISTS email_ledger (
    day        DATE NOT NULL,
    recipient  VARCHAR NOT NULL,
    sent_at    TIMESTAMPTZ NOT NULL,
    transport  VARCHAR NOT NULL,
    message_id VARCHAR NOT NULL
);
COMMENT ON TABLE email_ledger IS 'One row per report delivered to a recipient: a day''s report goes to each recipient once unless a re-send is forced.';

CREATE TABLE IF NOT EXISTS email_intents (
    day        DATE NOT NULL,
    recipient  VARCHAR NOT NULL,
    message_id VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE email_intents IS 'A report about to be sent, recorded before the SMTP exchange and removed once email_ledger has it: a run stopped between the server''s reply and the ledger write leaves it here, and the retry sends the same Message-ID (a recognisable duplicate, never a new message).';

-- Privacy: client IPs are never stored. They become a salted SHA-256 (`client_id`, 16 hex digits)
-- when a file is staged, and IP-looking text in quarantined raw lines is masked as [ip].
CREATE TABLE IF NOT EXISTS privacy_salt (salt VARCHAR NOT NULL);
COMMENT ON TABLE privacy_salt IS 'The random salt of client_id when IP_HASH_SALT is not set; one row, made on first use.';
