-- Live documents per format as of $as_of (how many, how many searchable), with the download events
-- of the live documents summed over the built days of the range (report_document_formats.sql over a
-- range; a format with downloads in the range and no document left as of $as_of has 0 documents).
WITH live AS (
    SELECT coalesce(doc_format, '(none)') AS doc_format, count(*) AS documents,
           count(*) FILTER (searchable) AS searchable, count(searchable) AS searchability_known
    FROM document_searchability
    WHERE day = $as_of
    GROUP BY 1
), downloaded AS (
    SELECT coalesce(doc_format, '(none)') AS doc_format, sum(downloads) AS downloads
    FROM document_searchability
    WHERE day BETWEEN $first AND $last AND list_contains($days, day)
    GROUP BY 1
)
SELECT doc_format, coalesce(l.documents, 0) AS documents, coalesce(l.searchable, 0) AS searchable,
       coalesce(l.searchability_known, 0) AS searchability_known, coalesce(d.downloads, 0) AS downloads
FROM live AS l
FULL JOIN downloaded AS d USING (doc_format)
ORDER BY documents DESC, doc_format
