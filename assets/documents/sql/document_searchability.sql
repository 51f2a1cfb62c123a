-- document_searchability for $day: every live document of the day's inventory (media_type
-- document, not deleted by the end of the day) with what its file's facts say (DESIGN.md,
-- "Documents"). Rules:
--   searchable   its text can be extracted:
--                - a PDF is searchable when its first 3 pages gave text, unless every one of those
--                  pages holds an image and the text averages under 50 characters a page (a scan
--                  with a stamp or a caption; an OCR text layer gives far more, and counts as a
--                  text layer like a born-digital one's). No text and
--                  images: an image-only scan. No text and no images: nothing to extract.
--                - a text file (txt, md, csv, html) or an Office Open XML file (docx, xlsx,
--                  pptx) is searchable when it has at least one character of text.
--                - an encrypted, damaged, missing or unsupported file is not, with the reason.
--                NULL when the file was not read (MEDIA_ROOT not set).
--   has_title    the CMS title, else the file's own (doc_title), that is not a placeholder
--                (macro is_placeholder_text: empty, "Untitled", "Microsoft Word - ...", the file
--                name, ...); title_source says which: cms, file or NULL. The same for descriptions.
--   missing metadata   no title or no description.
--   indexed      the inventory's indexed flag (site search).
--   traffic      the day's views + previews + downloads (usage events, all usage kinds).
--   recommendations    the fixes, in this order: the searchability fix (OCR this scanned PDF, ...),
--                add a title, add a description, add it to the site search (searchable and not
--                indexed). fix_rank orders documents with at least one by traffic, then access-log
--                requests by people, then media id.
WITH docs AS (
    SELECT media_id, filename, path, indexed, title, description
    FROM media_inventory
    WHERE day = $day AND media_type = 'document' AND NOT is_deleted
), scanned AS (
    SELECT count(*) > 0 AS any_file_read FROM media_file_facts WHERE day = $day
), joined AS (
    SELECT
        d.*,
        f.path IS NOT NULL AS file_read,
        f.detected_format, f.doc_format, f.error, f.pdf_page_count, f.pdf_image_pages,
        f.doc_text_chars, f.doc_language, f.doc_title, f.doc_description,
        least(f.pdf_page_count, 3) AS sampled_pages,
        lower(regexp_extract(d.path, '\.([A-Za-z0-9]+)$', 1)) AS extension,
        coalesce(u.views, 0) AS views, coalesce(u.previews, 0) AS previews,
        coalesce(u.downloads, 0) AS downloads,
        coalesce(m.human_requests, 0) AS human_requests
    FROM docs AS d
    LEFT JOIN media_file_facts AS f ON f.day = $day AND f.path = d.path
    LEFT JOIN daily_media_usage AS u ON u.day = $day AND u.media_id = d.media_id AND u.usage_kind = 'all'
    LEFT JOIN daily_media_delivery AS m ON m.day = $day AND m.media_id = d.media_id
), judged AS (
    SELECT
        *,
        CASE
            WHEN NOT file_read THEN NULL
            WHEN error IS NOT NULL THEN 'unreadable'
            WHEN doc_format = 'pdf' AND doc_text_chars = 0 AND pdf_image_pages > 0 THEN 'scan'
            WHEN doc_format = 'pdf' AND pdf_image_pages = sampled_pages AND sampled_pages > 0
                 AND doc_text_chars < 50 * sampled_pages THEN 'scan'
            WHEN doc_format IS NOT NULL AND coalesce(doc_text_chars, 0) = 0 THEN 'no_text'
            WHEN doc_format IS NOT NULL THEN 'text'
            WHEN detected_format = 'OLE2' THEN 'legacy_office'
            ELSE 'unsupported'
        END AS verdict,
        CASE WHEN NOT is_placeholder_text(title, filename) THEN 'cms'
             WHEN NOT is_placeholder_text(doc_title, filename) THEN 'file' END AS title_source,
        CASE WHEN NOT is_placeholder_text(description, filename) THEN 'cms'
             WHEN NOT is_placeholder_text(doc_description, filename) THEN 'file' END AS description_source
    FROM joined
), described AS (
    SELECT
        *,
        CASE verdict
            WHEN 'text' THEN CASE WHEN doc_format = 'pdf' THEN 'text layer'
                                  WHEN doc_format IN ('docx', 'xlsx', 'pptx') THEN 'Office document text'
                                  ELSE 'text format (' || doc_format || ')' END
            WHEN 'scan' THEN CASE WHEN doc_text_chars = 0 THEN 'image-only PDF: no text layer'
                                  ELSE 'image-only PDF: ' || doc_text_chars || ' characters of text on '
                                       || sampled_pages || ' image page(s)' END
            WHEN 'no_text' THEN 'no text to extract'
            WHEN 'unreadable' THEN error
            WHEN 'legacy_office' THEN 'legacy or password-protected Office file (OLE2): text not read'
            WHEN 'unsupported' THEN 'format whose text is not read (' || coalesce(nullif(extension, ''), 'no extension') || ')'
            ELSE CASE WHEN (SELECT any_file_read FROM scanned) THEN 'file not scanned'
                      ELSE 'file not read (MEDIA_ROOT not set)' END
        END AS reason,
        CASE verdict
            WHEN 'scan' THEN 'OCR this scanned PDF'
            WHEN 'no_text' THEN 'Publish a version with real text (the file has none to extract)'
            WHEN 'legacy_office' THEN 'Save it as PDF or DOCX/XLSX/PPTX without a password'
            WHEN 'unsupported' THEN 'Publish it as PDF or a text format'
            WHEN 'unreadable' THEN CASE
                WHEN error LIKE 'encrypted PDF%' THEN 'Publish it without a password'
                WHEN error = 'missing' THEN 'Restore the missing file'
                ELSE 'Replace the damaged file' END
        END AS searchability_fix
    FROM judged
), recommended AS (
    SELECT
        *,
        list_filter([
            searchability_fix,
            CASE WHEN title_source IS NULL THEN 'Add a title' END,
            CASE WHEN description_source IS NULL THEN 'Add a description' END,
            CASE WHEN verdict = 'text' AND indexed = false THEN 'Add it to the site search' END
        ], r -> r IS NOT NULL) AS recommendations
    FROM described
)
SELECT
    $day AS day,
    media_id,
    filename,
    path,
    coalesce(doc_format, nullif(extension, '')) AS doc_format,
    verdict = 'text' AS searchable,
    reason,
    doc_text_chars AS text_chars_sampled,
    pdf_page_count AS pages,
    doc_language AS language,
    title_source IS NOT NULL AS has_title,
    title_source,
    CASE title_source WHEN 'cms' THEN title WHEN 'file' THEN doc_title END AS title,
    description_source IS NOT NULL AS has_description,
    description_source,
    title_source IS NULL OR description_source IS NULL AS missing_metadata,
    indexed,
    views, previews, downloads,
    views + previews + downloads AS traffic,
    human_requests,
    recommendations,
    CASE WHEN len(recommendations) > 0 THEN
        row_number() OVER (PARTITION BY len(recommendations) > 0
                           ORDER BY views + previews + downloads DESC, human_requests DESC, media_id)
    END AS fix_rank
FROM recommended
