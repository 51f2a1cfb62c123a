"""The report's Documents panel and page, read from document_searchability and
daily_document_access of one day."""

from __future__ import annotations

from datetime import date

import duckdb

from assets.shared.sqlfiles import fetch_dicts as _dicts
from reports.model import Footnote
from reports.sections import (
    DocumentAccess,
    DocumentFix,
    DocumentFormat,
    DocumentReason,
    DocumentReport,
)

FIXES_N = 20
MOST_DOWNLOADED_N = 10

DOCUMENT_FOOTNOTES = [
    Footnote("Documents", "Live items (not deleted by the end of the day) whose media type is "
             "document: PDF, office, text, HTML and Markdown files."),
    Footnote("Searchability rate", "Live documents whose text can be extracted / live documents whose "
             "file was read. A PDF counts when its first 3 pages give text (a born-digital or OCR text "
             "layer), not when they are page images with under 50 characters of text a page; text "
             "files (txt, md, csv, html) and DOCX/XLSX/PPTX count when they hold text. Encrypted, "
             "damaged, missing and legacy Office files do not."),
    Footnote("Indexing rate", "Live documents the site search has indexed (the CMS's indexed flag) / "
             "live documents the CMS gives the flag for."),
    Footnote("Missing metadata", "Documents without a title or without a description: the CMS's, else "
             "the file's own (PDF information/XMP, Office core properties, HTML). Empty text, "
             "placeholders (Untitled, Document1, test, TBC, ...), the title Office gives a document "
             "printed to PDF (Microsoft Word - ...) and the file's own name count as missing."),
    Footnote("Documents to fix", "Documents with at least one recommendation (OCR, a password to "
             "remove, a damaged or missing file, a title, a description, indexing), ranked by the "
             "day's views + previews + downloads."),
    Footnote("Preview → download conversion", "Of the visitors (signed-in user, else session) who "
             "previewed a document that day, the share who downloaded it after their first preview: "
             "0–100 %. Over several documents, converted previewers / previewers. The seed's download "
             "events / preview events, kept as preview_to_download_rate in daily_document_access, passes "
             "100 % when documents are downloaded without a preview (a link straight to the file)."),
    Footnote("Download success", "People (clients) who received the whole document / people who "
             "requested it, from the access logs (a 200 with the full size, or 206 ranges adding up "
             "to it)."),
    Footnote("Average download time", "Mean server time of the requests that sent a whole document "
             "(access logs)."),
    Footnote("Not searchable", "Why a live document's text cannot be extracted, the reason up to its "
             "first colon: image-only PDF (page images without a text layer), no text to extract, "
             "encrypted PDF (needs a password), cannot read PDF (damaged), missing (no file at its path), "
             "legacy or password-protected Office file, format whose text is not read.",
             aliases=("Reason",)),
    Footnote("Access sources", "Usage events by their referrer: search (a search engine), social (a "
             "social network), email (webmail, or a link tagged utm_medium=email), internal (the site's "
             "own pages), direct (no referrer) or other (any other site).", aliases=("Source",)),
    Footnote("Devices", "Requests by people (bots excluded) in the access logs, by the User-Agent's "
             "device: desktop, mobile (phones), tablet, or other (any other or unknown device).",
             aliases=("Device",)),
]


def load_document_report(con: duckdb.DuckDBPyConnection, day: date) -> DocumentReport | None:
    """The day's Documents panel; None when the day has no live document."""
    totals = _dicts(con, "report_document_totals", {"day": day})[0]
    if not totals["documents"]:
        return None
    conversion = {r["media_id"]: r for r in _dicts(con, "report_document_conversion", {"day": day})}
    previewers = sum(r["previewers"] for r in conversion.values())
    return DocumentReport(
        **totals,
        preview_conversion=sum(r["converted"] for r in conversion.values()) / previewers if previewers else None,
        formats=[DocumentFormat(**r) for r in _dicts(con, "report_document_formats", {"day": day})],
        reasons=[DocumentReason(**r) for r in _dicts(con, "report_document_reasons", {"day": day})],
        fixes=[DocumentFix(**r) for r in _dicts(con, "report_document_fixes", {"day": day, "limit": FIXES_N})],
        most_downloaded=[DocumentAccess(**r, preview_conversion=_share(conversion.get(r["media_id"])))
                         for r in _dicts(con, "report_document_downloads", {"day": day, "limit": MOST_DOWNLOADED_N})],
    )


def _share(row: dict | None) -> float | None:
    """converted / previewers of one document; None when nobody previewed it."""
    return row["converted"] / row["previewers"] if row and row["previewers"] else None
