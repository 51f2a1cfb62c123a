-- Why live documents are not searchable on $day, most common first: the reason up to its first
-- colon ("image-only PDF: no text layer" and "image-only PDF: 30 characters ..." count together).
SELECT regexp_replace(reason, ':.*$', '') AS reason, count(*) AS documents
FROM document_searchability
WHERE day = $day AND NOT searchable
GROUP BY 1
ORDER BY documents DESC, reason
