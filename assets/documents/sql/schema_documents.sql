-- Documents: searchability (from the files' facts and the CMS metadata) and access (usage events,
-- access logs). The seed's aggregate (searchability rate, indexing rate, missing metadata,
-- recommendations ranked by traffic) is not a table: it is one GROUP BY over
-- document_searchability, in sql/report_document_totals.sql, shown in the report.

CREATE TABLE IF NOT EXISTS document_searchability (
    day                 DATE NOT NULL,
    media_id            VARCHAR NOT NULL,
    filename            VARCHAR,
    path                VARCHAR NOT NULL,
    doc_format          VARCHAR,
    searchable          BOOLEAN,
    reason              VARCHAR NOT NULL,
    text_chars_sampled  INTEGER,
    pages               INTEGER,
    language            VARCHAR,
    has_title           BOOLEAN NOT NULL,
    title_source        VARCHAR,
    title               VARCHAR,
    has_description     BOOLEAN NOT NULL,
    description_source  VARCHAR,
    missing_metadata    BOOLEAN NOT NULL,
    indexed             BOOLEAN,
    views               BIGINT NOT NULL,
    previews            BIGINT NOT NULL,
    downloads           BIGINT NOT NULL,
    traffic             BIGINT NOT NULL,
    human_requests      BIGINT NOT NULL,
    recommendations     VARCHAR[] NOT NULL,
    fix_rank            INTEGER
);
COMMENT ON TABLE document_searchability IS 'One row per day and live document (inventory media_type document, not deleted by the end of the day): whether its text can be extracted and why, its metadata and where it comes from, whether site search indexed it, and what to fix, ranked by traffic.';
COMMENT ON COLUMN document_searchability.day IS 'The inventory day.';
COMMENT ON COLUMN document_searchability.media_id IS 'The document''s media id.';
COMMENT ON COLUMN document_searchability.filename IS 'The inventory''s file name.';
COMMENT ON COLUMN document_searchability.path IS 'The file''s path under MEDIA_ROOT, as the inventory names it.';
COMMENT ON COLUMN document_searchability.doc_format IS 'pdf, text, markdown, csv, html, docx, xlsx, pptx (what the file holds), else the path''s extension.';
COMMENT ON COLUMN document_searchability.searchable IS 'Its text can be extracted: a PDF whose first 3 pages give text (not only a few characters on page images), a text or Office file with text. NULL when the file was not read (MEDIA_ROOT not set).';
COMMENT ON COLUMN document_searchability.reason IS 'Why it is or is not searchable: text layer (born digital or OCR), Office document text, text format (text|markdown|csv|html); image-only PDF, no text to extract, encrypted PDF (needs a password), cannot read PDF: ..., missing, legacy or password-protected Office file, format whose text is not read, file not read.';
COMMENT ON COLUMN document_searchability.text_chars_sampled IS 'Characters of text extracted from the sample (first 3 PDF pages; first MiB of a text file; an Office file''s text, at most 100,000).';
COMMENT ON COLUMN document_searchability.pages IS 'Pages of a PDF; NULL for other formats.';
COMMENT ON COLUMN document_searchability.language IS 'ISO 639-1 language of the sampled text when it is detectable (at least 40 letters, probability >= 0.9); else NULL.';
COMMENT ON COLUMN document_searchability.has_title IS 'The CMS title, else the file''s own title, is a real title: not empty, not a placeholder (Untitled, Document1, Microsoft Word - ..., test, ...) and not the file name (macro is_placeholder_text in macros.sql).';
COMMENT ON COLUMN document_searchability.title_source IS 'cms when the CMS title counts, file when only the file''s own title (PDF info/XMP, Office core properties, HTML <title>) does, NULL when neither.';
COMMENT ON COLUMN document_searchability.title IS 'The title that counts (from title_source).';
COMMENT ON COLUMN document_searchability.has_description IS 'The CMS description, else the file''s own (PDF subject/XMP description, Office description or subject, HTML meta description), is not a placeholder.';
COMMENT ON COLUMN document_searchability.description_source IS 'cms, file or NULL, as for the title.';
COMMENT ON COLUMN document_searchability.missing_metadata IS 'No title or no description (DESIGN.md "Documents").';
COMMENT ON COLUMN document_searchability.indexed IS 'The inventory''s indexed flag: site search has the document (NULL when the CMS does not say).';
COMMENT ON COLUMN document_searchability.views IS 'The day''s view events (usage events, all usage kinds).';
COMMENT ON COLUMN document_searchability.previews IS 'The day''s preview events.';
COMMENT ON COLUMN document_searchability.downloads IS 'The day''s download events.';
COMMENT ON COLUMN document_searchability.traffic IS 'views + previews + downloads: what the fixes are ranked by.';
COMMENT ON COLUMN document_searchability.human_requests IS 'The day''s access-log requests for the document by people (bots excluded); breaks ties in the ranking.';
COMMENT ON COLUMN document_searchability.recommendations IS 'The fixes, most important first: the searchability fix (OCR this scanned PDF, Publish it without a password, Restore the missing file, Replace the damaged file, ...), Add a title, Add a description, Add it to the site search (searchable but not indexed). Empty when nothing needs doing.';
COMMENT ON COLUMN document_searchability.fix_rank IS '1 = the document with recommendations and the most traffic (then requests, then media id); NULL without recommendations.';

CREATE TABLE IF NOT EXISTS daily_document_access (
    day                       DATE NOT NULL,
    media_id                  VARCHAR NOT NULL,
    filename                  VARCHAR,
    doc_format                VARCHAR,
    views                     BIGINT NOT NULL,
    previews                  BIGINT NOT NULL,
    downloads                 BIGINT NOT NULL,
    preview_to_download_rate  DOUBLE,
    unique_users              BIGINT NOT NULL,
    signed_in_users           BIGINT NOT NULL,
    anonymous_sessions        BIGINT NOT NULL,
    from_search               BIGINT NOT NULL,
    from_social               BIGINT NOT NULL,
    from_email                BIGINT NOT NULL,
    from_internal             BIGINT NOT NULL,
    from_direct               BIGINT NOT NULL,
    from_other                BIGINT NOT NULL,
    requests                  BIGINT NOT NULL,
    bot_requests              BIGINT NOT NULL,
    downloads_attempted       BIGINT NOT NULL,
    downloads_completed       BIGINT NOT NULL,
    download_success_rate     DOUBLE,
    avg_download_time_ms      DOUBLE,
    download_time_samples     BIGINT NOT NULL,
    desktop_requests          BIGINT NOT NULL,
    mobile_requests           BIGINT NOT NULL,
    tablet_requests           BIGINT NOT NULL,
    other_device_requests     BIGINT NOT NULL,
    top_referrers             STRUCT(referrer VARCHAR, requests BIGINT)[] NOT NULL,
    downloads_prev_7d_avg     DOUBLE NOT NULL,
    downloads_change          DOUBLE
);
COMMENT ON TABLE daily_document_access IS 'One row per day and document with usage events or access-log requests on the day: views, previews, downloads and their sources from usage events; download success, download time, devices and referrers from the access logs.';
COMMENT ON COLUMN daily_document_access.day IS 'The day of the events and requests (REPORT_TIMEZONE).';
COMMENT ON COLUMN daily_document_access.media_id IS 'The document''s media id.';
COMMENT ON COLUMN daily_document_access.filename IS 'The inventory''s file name.';
COMMENT ON COLUMN daily_document_access.doc_format IS 'pdf, text, markdown, csv, html, docx, xlsx, pptx (from the file), else the path''s extension: the format distribution is a GROUP BY on it.';
COMMENT ON COLUMN daily_document_access.views IS 'View events (usage events, all usage kinds).';
COMMENT ON COLUMN daily_document_access.previews IS 'Preview events (the viewer showed the first pages).';
COMMENT ON COLUMN daily_document_access.downloads IS 'Download events.';
COMMENT ON COLUMN daily_document_access.preview_to_download_rate IS 'downloads / previews; NULL without previews.';
COMMENT ON COLUMN daily_document_access.unique_users IS 'Distinct user_id, else session_id, among the events.';
COMMENT ON COLUMN daily_document_access.signed_in_users IS 'Distinct user_id (user type: signed in).';
COMMENT ON COLUMN daily_document_access.anonymous_sessions IS 'Distinct session_id of events without a user_id (user type: anonymous).';
COMMENT ON COLUMN daily_document_access.from_search IS 'Events whose referrer is a search engine (access sources as in daily_media_usage).';
COMMENT ON COLUMN daily_document_access.from_social IS 'Events referred by a social network.';
COMMENT ON COLUMN daily_document_access.from_email IS 'Events referred by webmail or an e-mail campaign link.';
COMMENT ON COLUMN daily_document_access.from_internal IS 'Events referred by the site itself.';
COMMENT ON COLUMN daily_document_access.from_direct IS 'Events without a referrer.';
COMMENT ON COLUMN daily_document_access.from_other IS 'Events referred by any other site.';
COMMENT ON COLUMN daily_document_access.requests IS 'Access-log requests by people (bots excluded).';
COMMENT ON COLUMN daily_document_access.bot_requests IS 'Access-log requests by bots (crawlers).';
COMMENT ON COLUMN daily_document_access.downloads_attempted IS 'Clients that requested the file with status 200 or 206, bots excluded (as daily_media_delivery).';
COMMENT ON COLUMN daily_document_access.downloads_completed IS 'Of those, clients that received the whole file (a 200 with the full size, or 206 ranges adding up to it).';
COMMENT ON COLUMN daily_document_access.download_success_rate IS 'downloads_completed / downloads_attempted; NULL without access logs for the document.';
COMMENT ON COLUMN daily_document_access.avg_download_time_ms IS 'Mean server request time (ms) of people''s requests that sent the whole original file (status 200, bytes sent >= its size); NULL when none was timed.';
COMMENT ON COLUMN daily_document_access.download_time_samples IS 'Requests averaged in avg_download_time_ms.';
COMMENT ON COLUMN daily_document_access.desktop_requests IS 'People''s requests from desktop browsers (User-Agent).';
COMMENT ON COLUMN daily_document_access.mobile_requests IS 'People''s requests from phones.';
COMMENT ON COLUMN daily_document_access.tablet_requests IS 'People''s requests from tablets.';
COMMENT ON COLUMN daily_document_access.other_device_requests IS 'People''s requests from any other or unknown device.';
COMMENT ON COLUMN daily_document_access.top_referrers IS 'The 5 referring hosts of people''s requests with the most requests, most first; (direct) for requests without a referrer.';
COMMENT ON COLUMN daily_document_access.downloads_prev_7d_avg IS 'Mean daily download events over those of the 7 days before the day that have usage events in the warehouse (a day without events for this document counts as 0; 0 when there is no earlier day).';
COMMENT ON COLUMN daily_document_access.downloads_change IS 'downloads / downloads_prev_7d_avg - 1 (the popularity trend); NULL when that mean is 0.';
