-- The documents to fix on $day, in fix_rank order (the day's traffic first), at most $limit.
SELECT media_id, coalesce(filename, regexp_extract(path, '[^/]*$')) AS filename, doc_format, traffic,
       searchable, reason, recommendations
FROM document_searchability
WHERE day = $day AND fix_rank IS NOT NULL
ORDER BY fix_rank
LIMIT $limit
