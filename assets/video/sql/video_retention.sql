-- video_retention for $day: per video or audio item with views and per $bucket_seconds bucket of its
-- timeline (bucket b covers [b * size, (b + 1) * size); the last one ends at the duration), from the
-- views of the day (video_views.is_view) and their segments. Definitions (DESIGN.md):
--   retention      views that watched any part of the bucket (a segment overlaps it by more than
--                  0 s) / views [seed]
--   re-watches     views whose segments cover some part of the bucket more than once: the seconds
--                  they played in it exceed the seconds of the union of their segments in it
--   drop-off       the bucket holding a view's furthest position (the last bucket when it is the
--                  duration). Deviation from DESIGN.md: views that finished (Matomo, >= duration
--                  - 2 s) are not drop-offs, they reached the end; dropoff_rank orders the buckets by
--                  drop-offs, most first (ties: the earlier bucket)
--   heatmap        plays that opened a segment starting in the bucket (replaced plays not counted),
--                  pauses at a position in it, seeks leaving from it — over every session of the
--                  day; intensity is the tercile of watched seconds (re-watches counted) among the
--                  item's buckets by cumulative distribution, so equal buckets share a class
-- Every bucket from 0 to ceil(duration / size) - 1 has a row, watched or not. Seconds are summed
-- exactly (exact(), macros.sql): a re-run stores the same bytes.
WITH views AS (
    SELECT * FROM video_views WHERE day = $day AND is_view
), media AS (
    SELECT
        media_id,
        any_value(media_type) AS media_type,
        any_value(duration) AS duration,
        bool_or(duration_inferred) AS duration_inferred,
        count(*) AS views,
        greatest(1, ceil(any_value(duration) / $bucket_seconds))::BIGINT AS buckets
    FROM views
    GROUP BY media_id
), timeline AS (
    SELECT *, unnest(range(buckets)) AS bucket FROM media
), pieces AS (
    -- each view's segments (is_segment) and the union of them (its spans), as media stretches
    SELECT s.media_id, s.viewer_id, s.session_id, s.segment_start AS piece_start, s.segment_end AS piece_end,
           true AS is_segment
    FROM video_watch_segments AS s
    WHERE s.day = $day
    UNION ALL
    SELECT s.media_id, s.viewer_id, s.session_id, s.span_start, s.span_end, false
    FROM watched_spans($day) AS s
), played AS (
    -- seconds each view played in each bucket its segments touch, and the seconds of the bucket
    -- their union covers
    SELECT
        p.media_id, p.viewer_id, p.session_id, p.bucket,
        sum(exact(p.seconds)) FILTER (p.is_segment) AS played,
        sum(exact(p.seconds)) FILTER (NOT p.is_segment) AS covered
    FROM (
        SELECT *, least(piece_end, (bucket + 1) * $bucket_seconds) - greatest(piece_start, bucket * $bucket_seconds) AS seconds
        FROM (SELECT *, unnest(range(floor(piece_start / $bucket_seconds)::BIGINT,
                                     ceil(piece_end / $bucket_seconds)::BIGINT)) AS bucket FROM pieces)
    ) AS p
    JOIN views AS v
        ON v.media_id = p.media_id AND v.viewer_id = p.viewer_id AND v.session_id IS NOT DISTINCT FROM p.session_id
    WHERE p.seconds > 0
    GROUP BY p.media_id, p.viewer_id, p.session_id, p.bucket
), watched AS (
    SELECT
        media_id, bucket,
        count(*) AS viewers,
        sum(played)::DOUBLE AS watched_seconds,
        count(*) FILTER (played > covered + 1e-9) AS rewatches
    FROM played
    GROUP BY media_id, bucket
), dropped AS (
    SELECT v.media_id, least(floor(v.furthest_position / $bucket_seconds)::BIGINT, m.buckets - 1) AS bucket,
           count(*) AS dropoffs
    FROM views AS v
    JOIN media AS m USING (media_id)
    WHERE NOT v.finished
    GROUP BY ALL
), marks AS (
    SELECT
        e.media_id,
        least(floor(CASE WHEN e.event_type = 'play' THEN e.position_after ELSE e.position_before END
                    / $bucket_seconds)::BIGINT, m.buckets - 1) AS bucket,
        count(*) FILTER (e.event_type = 'play' AND e.next_control IS DISTINCT FROM 'play') AS plays,
        count(*) FILTER (e.event_type = 'pause') AS pauses,
        count(*) FILTER (e.event_type = 'seek') AS seeks
    FROM video_session_events AS e
    JOIN media AS m USING (media_id)
    WHERE e.day = $day AND e.event_type IN ('play', 'pause', 'seek')
    GROUP BY ALL
), joined AS (
    SELECT
        t.*,
        coalesce(w.viewers, 0) AS viewers,
        coalesce(w.watched_seconds, 0) AS watched_seconds,
        coalesce(w.rewatches, 0) AS rewatches,
        coalesce(d.dropoffs, 0) AS dropoffs,
        coalesce(k.plays, 0) AS plays,
        coalesce(k.pauses, 0) AS pauses,
        coalesce(k.seeks, 0) AS seeks
    FROM timeline AS t
    LEFT JOIN watched AS w USING (media_id, bucket)
    LEFT JOIN dropped AS d USING (media_id, bucket)
    LEFT JOIN marks AS k USING (media_id, bucket)
)
SELECT
    $day AS day,
    media_id,
    media_type,
    bucket,
    bucket * $bucket_seconds AS bucket_start,
    least((bucket + 1) * $bucket_seconds, duration) AS bucket_end,
    views,
    viewers,
    viewers / views AS retention,
    watched_seconds,
    rewatches,
    dropoffs,
    dropoffs / views AS dropoff_share,
    CASE WHEN dropoffs > 0 THEN row_number() OVER (PARTITION BY media_id ORDER BY dropoffs DESC, bucket) END
        AS dropoff_rank,
    plays,
    pauses,
    seeks,
    CASE WHEN cume_dist() OVER (PARTITION BY media_id ORDER BY watched_seconds) <= 1 / 3 THEN 'low'
         WHEN cume_dist() OVER (PARTITION BY media_id ORDER BY watched_seconds) <= 2 / 3 THEN 'medium'
         ELSE 'high' END AS intensity,
    duration,
    duration_inferred,
    $bucket_seconds AS bucket_seconds
FROM joined
