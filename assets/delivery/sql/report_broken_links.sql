-- The report's broken media links for $day: request paths under MEDIA_URL_PREFIXES that matched no
-- media item and were answered 4xx (a missing or renamed file), with the pages that link to them —
-- a list a site operator can fix. Requests by people only (a bot's referrer is no page of the
-- site); most requests first; each path with its $referrers most frequent referrers ('' = none).
-- A path with a '.' or '..' segment (escaped or not: /media/../../etc/passwd) is someone probing
-- the server, not a link to a file: counted among the unmatched requests, not listed here.
WITH missing AS (
    SELECT path FROM unmatched_requests
    WHERE day = $day AND under_media_prefix
      AND NOT regexp_matches(lower(path), '(^|/)(\.|%2e){1,2}(/|$)')
), hits AS (
    SELECT r.path, coalesce(nullif(trim(r.referrer), '-'), '') AS referrer, count(*) AS requests
    FROM raw_access_log AS r
    JOIN missing USING (path)
    WHERE r.day = $day AND r.media_id IS NULL AND r.status BETWEEN 400 AND 499 AND NOT r.is_bot
    GROUP BY r.path, 2
)
SELECT path, sum(requests) AS requests,
       list({'referrer': referrer, 'requests': requests} ORDER BY requests DESC, referrer)[1:$referrers] AS referrers,
       -- new: no request for the path was answered 4xx in the 7 days before (What needs attention)
       NOT EXISTS (SELECT 1 FROM unmatched_requests AS u
                   WHERE u.path = hits.path AND u.day BETWEEN $day - 7 AND $day - 1 AND u.under_media_prefix)
           AS new
FROM hits
GROUP BY path
ORDER BY requests DESC, path
LIMIT $limit
