-- The documents to fix as of $as_of (at least one recommendation), ranked as fix_rank ranks a day
-- but by the range: views + previews + downloads summed over its built days, then people's
-- requests, then media id (for one day, fix_rank's order). A page at a time.
WITH traffic AS (
    SELECT media_id, sum(traffic) AS traffic, sum(human_requests) AS human_requests
    FROM document_searchability
    WHERE day BETWEEN $first AND $last AND list_contains($days, day)
    GROUP BY media_id
)
SELECT s.media_id, coalesce(s.filename, regexp_extract(s.path, '[^/]*$')) AS filename, s.doc_format,
       t.traffic, s.searchable, s.reason, s.recommendations
FROM document_searchability AS s
JOIN traffic AS t USING (media_id)
WHERE s.day = $as_of AND s.fix_rank IS NOT NULL
ORDER BY t.traffic DESC, t.human_requests DESC, s.media_id
LIMIT $limit OFFSET $offset
