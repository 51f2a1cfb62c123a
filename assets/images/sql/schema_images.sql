-- Image optimisation opportunities, measured by re-encoding the files, and the cache of those
-- measurements.

CREATE TABLE IF NOT EXISTS image_encodings (
    sha256          VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    target_width    INTEGER NOT NULL,
    settings        VARCHAR NOT NULL,
    encoded_bytes   BIGINT,
    error           VARCHAR,
    measured_on     DATE NOT NULL
);
COMMENT ON TABLE image_encodings IS 'Cache of re-encodings, by content: a file whose SHA-256 was measured with the same kind, width and settings is not encoded again on a later day.';
COMMENT ON COLUMN image_encodings.sha256 IS 'SHA-256 of the file that was re-encoded (media_file_facts.sha256).';
COMMENT ON COLUMN image_encodings.kind IS 'resize (same format at the target width) or format (as WebP, and as AVIF where Pillow writes it).';
COMMENT ON COLUMN image_encodings.target_width IS 'The width encoded at (resize), 0 for a full-size format conversion.';
COMMENT ON COLUMN image_encodings.settings IS 'The encoder and its settings (format and Pillow save options).';
COMMENT ON COLUMN image_encodings.encoded_bytes IS 'Bytes of the re-encoded image; NULL when encoding failed.';
COMMENT ON COLUMN image_encodings.error IS 'Why the re-encode failed (the file changed or broke since its facts were read).';
COMMENT ON COLUMN image_encodings.measured_on IS 'The day whose build did the encoding.';

CREATE TABLE IF NOT EXISTS image_optimization_opportunities (
    day                             DATE NOT NULL,
    media_id                        VARCHAR NOT NULL,
    path                            VARCHAR NOT NULL,
    kind                            VARCHAR NOT NULL,
    image_format                    VARCHAR NOT NULL,
    target_format                   VARCHAR,
    target_width                    INTEGER,
    width                           INTEGER,
    height                          INTEGER,
    current_bytes                   BIGINT NOT NULL,
    expected_bytes                  BIGINT NOT NULL,
    bytes_saved                     BIGINT NOT NULL,
    method                          VARCHAR NOT NULL,
    recommendation                  VARCHAR NOT NULL,
    original_requests               BIGINT,
    original_bytes_sent             BIGINT,
    traffic_weighted_daily_savings  BIGINT,
    rank                            INTEGER NOT NULL
);
COMMENT ON TABLE image_optimization_opportunities IS 'One row per day, original image and kind of optimisation that would save bytes (DESIGN.md "Images"), ranked by traffic-weighted savings.';
COMMENT ON COLUMN image_optimization_opportunities.day IS 'The day: files as scanned for it (media_file_facts) and its delivery figures.';
COMMENT ON COLUMN image_optimization_opportunities.media_id IS 'The media item whose original file this is.';
COMMENT ON COLUMN image_optimization_opportunities.path IS 'The original file (the rendition''s file for unused_rendition), relative to MEDIA_ROOT.';
COMMENT ON COLUMN image_optimization_opportunities.kind IS 'resize (wider than 2 x the largest display width), format (as WebP or AVIF, the smaller), compression (above 2/12 bytes per pixel), gif_to_video (animated GIF over 102,400 bytes) or unused_rendition (a rendition no person requested in the UNUSED_LOOKBACK_DAYS window of access logs).';
COMMENT ON COLUMN image_optimization_opportunities.image_format IS 'The file''s real format (media_file_facts.detected_format).';
COMMENT ON COLUMN image_optimization_opportunities.target_format IS 'The format of the expected file: the same format for resize and compression, WEBP or AVIF (the smaller measured) for format, MP4 for gif_to_video; NULL for unused_rendition.';
COMMENT ON COLUMN image_optimization_opportunities.target_width IS 'resize: the width to resize to (the largest display width); NULL for the other kinds.';
COMMENT ON COLUMN image_optimization_opportunities.width IS 'Displayed width of the file now (pixels).';
COMMENT ON COLUMN image_optimization_opportunities.height IS 'Displayed height of the file now (pixels).';
COMMENT ON COLUMN image_optimization_opportunities.current_bytes IS 'Bytes of the file now.';
COMMENT ON COLUMN image_optimization_opportunities.expected_bytes IS 'Bytes after the optimisation: measured by re-encoding, or estimated (see method); 0 for an unused rendition (deleted).';
COMMENT ON COLUMN image_optimization_opportunities.bytes_saved IS 'current_bytes - expected_bytes (rows saving under 8,192 bytes for format, 4,096 for compression, or nothing, are left out).';
COMMENT ON COLUMN image_optimization_opportunities.method IS 'reencoded (Pillow encoded the file, settings in assets/image_encoding.py) or estimated (2/12 bytes per pixel; pixel ratio for a resize over the 16 MP budget; Lighthouse''s GIF-to-video curve; an unused rendition''s bytes, which a CMS may regenerate on demand).';
COMMENT ON COLUMN image_optimization_opportunities.recommendation IS 'What to do, with the figure that triggered it.';
ALTER TABLE image_optimization_opportunities ADD COLUMN IF NOT EXISTS original_bytes_sent BIGINT;
COMMENT ON COLUMN image_optimization_opportunities.original_requests IS 'The day''s requests answered with the original file''s own bytes (status 200 or 206 for its path; not a rendition, not a WebP/AVIF variant); 0 for an unused rendition, which saves storage, not bandwidth; NULL when the day has no delivery data.';
COMMENT ON COLUMN image_optimization_opportunities.original_bytes_sent IS 'The bytes those requests sent (0 for an unused rendition); NULL when the day has no delivery data.';
COMMENT ON COLUMN image_optimization_opportunities.traffic_weighted_daily_savings IS 'original_bytes_sent x bytes_saved / current_bytes: the bandwidth the optimisation would have saved on the day (each full response bytes_saved smaller, a partial one in proportion); never more than original_bytes_sent; NULL when the day has no delivery data. The seed''s bytes_saved x every request for the item counted WebP/AVIF and rendition responses too.';
COMMENT ON COLUMN image_optimization_opportunities.rank IS '1 = the largest traffic-weighted savings of the day (then bytes_saved).';
