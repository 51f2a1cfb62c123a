"""document_searchability on real PDFs and hand-made text/Office files; the placeholder-title rule."""

from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from pypdf import PdfReader

from assets.delivery.assets import daily_media_delivery, raw_access_log
from assets.documents.assets import daily_document_access, document_searchability
from assets.files.assets import media_file_facts
from assets.ingest.assets import media_inventory, raw_usage_events
from assets.documents.report import load_document_report
from assets.shared.sqlfiles import load_sql
from assets.usage.assets import daily_media_usage
from conftest import Workspace, event, item
from documents_library import (
    BORN_DIGITAL, DOCX_PARAGRAPHS, ENCRYPTED, HTML_TEXT, IMAGE_ONLY, NOTE, OCR_LINES, REAL,
    UNREADABLE_METADATA, XMP, write_library,
)

DAY = "2026-11-02"
DOCUMENT_ASSETS = [media_inventory, media_file_facts, raw_usage_events, daily_media_usage, raw_access_log,
                   daily_media_delivery, document_searchability, daily_document_access]
PDF = "application/pdf"


def doc(media_id: str, name: str, mime_type: str = PDF, **fields) -> dict:
    fields = {"description": "A real description", "indexed": True, **fields}
    return item(media_id, path=f"docs/{name}", filename=name, mime_type=mime_type, **fields)


def build(workspace: Workspace, media_root: Path | None, day: str = DAY):
    result = dg.materialize(DOCUMENT_ASSETS, partition_key=day, resources=workspace.resources(media_root=media_root))
    assert result.success
    return result


def rows(workspace: Workspace, day: str = DAY) -> dict[str, dict]:
    with workspace.connect() as con:
        cursor = con.execute("SELECT * FROM document_searchability WHERE day = $day", {"day": day})
        columns = [d[0] for d in cursor.description]
        return {row[1]: dict(zip(columns, row)) for row in cursor.fetchall()}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    base = tmp_path_factory.mktemp("documents")
    write_library(base / "media")
    inventory = [doc(f"real{i}", name, title=f"Real document {i}")
                 for i, name in enumerate([*IMAGE_ONLY, *BORN_DIGITAL, ENCRYPTED, UNREADABLE_METADATA])]
    inventory += [
        doc("xmp", XMP, title="  ", description=None),
        doc("ocr", "scan-with-ocr.pdf", title="Board minutes", indexed=False),
        doc("docx", "annual-report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            title="Untitled", description=""),
        doc("docx-junk", "untitled-report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            title="untitled-report.docx", description="asdf"),
        doc("html", "hours.html", "text/html", title=None),
        doc("txt", "walks.txt", "text/plain", title="Guided walks"),
        doc("md", "handbook.md", "text/markdown", title="handbook"),
        doc("csv", "figures.csv", "text/csv", title="Visitor figures"),
        doc("legacy", "old-minutes.doc", "application/msword", title="Old minutes"),
        doc("gone", "missing.pdf", title="Missing report"),
        doc("deleted", "walks.txt", "text/plain", deleted_at="2026-10-20T00:00:00Z"),
        item("photo", path="docs/photo.jpg"),
    ]
    workspace = Workspace(base / "state")
    workspace.land("inventory", "export.ndjson", inventory)
    workspace.land("usage_events", "events.ndjson", [
        *(event(f"o{i}", "ocr", "download", "2026-11-02T09:00:00Z") for i in range(3)),
        *(event(f"s{i}", "real2", "preview", "2026-11-02T09:00:00Z") for i in range(5)),
        event("t1", "txt", "view", "2026-11-02T10:00:00Z"),
    ])
    build(workspace, base / "media")
    return workspace, rows(workspace)


@pytest.mark.parametrize("name", IMAGE_ONLY)
def test_image_only_pdfs_are_not_searchable_and_need_ocr(library, name):
    row = next(r for r in library[1].values() if r["path"] == f"docs/{name}")
    assert (row["searchable"], row["reason"].startswith("image-only PDF"), row["recommendations"][0]) == (
        False, True, "OCR this scanned PDF")


@pytest.mark.parametrize("name", BORN_DIGITAL)
def test_born_digital_pdfs_are_searchable(library, name):
    row = next(r for r in library[1].values() if r["path"] == f"docs/{name}")
    reader = PdfReader(REAL / name)
    assert (row["searchable"], row["reason"], row["pages"], row["recommendations"]) == (
        True, "text layer", len(reader.pages), [])
    assert row["text_chars_sampled"] > 0


def test_a_scan_with_an_ocr_text_layer_is_searchable(library):
    row = library[1]["ocr"]
    assert (row["searchable"], row["reason"], row["language"]) == (True, "text layer", "en")
    assert row["text_chars_sampled"] == len("\n".join(OCR_LINES))


def test_the_encrypted_pdf_gets_its_reason_and_its_fix(library):
    row = next(r for r in library[1].values() if r["path"] == f"docs/{ENCRYPTED}")
    assert (row["searchable"], row["reason"], row["recommendations"]) == (
        False, "encrypted PDF (needs a password)", ["Publish it without a password"])


def test_a_pdf_with_unreadable_metadata_gets_a_row_and_the_run_goes_on(library):
    row = next(r for r in library[1].values() if r["path"] == f"docs/{UNREADABLE_METADATA}")
    assert (row["searchable"], row["reason"].startswith("cannot read PDF"),
            row["recommendations"]) == (False, True, ["Replace the damaged file"])


def test_the_files_own_xmp_title_and_description_stand_in_for_blank_cms_fields(library):
    row = library[1]["xmp"]
    assert (row["has_title"], row["title_source"], row["title"]) == (True, "file", "Sample PDF with XMP Metadata")
    assert (row["has_description"], row["description_source"]) == (True, "file")


def test_text_formats_are_searchable_with_their_metadata(library):
    found = library[1]
    assert (found["txt"]["searchable"], found["txt"]["text_chars_sampled"], found["txt"]["language"]) == (
        True, len(NOTE.strip()), "en")
    html = found["html"]
    assert (html["searchable"], html["text_chars_sampled"], html["title"], html["description_source"]) == (
        True, len(HTML_TEXT), "Opening hours", "cms")
    # the CMS title "handbook" is the file name without its extension: the first heading stands in
    assert (found["md"]["searchable"], found["md"]["title_source"], found["md"]["title"]) == (
        True, "file", "Volunteer handbook")
    assert (found["csv"]["searchable"], found["csv"]["reason"], found["csv"]["language"]) == (
        True, "text format (csv)", None)


def test_office_files_are_read_with_their_core_properties(library):
    row = library[1]["docx"]
    assert (row["doc_format"], row["searchable"], row["reason"]) == ("docx", True, "Office document text")
    assert row["text_chars_sampled"] == len(" ".join(DOCX_PARAGRAPHS))
    # "Untitled" in the CMS, a real title in the file; the file's subject stands in for the description
    assert (row["title_source"], row["title"], row["description_source"]) == ("file", "Annual report 2025", "file")
    junk = library[1]["docx-junk"]
    assert (junk["has_title"], junk["has_description"], junk["missing_metadata"]) == (False, True, True)
    assert junk["recommendations"] == ["Add a title"]


def test_legacy_missing_and_unsupported_files_say_why(library):
    found = library[1]
    assert (found["legacy"]["searchable"], found["legacy"]["reason"]) == (
        False, "legacy or password-protected Office file (OLE2): text not read")
    assert (found["gone"]["searchable"], found["gone"]["reason"], found["gone"]["recommendations"]) == (
        False, "missing", ["Restore the missing file"])


def test_only_live_documents_have_rows(library):
    assert {"deleted", "photo"} & set(library[1]) == set()
    assert len(library[1]) == len(IMAGE_ONLY) + len(BORN_DIGITAL) + 12


def test_a_searchable_document_missing_from_site_search_is_to_be_indexed(library):
    assert library[1]["ocr"]["recommendations"] == ["Add it to the site search"]
    # a scan that is not indexed gets OCR first, not indexing: search cannot read it yet
    assert "Add it to the site search" not in library[1]["real0"]["recommendations"]


def test_fixes_are_ranked_by_the_days_traffic(library):
    ranked = sorted((r for r in library[1].values() if r["fix_rank"]), key=lambda r: r["fix_rank"])
    # the scan previewed 5 times, then the OCR'd PDF downloaded 3 times, then the rest (no traffic) by id
    assert [r["media_id"] for r in ranked[:2]] == ["real2", "ocr"]
    assert (ranked[0]["traffic"], ranked[1]["traffic"]) == (5, 3)
    assert [r["media_id"] for r in ranked[2:]] == sorted(r["media_id"] for r in ranked[2:])
    assert all(r["fix_rank"] is None for r in library[1].values() if not r["recommendations"])


def test_without_media_root_searchability_is_unknown(workspace):
    workspace.land("inventory", "export.ndjson", [doc("d1", "report.pdf", title="Annual report")])
    build(workspace, None)
    row = rows(workspace)["d1"]
    assert (row["searchable"], row["reason"], row["recommendations"]) == (
        None, "file not read (MEDIA_ROOT not set)", [])


def test_every_document_column_is_documented(library):
    assert library[0].query(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database() AND comment IS NULL "
        "AND table_name IN ('document_searchability', 'daily_document_access')") == []


@pytest.fixture(scope="module")
def placeholder():
    con = duckdb.connect()
    con.execute(load_sql("macros"))
    yield lambda value, filename="annual-report.pdf": con.execute(
        "SELECT is_placeholder_text($v, $f)", {"v": value, "f": filename}).fetchone()[0]
    con.close()


@pytest.mark.parametrize("value", [None, "", "   ", "\t\n", "...", " - "])
def test_a_missing_empty_or_blank_title_is_missing(placeholder, value):
    assert placeholder(value) is True


@pytest.mark.parametrize("value", ["Untitled", "untitled", "UNTITLED 2", "Untitled document", "No title",
                                   "New document", "test", "Document", "asdf", "TBC", "n/a", "description"])
def test_a_placeholder_word_is_missing(placeholder, value):
    assert placeholder(value) is True


@pytest.mark.parametrize("value", ["Document1", "Book1", "Presentation12"])
def test_an_office_default_name_is_missing(placeholder, value):
    assert placeholder(value) is True


@pytest.mark.parametrize("value", ["Microsoft Word - Document1", "Microsoft Word - annual-report.docx",
                                   "Microsoft PowerPoint - slides.pptx", "microsoft excel - Book1"])
def test_the_title_office_prints_to_pdf_is_missing(placeholder, value):
    assert placeholder(value) is True


@pytest.mark.parametrize("value", ["annual-report.pdf", "Annual-Report.PDF", " annual-report ", "annual-report"])
def test_the_file_name_itself_is_missing(placeholder, value):
    assert placeholder(value) is True


@pytest.mark.parametrize("value", ["Annual report 2025", "Annual report", "Test results of the survey",
                                   "Untitled (a poem)", "Document management policy", "Word count guide"])
def test_a_real_title_counts(placeholder, value):
    assert placeholder(value) is False


def test_facts_read_by_an_older_scan_are_read_again_once(tmp_path):
    root = tmp_path / "media"
    write_library(root)
    workspace = Workspace(tmp_path / "state")
    workspace.land("inventory", "export.ndjson", [doc("txt", "walks.txt", "text/plain"), doc("csv", "figures.csv", "text/csv")])
    build(workspace, root)
    with workspace.connect(read_only=False) as con:  # as a scan before document facts left them
        con.execute("UPDATE media_file_facts SET facts_version = NULL, doc_text_chars = NULL WHERE path = 'docs/walks.txt'")
    opened = build(workspace, root).asset_materializations_for_node("media_file_facts")[0].metadata["files_opened"]
    assert (opened.value, rows(workspace)["txt"]["text_chars_sampled"]) == (1, len(NOTE.strip()))
    again = build(workspace, root).asset_materializations_for_node("media_file_facts")[0].metadata["files_opened"]
    assert again.value == 0


def test_the_reports_aggregate_is_worked_out_over_live_documents(library):
    with library[0].connect() as con:
        con.execute(load_sql("macros"))
        report = load_document_report(con, date.fromisoformat(DAY))
    # 21 live documents, all read; not searchable: 5 image-only, encrypted, damaged, legacy .doc, missing
    assert (report.documents, report.searchable, report.searchability_known) == (21, 12, 21)
    assert report.searchability_rate == pytest.approx(12 / 21)
    assert (report.indexed, report.indexing_rate) == (20, pytest.approx(20 / 21))  # the OCR'd scan is not
    # only untitled-report.docx lacks a title (CMS: its file name; file: "Microsoft Word - Document1")
    assert (report.missing_title, report.missing_description, report.missing_metadata) == (1, 0, 1)
    assert report.to_fix == 5 + 4 + 1 + 1  # OCR; password/damaged/legacy/missing; a title; indexing
    assert (report.views, report.previews, report.downloads, report.preview_to_download_rate) == (1, 5, 3, 0.6)
    assert report.download_success_rate is None  # no access logs
    assert {f.doc_format: f.documents for f in report.formats} == {
        "pdf": 14, "docx": 2, "html": 1, "text": 1, "markdown": 1, "csv": 1, "doc": 1}
    assert [(r.reason, r.documents) for r in report.reasons][0] == ("image-only PDF", 5)
    assert {r.reason for r in report.reasons[1:]} == {
        "cannot read PDF", "encrypted PDF (needs a password)", "legacy or password-protected Office file (OLE2)",
        "missing"}
    assert [(f.media_id, f.recommendations) for f in report.fixes[:2]] == [
        ("real2", ["OCR this scanned PDF"]), ("ocr", ["Add it to the site search"])]
    assert [(a.media_id, a.downloads, a.searchable) for a in report.most_downloaded] == [("ocr", 3, True)]
