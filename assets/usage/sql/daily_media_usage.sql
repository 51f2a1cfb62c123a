-- daily_media_usage for $day: per media item and usage kind, plus one 'all' row per item over
-- every kind. Definitions (DESIGN.md, Usage):
--   unique users        distinct user_id, else session_id (an event with neither is not counted)
--   click-through rate  clicks / views, NULL when views = 0
--   engagement rate     (clicks + shares + downloads) / views, NULL when views = 0 [seed]: it
--                       passes 100 % when items are downloaded or clicked without a view event
--                       (documents are downloaded from links), so the report shows instead
--   engaged visit rate  engaged_visits / visits: a visit is a visitor (as for unique users) who
--                       viewed, previewed, clicked, shared or downloaded the item (an impression
--                       alone is not a visit); it is engaged when they clicked, shared or
--                       downloaded it. 0-100 % by construction, and sums over items (a type, the
--                       library) stay within it: sum(engaged_visits) / sum(visits)
--   lazy-loading effectiveness (images) views / impressions, NULL when impressions = 0
--   popularity score    100 * ln(1 + views + 2 clicks + 3 shares) / the same for the day's most
--                       popular item of the same media type ('all' rows only; NULL when that
--                       maximum is 0)
--   access source       the referrer's host: email/webmail (checked first: mail.google.com is
--                       not a search), search engine, social network,
--                       internal (same host as page_url), direct (no referrer) or other
WITH events AS (
    SELECT
        e.*,
        coalesce(i.media_type, 'unknown') AS media_type,
        coalesce(e.usage, 'unspecified') AS kind,
        lower(regexp_extract(e.referrer, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)', 1)) AS referrer_host,
        lower(regexp_extract(e.page_url, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)', 1)) AS page_host
    FROM raw_usage_events AS e
    LEFT JOIN media_inventory AS i ON i.day = e.day AND i.media_id = e.media_id
    WHERE e.day = $day
), classified AS (
    SELECT
        *,
        CASE
            WHEN referrer IS NULL OR trim(referrer) = '' THEN 'direct'
            WHEN referrer_host = '' THEN 'other'
            WHEN page_host <> '' AND (referrer_host = page_host
                OR referrer_host = 'www.' || page_host OR 'www.' || referrer_host = page_host) THEN 'internal'
            WHEN regexp_matches(referrer_host, '(^|\.)(mail|webmail|outlook|gmail|mailchi|list-manage|sendgrid|substack)\.')
                OR regexp_matches(lower(referrer), 'utm_medium=e-?mail')
                THEN 'email'
            WHEN regexp_matches(referrer_host, '(^|\.)(google|bing|yahoo|duckduckgo|baidu|yandex|ecosia|qwant|startpage|search\.brave|naver|seznam)\.')
                THEN 'search'
            WHEN regexp_matches(referrer_host, '(^|\.)(facebook|fb|instagram|twitter|x|t|linkedin|lnkd|pinterest|reddit|tiktok|youtube|mastodon|threads|bsky|tumblr|vk|whatsapp)\.')
                THEN 'social'
            ELSE 'other'
        END AS access_source
    FROM events
), visitor_counts AS (
    -- written beforehand in passes over the visitors (usage_visitor_counts.sql), summed here
    SELECT
        media_id,
        usage_kind,
        sum(unique_users)::BIGINT AS unique_users,
        sum(visits)::BIGINT AS visits,
        sum(engaged_visits)::BIGINT AS engaged_visits,
        sum(signed_in_users)::BIGINT AS signed_in_users,
        sum(anonymous_sessions)::BIGINT AS anonymous_sessions
    FROM usage_visitor_counts
    GROUP BY media_id, usage_kind
), event_counts AS (
    SELECT
        media_id,
        any_value(media_type) AS media_type,
        CASE WHEN grouping(kind) = 1 THEN 'all' ELSE kind END AS usage_kind,
        count(*) FILTER (event_type = 'impression') AS impressions,
        count(*) FILTER (event_type = 'view') AS views,
        count(*) FILTER (event_type = 'click') AS clicks,
        count(*) FILTER (event_type = 'download') AS downloads,
        count(*) FILTER (event_type = 'share') AS shares,
        count(*) FILTER (event_type = 'preview') AS previews,
        count(*) FILTER (access_source = 'search') AS from_search,
        count(*) FILTER (access_source = 'social') AS from_social,
        count(*) FILTER (access_source = 'email') AS from_email,
        count(*) FILTER (access_source = 'internal') AS from_internal,
        count(*) FILTER (access_source = 'direct') AS from_direct,
        count(*) FILTER (access_source = 'other') AS from_other
    FROM classified
    GROUP BY GROUPING SETS ((media_id), (media_id, kind))
), grouped AS (
    SELECT
        e.*,
        coalesce(v.unique_users, 0) AS unique_users,
        coalesce(v.visits, 0) AS visits,
        coalesce(v.engaged_visits, 0) AS engaged_visits,
        coalesce(v.signed_in_users, 0) AS signed_in_users,
        coalesce(v.anonymous_sessions, 0) AS anonymous_sessions
    FROM event_counts AS e
    LEFT JOIN visitor_counts AS v USING (media_id, usage_kind)
), scored AS (
    SELECT
        *,
        CASE WHEN usage_kind = 'all' THEN ln(1 + views + 2 * clicks + 3 * shares) END AS popularity_raw
    FROM grouped
)
SELECT
    $day AS day,
    media_id,
    media_type,
    usage_kind,
    impressions, views, clicks, downloads, shares, previews,
    unique_users, signed_in_users, anonymous_sessions, visits, engaged_visits,
    engaged_visits / nullif(visits, 0) AS engaged_visit_rate,
    CASE WHEN views > 0 THEN clicks / views END AS click_through_rate,
    CASE WHEN views > 0 THEN (clicks + shares + downloads) / views END AS engagement_rate,
    CASE WHEN media_type = 'image' AND impressions > 0 THEN views / impressions END AS lazy_load_effectiveness,
    CASE WHEN usage_kind = 'all' THEN
        -- the ratio first: x / x is exactly 1, while (100 * x) / x may not be exactly 100
        100 * (popularity_raw / nullif(max(popularity_raw) OVER (PARTITION BY media_type, usage_kind), 0))
    END AS popularity_score,
    from_search, from_social, from_email, from_internal, from_direct, from_other
FROM scored
