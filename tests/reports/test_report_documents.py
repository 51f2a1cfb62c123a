"""The report's Documents panel: shown when the day has live documents, with the same figures in
the page, the email and the text, the fixes spelled out and hostile file names escaped."""

import dataclasses

import pytest
from sample_report import HOSTILE, sample_report

from assets.documents.report import DOCUMENT_FOOTNOTES
from reports.charts import render_charts
from reports.model import FormatShare, TypePage, TypeStorage
from reports.sections import (
    DocumentAccess,
    DocumentFix,
    DocumentFormat,
    DocumentReason,
    DocumentReport,
)
from reports.render import render_email_html, render_email_text, render_report_html, render_type_page_html

DOCUMENTS = DocumentReport(
    documents=40, searchable=30, searchability_known=36, searchability_rate=30 / 36, indexed=28,
    indexing_rate=0.7, missing_title=4, missing_description=9, missing_metadata=11, to_fix=17,
    views=12, previews=50, downloads=20, preview_to_download_rate=0.4, download_success_rate=0.95,
    avg_download_time_ms=420.0, from_search=30, from_social=2, from_email=1, from_internal=20,
    from_direct=7, from_other=2, desktop_requests=60, mobile_requests=25, tablet_requests=3,
    other_device_requests=1,
    formats=[DocumentFormat("pdf", 35, 25, 31, 19), DocumentFormat("docx", 5, 5, 5, 1)],
    reasons=[DocumentReason("image-only PDF", 5), DocumentReason("encrypted PDF (needs a password)", 1)],
    fixes=[DocumentFix("m1", "board-minutes.pdf", "pdf", 14, False, "image-only PDF: no text layer",
                       ["OCR this scanned PDF", "Add a title"]),
           DocumentFix("m2", HOSTILE, "docx", 3, True, "Office document text", ["Add a description"])],
    most_downloaded=[DocumentAccess("m3", "price-list.pdf", "pdf", 9, 12, 0, 0.75, 1.0, 380.0, 0.5, True)],
)


@pytest.fixture(scope="module")
def report():
    return dataclasses.replace(sample_report(), documents=DOCUMENTS)


def test_the_page_has_the_documents_panel(report):
    page = render_report_html(report, render_charts(report))
    assert '<section id="documents">' in page
    assert "Documents on 2026-11-23" in page
    assert "83 %" in page  # 30 searchable of the 36 read
    assert "board-minutes.pdf" in page and "OCR this scanned PDF; Add a title" in page
    assert "price-list.pdf" in page
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_the_email_and_text_carry_the_same_figures(report):
    assert "Documents on 2026-11-23" in render_email_html(report, render_charts(report))
    text = render_email_text(report)
    assert "DOCUMENTS ON 2026-11-23" in text
    assert "Searchability rate        83 % (30 of 36 read)" in text
    assert "Documents to fix          17 of 40" in text
    block = text.split("  Top documents to fix:\n", 1)[1].split("\n\n", 1)[0]
    lines = block.splitlines()
    assert len(lines) == 2
    assert lines[0].split()[0] == "board-minutes.pdf" and lines[0].endswith("OCR this scanned PDF; Add a title")


def test_every_panel_figure_has_its_definition(report):
    with_notes = dataclasses.replace(report, footnotes=DOCUMENT_FOOTNOTES)
    page = render_report_html(with_notes, [])
    for label in ["Searchability rate", "Indexing rate", "Missing metadata", "Documents to fix", "Download success"]:
        assert f'{label}<sup class="fnref">' in page


def test_the_documents_page_has_the_whole_searchability_and_access_section(report):
    page = TypePage("document", TypeStorage("document", 40, 9_000_000, 225_000.0, 0, 0),
                    [FormatShare("pdf", 35, 8_000_000), FormatShare("docx", 5, 1_000_000)], [], [], [])
    html = render_type_page_html(dataclasses.replace(report, type_pages=[page]), page, [])
    section = html.split('<section id="documents">', 1)[1].split("</section>", 1)[0]
    for heading in ("Top documents to fix", "Most downloaded", "Searchable and downloaded by format",
                    "Why documents are not searchable", "Where readers came from", "Devices"):
        assert heading in section
    # every fix with its reason; the format line says 25 of the 31 PDFs read are searchable
    assert "image-only PDF: no text layer" in section and "OCR this scanned PDF; Add a title" in section
    assert '<td class="text">pdf</td><td class="num">35</td><td class="num">25 of 31</td>' in section
    assert "+50 %" in section  # price-list.pdf against its previous 7 days
    assert HOSTILE not in section


def test_without_documents_there_is_no_documents_panel():
    plain = sample_report()
    assert 'id="documents"' not in render_report_html(plain, render_charts(plain))
    assert "DOCUMENTS ON" not in render_email_text(plain)
