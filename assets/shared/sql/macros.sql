-- Functions every connection gets (temporary: they live in the connection, not in the file).
-- URLs as the media mapping reads them (assets/shared/sql/media_of_paths.sql), one definition for the
-- access logs' request targets and the media_url of usage and player events. An absolute URL (a proxy
-- or CDN request line, a full URL a CMS sends) loses its scheme and host; url_path also drops the
-- fragment and the query and decodes %-escapes (a path whose escapes are not UTF-8, a Latin-1 URL,
-- is kept as it came).
CREATE OR REPLACE TEMP MACRO relative_target(target) AS
    CASE WHEN starts_with(target, '/') THEN target
         ELSE regexp_replace(target, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*', '') END;
CREATE OR REPLACE TEMP MACRO url_path(target) AS
    CASE WHEN target IS NULL THEN NULL  -- first: a NULL (no media_url, the usual case) skips the rest
         WHEN contains(split_part(split_part(relative_target(target), '#', 1), '?', 1), '%')
         THEN coalesce(try(url_decode(split_part(split_part(relative_target(target), '#', 1), '?', 1))),
                       split_part(split_part(relative_target(target), '#', 1), '?', 1))
         ELSE split_part(split_part(relative_target(target), '#', 1), '?', 1) END;
-- The inventory key a URL path names: the path without the first of `prefixes` (MEDIA_URL_PREFIXES)
-- it starts with, else without its leading '/' only.
CREATE OR REPLACE TEMP MACRO media_path_key(path, prefixes) AS
    ltrim(CASE WHEN len(list_filter(prefixes, p -> starts_with(path, p))) > 0
               THEN substr(path, len(list_filter(prefixes, p -> starts_with(path, p))[1]) + 1)
               ELSE path END, '/');
-- A client IP's salted hash; NULL for none, '' or '-' (spaces around ignored). trim() walks the text
-- as Unicode, a fifth of the hash's cost; in ASCII it removes only ' ', so an ASCII text with no space
-- at either end (strlen, bytes, equals length, characters) is hashed as it is.
CREATE OR REPLACE TEMP MACRO hash_ip(ip, salt) AS
    CASE WHEN NOT starts_with(ip, ' ') AND NOT ends_with(ip, ' ') AND strlen(ip) = length(ip)
         THEN CASE WHEN ip NOT IN ('', '-') THEN left(sha256(salt || ip), 16) END
         ELSE CASE WHEN nullif(trim(ip), '') IS NOT NULL AND trim(ip) <> '-' THEN left(sha256(salt || trim(ip)), 16) END
    END;
-- The fields of a line that is a JSON object, as named in `structure` (a constant JSON of field names and
-- types): one parse of the line; NULL when the line is not valid JSON or not an object. With VARCHAR
-- fields a number or a nested value comes as its JSON text, as json_extract_string gives it.
CREATE OR REPLACE TEMP MACRO object_fields(raw, structure) AS
    CASE WHEN regexp_matches(raw, '^[ \t\r\n]*\{') AND json_valid(raw) THEN json_transform(raw, structure) END;
-- Why an event's parsed timestamp falls on no day a build reads, or NULL: before the first day that
-- can be built (`first_instant`, from PARTITIONS_START) or more than a day ahead of `now`, the time the
-- file is read (clocks drift; a year 9999 is a typo, not an event). `now` is an argument, not now():
-- DuckDB plans a query that calls now() afresh at every execution, which the tracking service's
-- prepared validation cannot afford (api/validation.py).
CREATE OR REPLACE TEMP MACRO timestamp_out_of_range(ts, first_instant, now) AS
    CASE
        WHEN ts < first_instant THEN 'timestamp before PARTITIONS_START ''' || CAST(ts AS VARCHAR) || ''''
        WHEN ts > now + INTERVAL 1 DAY THEN 'timestamp in the future ''' || CAST(ts AS VARCHAR) || ''''
    END;
-- Upper bounds of plausible values; larger ones are rejected at validation, which also keeps every
-- sum of them far from BIGINT's limit (2^63 bytes is 8 M files of 1 TiB).
CREATE OR REPLACE TEMP MACRO max_plausible_bytes() AS 1099511627776;  -- 1 TiB: a file, a response
CREATE OR REPLACE TEMP MACRO max_plausible_ms() AS 3600000;  -- an hour: a load or request time
-- A measured DOUBLE (seconds, milliseconds) as an exact decimal to the nanosecond, for sums and means:
-- DuckDB adds doubles in whatever order its threads deliver them, so a double sum differs in the
-- last bits from one build to the next; a DECIMAL sum is exact, the same in any order. Stored figures
-- are sum(exact(x))::DOUBLE and avg(exact(x)): a re-run writes the same bytes (issue 15 item 14).
CREATE OR REPLACE TEMP MACRO exact(x) AS CAST(x AS DECIMAL(38, 9));
-- A line that holds nothing but spaces (what trim() removes: the Unicode space separators), without
-- copying it as trim(t) = '' would: that costs more than parsing the line's JSON.
CREATE OR REPLACE TEMP MACRO is_blank(t) AS regexp_full_match(t, '\p{Zs}*');
CREATE OR REPLACE TEMP MACRO mask_ips(t) AS regexp_replace(regexp_replace(t,
    '\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}', '[ip]', 'g'),
    '[0-9A-Fa-f:]*::[0-9A-Fa-f:.]*|([0-9A-Fa-f]{1,4}:){5,7}[0-9A-Fa-f]{1,4}', '[ip]', 'g');
-- A title or description that counts as missing (DESIGN.md "Documents"): NULL; empty or only
-- whitespace and punctuation; a placeholder ("Untitled", "No title", "Document", "New document",
-- "test", "asdf", "TBC", "n/a", "description", ... optionally numbered: "Untitled 2");
-- an Office default name ("Document1", "Book1", "Presentation3"); the title Office gives a
-- document printed to PDF ("Microsoft Word - Document1", "Microsoft PowerPoint - slides.pptx");
-- or the file's own name, with or without its extension (case and outer whitespace ignored).
CREATE OR REPLACE TEMP MACRO is_placeholder_text(value, filename) AS
    CASE
        WHEN value IS NULL THEN true
        WHEN regexp_replace(value, '[\s[:punct:]]', '', 'g') = '' THEN true
        WHEN regexp_matches(lower(trim(value)),
            '^(untitled( document)?|no title|title|document|new document|test|testing|asdf|image|photo|picture|file|draft|placeholder|description|no description|tbc|tbd|todo|n/?a|none|null|-+)( ?\d+)?[.!]?$')
            THEN true
        WHEN regexp_matches(lower(trim(value)), '^(document|book|presentation|sheet|doc)\d+$') THEN true
        WHEN regexp_matches(lower(trim(value)), '^microsoft (office )?(word|excel|powerpoint) - ') THEN true
        WHEN filename IS NOT NULL AND lower(trim(value)) IN (
            lower(trim(filename)), lower(trim(regexp_replace(filename, '\.[^./]*$', '')))) THEN true
        ELSE false
    END;
