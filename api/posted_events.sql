-- Posted events: the landing zone's staging SQL (staged_usage_events.sql or
-- staged_player_events.sql, unchanged, in place of the staged placeholder) over the batch, plus the one rule only a live client gets:
-- its timestamp lies between $max_age_hours before the server clock $now and $future_minutes after.
-- One row per posted event, in order: its reject reason (NULL: accepted) and hashed client id
-- (the client_id placeholder: the staged column for usage events; NULL for player events, which carry no IP).
SELECT
    line,
    coalesce(reject_reason, CASE
        WHEN ts > $now + to_minutes(CAST($future_minutes AS BIGINT))
            THEN 'timestamp more than ' || $future_minutes || ' minutes in the future'
        WHEN ts < $now - to_hours(CAST($max_age_hours AS BIGINT))
            THEN 'timestamp older than ' || $max_age_hours || ' hours (TRACKING_MAX_AGE_HOURS)'
    END) AS reason,
    {client_id} AS client_id
FROM (
{staged}
) AS staged
ORDER BY line
