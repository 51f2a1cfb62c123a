-- Why live documents are not searchable as of $as_of, most common first (report_document_reasons.sql).
SELECT regexp_replace(reason, ':.*$', '') AS reason, count(*) AS documents
FROM document_searchability
WHERE day = $as_of AND NOT searchable
GROUP BY 1
ORDER BY documents DESC, reason
