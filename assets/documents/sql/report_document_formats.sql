-- Live documents per format on $day: how many, how many searchable, and the day's downloads.
SELECT
    coalesce(s.doc_format, '(none)') AS doc_format,
    count(*) AS documents,
    count(*) FILTER (s.searchable) AS searchable,
    count(s.searchable) AS searchability_known,
    coalesce(sum(s.downloads), 0) AS downloads
FROM document_searchability AS s
WHERE s.day = $day
GROUP BY 1
ORDER BY documents DESC, doc_format
