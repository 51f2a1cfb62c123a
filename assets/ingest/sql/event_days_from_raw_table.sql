-- The records of the days of {source} built before its raw table became a view (migration 6, and a
-- warehouse imported from before the lakehouse): from the rows of {raw_table}, each matched to its
-- staged row by file, line and event_id. The contents a day's rows came from, the URLs that mapped,
-- and as repeats every other valid staged row of those contents dated on the day: the view then
-- gives the day the rows the table held. A row whose content was since replaced or forgotten has no
-- staged row any more: the day shows it no more (rebuilding a day gives its files' rows as they are).
CREATE OR REPLACE TEMP TABLE built_rows AS
SELECT r.day, r.source_file AS path, r.source_line AS line, r.media_id, f.sha256 AS file_sha256,
       s.media_id IS NULL AS by_url, s.media_url
FROM {raw_table} AS r
JOIN landing_files AS f ON f.source = '{source}' AND f.path = r.source_file AND f.error IS NULL
JOIN {staged_table} AS s ON s.file_sha256 = f.sha256 AND s.line = r.source_line AND s.event_id = r.event_id;

INSERT INTO event_day_contents
SELECT DISTINCT '{source}', day, file_sha256, path FROM built_rows;

INSERT INTO event_day_media_urls
SELECT DISTINCT '{source}', day, media_url, media_id FROM built_rows WHERE by_url;

INSERT INTO event_day_repeats
SELECT '{source}', c.day, s.file_sha256, s.line
FROM {staged_table} AS s
JOIN event_day_contents AS c ON c.source = '{source}' AND c.file_sha256 = s.file_sha256 AND c.day = s.day
WHERE s.reject_reason IS NULL
  AND NOT EXISTS (SELECT 1 FROM built_rows AS b
                  WHERE b.day = c.day AND b.file_sha256 = s.file_sha256 AND b.line = s.line);

DROP TABLE built_rows;
