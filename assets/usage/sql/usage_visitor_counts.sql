-- daily_media_usage's visitor counts over the visitors of one pass, per media item and usage kind,
-- plus 'all' over every kind, from the visitor rows: the day's usage_visitor_rows.sql, or when the day
-- takes several passes, one pass's part of them written as Parquet. Each visitor is in exactly one
-- pass, so the day's counts are the sums over the passes. One row per (item, kind, visitor) is
-- grouped first so that the distinct counts are plain counts of rows: at 100 M events a day that
-- grouping held over 60 M rows, more than one query kept within a 1 GB memory limit.
WITH visitors_by_kind AS (
    SELECT media_id, kind, visitor, bool_or(visited) AS visited, bool_or(engaged) AS engaged
    FROM ({visitor_rows}) AS visitor_rows
    GROUP BY media_id, kind, visitor
), visitors AS (
    SELECT media_id, kind AS usage_kind, visitor, visited, engaged FROM visitors_by_kind
    UNION ALL
    -- the item's visitors over every kind ('all'): visited or engaged under any of them
    SELECT media_id, 'all', visitor, bool_or(visited), bool_or(engaged)
    FROM visitors_by_kind
    GROUP BY media_id, visitor
)
SELECT
    media_id,
    usage_kind,
    count(*) AS unique_users,
    count(*) FILTER (visited) AS visits,
    count(*) FILTER (engaged) AS engaged_visits,
    count(*) FILTER (starts_with(visitor, 'u:')) AS signed_in_users,  -- distinct user_id
    count(*) FILTER (starts_with(visitor, 's:')) AS anonymous_sessions  -- distinct session_id without a user
FROM visitors
GROUP BY media_id, usage_kind
