-- How many usage events the days from $first to $last have: the visitors of a day are counted in
-- one pass per 20 M of them (daily_media_usage's, and the report's over the library).
SELECT count(*) AS events FROM raw_usage_events WHERE day BETWEEN $first AND $last
