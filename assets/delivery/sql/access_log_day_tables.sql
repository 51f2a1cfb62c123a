-- What a built day of the access logs records besides the staged lines, all that raw_access_log
-- (a view, raw_access_log_view.sql) needs: the file contents the day read (event_day_contents,
-- source 'access_logs'), how each of the day's request paths maps to a media item and how each of
-- its User-Agents is classified. Each request is stored once, in staged_access_log; these hold a
-- few thousand rows a day. A day's build replaces its rows of all three in one transaction.
CREATE TABLE access_log_day_paths (
    day            DATE NOT NULL,
    request_path   VARCHAR NOT NULL,
    media_id       VARCHAR,
    media_type     VARCHAR,
    variant        VARCHAR,
    served_format  VARCHAR,
    file_bytes     BIGINT,
    original_bytes BIGINT
);
COMMENT ON TABLE access_log_day_paths IS 'One row per built day and distinct path of its requests: the media item the path maps to in the day''s inventory (MEDIA_URL_PREFIXES; NULLs when none) and the extension of the file served. raw_access_log''s mapping columns.';

CREATE TABLE access_log_day_user_agents (
    day         DATE NOT NULL,
    user_agent  VARCHAR NOT NULL,
    device_type VARCHAR NOT NULL,
    is_bot      BOOLEAN NOT NULL
);
COMMENT ON TABLE access_log_day_user_agents IS 'One row per built day and distinct User-Agent of its requests, classified when the day was built (assets/shared/useragents.py): raw_access_log''s device_type and is_bot.';

ALTER TABLE access_log_day_paths SET PARTITIONED BY (day);
ALTER TABLE access_log_day_user_agents SET PARTITIONED BY (day);
