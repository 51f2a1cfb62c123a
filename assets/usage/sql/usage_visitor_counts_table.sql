-- The temporary table daily_media_usage reads its visitor counts from: one row per media item,
-- usage kind and pass of usage_visitor_counts.sql (the day's counts are the sums over the passes).
CREATE OR REPLACE TEMP TABLE usage_visitor_counts (
    media_id           VARCHAR NOT NULL,
    usage_kind         VARCHAR NOT NULL,
    unique_users       BIGINT NOT NULL,
    visits             BIGINT NOT NULL,
    engaged_visits     BIGINT NOT NULL,
    signed_in_users    BIGINT NOT NULL,
    anonymous_sessions BIGINT NOT NULL
)
