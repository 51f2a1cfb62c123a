-- Facts read from the media files themselves (MEDIA_ROOT), and the duplicates found among them.

CREATE TABLE IF NOT EXISTS media_file_facts (
    day                 DATE NOT NULL,
    media_id            VARCHAR NOT NULL,
    path                VARCHAR NOT NULL,
    role                VARCHAR NOT NULL,
    size_bytes          BIGINT,
    mtime_ns            BIGINT,
    sha256              VARCHAR,
    detected_format     VARCHAR,
    extension_mismatch  BOOLEAN,
    width               INTEGER,
    height              INTEGER,
    orientation         INTEGER,
    mode                VARCHAR,
    frame_count         INTEGER,
    is_animated         BOOLEAN,
    icc_profile_bytes   INTEGER,
    exif_bytes          INTEGER,
    pdf_page_count      INTEGER,
    pdf_text_chars      INTEGER,
    pdf_title           VARCHAR,
    pdf_encrypted       BOOLEAN,
    duration_seconds    DOUBLE,
    container           VARCHAR,
    video_codec         VARCHAR,
    audio_codec         VARCHAR,
    bitrate_bps         BIGINT,
    video_bitrate_bps   BIGINT,
    audio_bitrate_bps   BIGINT,
    frame_rate          DOUBLE,
    audio_sample_rate   INTEGER,
    audio_channels      INTEGER,
    error               VARCHAR,
    opened_on_day       DATE,
    pdf_image_pages     INTEGER,
    doc_format          VARCHAR,
    doc_text_chars      INTEGER,
    doc_title           VARCHAR,
    doc_description     VARCHAR,
    doc_language        VARCHAR,
    facts_version       INTEGER
);
-- Warehouses made before these columns existed get them here (their rows are read again once:
-- facts_version is NULL there).
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS duration_seconds DOUBLE;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS container VARCHAR;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS video_codec VARCHAR;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS audio_codec VARCHAR;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS bitrate_bps BIGINT;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS video_bitrate_bps BIGINT;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS audio_bitrate_bps BIGINT;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS frame_rate DOUBLE;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS audio_sample_rate INTEGER;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS audio_channels INTEGER;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS pdf_image_pages INTEGER;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS doc_format VARCHAR;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS doc_text_chars INTEGER;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS doc_title VARCHAR;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS doc_description VARCHAR;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS doc_language VARCHAR;
ALTER TABLE media_file_facts ADD COLUMN IF NOT EXISTS facts_version INTEGER;
COMMENT ON TABLE media_file_facts IS 'One row per day and file under MEDIA_ROOT that the day''s inventory references (originals and renditions), read from the file itself. A file whose path, size and mtime are unchanged since an earlier scan is not opened again: its facts are carried over.';
COMMENT ON COLUMN media_file_facts.day IS 'The inventory day whose files were scanned (the files are read as they are when the day is built).';
COMMENT ON COLUMN media_file_facts.media_id IS 'The media item the file belongs to (the smallest id when several items name the same path).';
COMMENT ON COLUMN media_file_facts.path IS 'The file''s path relative to MEDIA_ROOT, as the inventory names it.';
COMMENT ON COLUMN media_file_facts.role IS '"original", or the rendition''s name (thumbnail, medium, large, ...).';
COMMENT ON COLUMN media_file_facts.size_bytes IS 'Bytes on disk (NULL when the file cannot be reached).';
COMMENT ON COLUMN media_file_facts.mtime_ns IS 'Modification time in nanoseconds since the epoch; with path and size it decides whether the file is read again.';
COMMENT ON COLUMN media_file_facts.sha256 IS 'SHA-256 of the content, hex.';
COMMENT ON COLUMN media_file_facts.detected_format IS 'The real format by content: Pillow''s format name for images (JPEG, PNG, GIF, WEBP, AVIF, ...), else from magic bytes (PDF, MP4, MATROSKA, MP3, OGG, FLAC, WAV, AVI, ZIP, OLE2 = legacy Office or password-protected Office file), TEXT for text content.';
COMMENT ON COLUMN media_file_facts.extension_mismatch IS 'True when the file name''s extension is not one of the detected format''s (e.g. a PNG named .jpg).';
COMMENT ON COLUMN media_file_facts.width IS 'Pixel width as displayed, after the EXIF orientation (rotated images swap width and height); for a video the coded width of its video stream.';
COMMENT ON COLUMN media_file_facts.height IS 'Pixel height as displayed, after the EXIF orientation; for a video the coded height of its video stream.';
COMMENT ON COLUMN media_file_facts.orientation IS 'EXIF orientation tag (1-8), NULL when absent.';
COMMENT ON COLUMN media_file_facts.mode IS 'Pillow mode (RGB, RGBA, L, P, CMYK, ...).';
COMMENT ON COLUMN media_file_facts.frame_count IS 'Frames in the image (1 for a still image); for a video the frames its container counts (NULL when it does not, as WebM).';
COMMENT ON COLUMN media_file_facts.is_animated IS 'Pillow says the image is animated (GIF, APNG, WebP with several frames).';
COMMENT ON COLUMN media_file_facts.icc_profile_bytes IS 'Bytes of the embedded ICC colour profile (0 when none).';
COMMENT ON COLUMN media_file_facts.exif_bytes IS 'Bytes of the embedded EXIF block (0 when none).';
COMMENT ON COLUMN media_file_facts.pdf_page_count IS 'Pages of a PDF (pypdf).';
COMMENT ON COLUMN media_file_facts.pdf_text_chars IS 'Characters of text extracted from the first 3 pages of a PDF: 0 means a scan without a text layer.';
COMMENT ON COLUMN media_file_facts.pdf_title IS 'The PDF''s embedded title (document information dictionary).';
COMMENT ON COLUMN media_file_facts.pdf_encrypted IS 'The PDF is encrypted.';
COMMENT ON COLUMN media_file_facts.duration_seconds IS 'Video/audio: seconds of media, where the last demuxed packet ends (the container header''s duration when the data is cut short). PyAV, which bundles FFmpeg.';
COMMENT ON COLUMN media_file_facts.container IS 'Video/audio: FFmpeg''s name for the container (e.g. "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "ogg", "mp3").';
COMMENT ON COLUMN media_file_facts.video_codec IS 'Video: codec of the first video stream (h264, hevc, vp8, vp9, av1, ...); NULL for audio.';
COMMENT ON COLUMN media_file_facts.audio_codec IS 'Video/audio: codec of the first audio stream (aac, mp3, opus, vorbis, flac, ...); NULL without sound.';
COMMENT ON COLUMN media_file_facts.bitrate_bps IS 'Video/audio: the whole file''s average bitrate, size_bytes x 8 / duration_seconds (bits per second).';
COMMENT ON COLUMN media_file_facts.video_bitrate_bps IS 'Video: the video stream''s bitrate as the container states it (MP4 does, WebM does not: NULL).';
COMMENT ON COLUMN media_file_facts.audio_bitrate_bps IS 'Video/audio: the audio stream''s bitrate as the container states it (NULL when it states none).';
COMMENT ON COLUMN media_file_facts.frame_rate IS 'Video: average frames per second of the video stream.';
COMMENT ON COLUMN media_file_facts.audio_sample_rate IS 'Video/audio: samples per second of the audio stream.';
COMMENT ON COLUMN media_file_facts.audio_channels IS 'Video/audio: channels of the audio stream (1 mono, 2 stereo, ...).';
COMMENT ON COLUMN media_file_facts.error IS 'Why the file could not be fully read (missing, empty file, symlink pointing outside MEDIA_ROOT, decompression bomb, cannot decode, truncated video/audio, encrypted PDF, ...); NULL when it was.';
COMMENT ON COLUMN media_file_facts.opened_on_day IS 'The day whose build last opened the file; earlier than day when the facts were carried over unchanged.';
COMMENT ON COLUMN media_file_facts.pdf_image_pages IS 'Of the PDF''s first 3 pages, those holding at least one image (a scan has an image on every page).';
COMMENT ON COLUMN media_file_facts.doc_format IS 'The document kind whose text was read: pdf, text, markdown, csv, html (text formats, by extension), docx, xlsx, pptx (Office Open XML, by the parts inside the ZIP); NULL for anything else.';
COMMENT ON COLUMN media_file_facts.doc_text_chars IS 'Characters of text extracted from the document''s sample: the first 3 pages of a PDF (= pdf_text_chars), the first MiB of a text file (an HTML page''s visible text), the text runs of an Office file; at most 100,000 outside PDFs; outer whitespace not counted.';
COMMENT ON COLUMN media_file_facts.doc_title IS 'The title the file carries itself: PDF information dictionary, else XMP dc:title; Office core properties dc:title; HTML <title>; a Markdown file''s first # heading. Control characters removed.';
COMMENT ON COLUMN media_file_facts.doc_description IS 'The description the file carries itself: PDF /Subject, else XMP dc:description; Office dc:description, else dc:subject; HTML meta description.';
COMMENT ON COLUMN media_file_facts.doc_language IS 'ISO 639-1 language of the sampled text (py3langid), when at least 40 letters were extracted and the guess''s probability is at least 0.9; else NULL.';
COMMENT ON COLUMN media_file_facts.facts_version IS 'Version of the reader that produced the facts; a file read by an older version is opened again even when unchanged.';
