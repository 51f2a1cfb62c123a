-- Video encoding and delivery advice, from the file facts and the day's delivery and engagement.

CREATE TABLE IF NOT EXISTS video_optimization_opportunities (
    day                       DATE NOT NULL,
    media_id                  VARCHAR NOT NULL,
    path                      VARCHAR NOT NULL,
    kind                      VARCHAR NOT NULL,
    video_codec               VARCHAR NOT NULL,
    width                     INTEGER NOT NULL,
    height                    INTEGER NOT NULL,
    frame_rate                DOUBLE NOT NULL,
    duration_seconds          DOUBLE NOT NULL,
    current_bytes             BIGINT NOT NULL,
    video_bitrate_bps         BIGINT,
    bits_per_pixel            DOUBLE,
    reference_bits_per_pixel  DOUBLE NOT NULL,
    trigger_metric            VARCHAR NOT NULL,
    trigger_value             DOUBLE NOT NULL,
    trigger_threshold         DOUBLE NOT NULL,
    expected_bytes            BIGINT,
    bytes_saved               BIGINT,
    daily_bytes_saved         BIGINT,
    recommendation            VARCHAR NOT NULL,
    rank                      INTEGER NOT NULL
);
COMMENT ON TABLE video_optimization_opportunities IS 'One row per day, live video (original file) and kind of advice (DESIGN.md "Encoding and delivery"): reencode, adaptive_streaming or caching, each with the measured figure that triggered it. Thresholds and reference values in assets/video_opportunities.py.';
COMMENT ON COLUMN video_optimization_opportunities.day IS 'The day: files as scanned for it, its delivery and engagement figures.';
COMMENT ON COLUMN video_optimization_opportunities.media_id IS 'The video''s media item.';
COMMENT ON COLUMN video_optimization_opportunities.path IS 'The original file, relative to MEDIA_ROOT.';
COMMENT ON COLUMN video_optimization_opportunities.kind IS 'reencode (bits per pixel over 2 x the codec''s reference), adaptive_streaming (long, large, buffering >= 1 % of watch time) or caching (cache hit rate under 80 %).';
COMMENT ON COLUMN video_optimization_opportunities.video_codec IS 'Codec of the video stream (media_file_facts.video_codec).';
COMMENT ON COLUMN video_optimization_opportunities.width IS 'Coded width of the video stream (pixels).';
COMMENT ON COLUMN video_optimization_opportunities.height IS 'Coded height of the video stream (pixels).';
COMMENT ON COLUMN video_optimization_opportunities.frame_rate IS 'Average frames per second.';
COMMENT ON COLUMN video_optimization_opportunities.duration_seconds IS 'Duration of the file (seconds).';
COMMENT ON COLUMN video_optimization_opportunities.current_bytes IS 'Bytes of the file now.';
COMMENT ON COLUMN video_optimization_opportunities.video_bitrate_bps IS 'The video stream''s bitrate as the container states it, else the file''s bitrate less the audio''s (bits per second).';
COMMENT ON COLUMN video_optimization_opportunities.bits_per_pixel IS 'video_bitrate_bps / (width x height x frame_rate): bits per pixel per frame.';
COMMENT ON COLUMN video_optimization_opportunities.reference_bits_per_pixel IS 'The codec''s reference bits per pixel per frame: 0.14 for H.264, MPEG-4 and VP8 (Kush gauge, medium motion), 0.07 for HEVC and VP9, 0.05 for AV1; 0.14 for other codecs.';
COMMENT ON COLUMN video_optimization_opportunities.trigger_metric IS 'The measured figure that triggered the advice: bits_per_pixel, buffering_rate (daily_video_engagement) or cache_hit_rate (daily_media_delivery).';
COMMENT ON COLUMN video_optimization_opportunities.trigger_value IS 'Its value for this video on the day.';
COMMENT ON COLUMN video_optimization_opportunities.trigger_threshold IS 'The value it crossed: 2 x the reference bits per pixel, a 1 % buffering rate, an 80 % cache hit rate.';
COMMENT ON COLUMN video_optimization_opportunities.expected_bytes IS 'reencode: bytes of the file with the video stream at the reference bits per pixel, the rest unchanged (estimated); NULL for the other kinds.';
COMMENT ON COLUMN video_optimization_opportunities.bytes_saved IS 'reencode: current_bytes - expected_bytes (storage); NULL for the other kinds.';
COMMENT ON COLUMN video_optimization_opportunities.daily_bytes_saved IS 'reencode: the day''s bytes sent for the video x bytes_saved / current_bytes; caching: bytes sent x (90 % - hit rate), what the origin would not have sent; NULL for adaptive_streaming and without delivery data.';
COMMENT ON COLUMN video_optimization_opportunities.recommendation IS 'What to do, the figure that triggered it and the improvement computed from the day''s figures.';
COMMENT ON COLUMN video_optimization_opportunities.rank IS '1 = the largest daily_bytes_saved of the day (then bytes_saved).';
