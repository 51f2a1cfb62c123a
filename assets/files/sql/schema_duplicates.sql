-- Media items whose original files hold identical content.

CREATE TABLE IF NOT EXISTS media_duplicates (
    day                 DATE NOT NULL,
    sha256              VARCHAR NOT NULL,
    media_id            VARCHAR NOT NULL,
    path                VARCHAR NOT NULL,
    size_bytes          BIGINT NOT NULL,
    copies              INTEGER NOT NULL,
    keep_media_id       VARCHAR NOT NULL,
    is_kept             BOOLEAN NOT NULL,
    live_reference_count INTEGER NOT NULL,
    reclaimable_bytes   BIGINT NOT NULL
);
COMMENT ON TABLE media_duplicates IS 'One row per day and live media item whose original file has the same SHA-256 as another live item''s original (media_file_facts), with the copy to keep. The product only recommends; it never deletes.';
COMMENT ON COLUMN media_duplicates.day IS 'The day whose inventory and file facts were compared.';
COMMENT ON COLUMN media_duplicates.sha256 IS 'The shared content hash: rows with the same sha256 are copies of one another.';
COMMENT ON COLUMN media_duplicates.media_id IS 'The media item.';
COMMENT ON COLUMN media_duplicates.path IS 'Its original file, relative to MEDIA_ROOT.';
COMMENT ON COLUMN media_duplicates.size_bytes IS 'Bytes of the original file.';
COMMENT ON COLUMN media_duplicates.copies IS 'Live media items holding this content (2 or more).';
COMMENT ON COLUMN media_duplicates.keep_media_id IS 'The copy to keep: the most live references, then the oldest upload, then the smallest id.';
COMMENT ON COLUMN media_duplicates.is_kept IS 'This item is the copy to keep.';
COMMENT ON COLUMN media_duplicates.live_reference_count IS 'Usage locations referencing this item (not trashed), from the inventory: references to move to the kept copy before removing this one.';
COMMENT ON COLUMN media_duplicates.reclaimable_bytes IS 'Bytes freed by removing this copy: its files under MEDIA_ROOT (original and renditions); 0 for the kept copy and for an item naming the kept copy''s own file.';
