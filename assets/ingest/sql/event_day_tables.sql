-- The record of what a built day of an event source (usage_events, player_events) read: with the
-- staged rows, all that raw_usage_events and raw_player_events (views, raw_events_view.sql) need.
-- Each event is stored once, in its source's staged table; these hold a few bytes per file, repeat
-- and URL. A day's build replaces its rows of all three in one transaction.
CREATE TABLE event_day_contents (
    source      VARCHAR NOT NULL,
    day         DATE NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    path        VARCHAR NOT NULL
);
COMMENT ON TABLE event_day_contents IS 'One row per built day of an event source and file content holding a valid row on it, named by its first path when the day was built: the day''s raw rows are the content''s valid staged rows dated on the day. A content a built day names keeps its staged rows after its file is replaced, until the day is rebuilt.';

CREATE TABLE event_day_repeats (
    source      VARCHAR NOT NULL,
    day         DATE NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    line        BIGINT NOT NULL
);
COMMENT ON TABLE event_day_repeats IS 'One row per valid staged row a built day left out as a repeat of an event_id it kept from an earlier row (by file path, then line); each is in rejected_rows with the row it repeats.';

CREATE TABLE event_day_media_urls (
    source    VARCHAR NOT NULL,
    day       DATE NOT NULL,
    media_url VARCHAR NOT NULL,
    media_id  VARCHAR NOT NULL
);
COMMENT ON TABLE event_day_media_urls IS 'One row per built day and media_url sent instead of a media_id that mapped to a media item on the day (MEDIA_URL_PREFIXES and the day''s inventory, as access-log paths are); an event whose URL mapped to none is in rejected_rows.';

ALTER TABLE event_day_contents SET PARTITIONED BY (day);
ALTER TABLE event_day_repeats SET PARTITIONED BY (day);
ALTER TABLE event_day_media_urls SET PARTITIONED BY (day);
