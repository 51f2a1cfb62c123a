-- The live documents as of $as_of in one row (report_document_totals.sql's searchability on the
-- range's last built day): searchable over documents whose file was read, indexed over documents
-- the CMS gives the flag for, missing metadata, documents to fix.
SELECT
    count(*) AS documents,
    count(*) FILTER (searchable) AS searchable,
    count(searchable) AS searchability_known,
    count(*) FILTER (searchable) / nullif(count(searchable), 0) AS searchability_rate,
    count(*) FILTER (indexed) AS indexed,
    count(*) FILTER (indexed) / nullif(count(indexed), 0) AS indexing_rate,
    count(*) FILTER (NOT has_title) AS missing_title,
    count(*) FILTER (NOT has_description) AS missing_description,
    count(*) FILTER (missing_metadata) AS missing_metadata,
    count(fix_rank) AS to_fix
FROM document_searchability
WHERE day = $as_of
