"""The report's Images panel: shown only when image files were read, with the same figures in the
page, the email and the text, and hostile file names escaped."""

import dataclasses
import re

import pytest
from sample_report import HOSTILE, sample_report

from reports.charts import render_charts
from reports.sections import ImageFormat, ImageOpportunity, ImageOpportunityKind, ImageReport
from reports.render import render_email_html, render_email_text, render_report_html

IMAGES = ImageReport(
    images=3, bytes=3_000_000, compression_ratio=0.125,
    formats=[ImageFormat("JPEG", 2, 2_000_000, 0.1), ImageFormat("PNG", 1, 1_000_000, 0.25)],
    kinds=[ImageOpportunityKind("resize", 1, 900_000, 9_000_000),
           ImageOpportunityKind("format", 2, 400_000, None)],
    top=[ImageOpportunity("m1", "hero.jpg", "2026/11/hero.jpg", "resize", 1_000_000, 100_000, 900_000, "reencoded",
                          "4000 px wide, shown at most 1000 px: resize to 1000 px", 9_000_000),
         ImageOpportunity("m2", HOSTILE, "2026/11/m2.png", "format", 1_000_000, 600_000, 400_000, "reencoded",
                          "PNG → WebP (quality 80)", None)],
    duplicate_groups=1, duplicate_reclaimable_bytes=250_000,
    potential_bytes_saved=1_300_000, potential_daily_savings=9_000_000,
    unused_renditions=2, unused_rendition_bytes=150_000, rendition_bytes=600_000, image_bytes_sent=20_000_000,
)


@pytest.fixture(scope="module")
def report():
    return dataclasses.replace(sample_report(), images=IMAGES)


def test_the_page_has_the_images_section(report):
    page = render_report_html(report, render_charts(report))
    assert '<section id="images">' in page
    assert "Images on 2026-11-23" in page
    assert "hero.jpg" in page and "resize to 1000 px" in page
    assert "Oversized (resize)" in page and "Convert to WebP/AVIF" in page
    assert "Image savings" not in page
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_originals_savings_and_unused_renditions_are_shown_apart_each_with_its_base(report):
    page = render_report_html(report, [])
    # 1.3 MB of the originals' 3.0 MB is 43 %; 9.0 MB a day of the day's 20 MB of image traffic
    assert re.search(r"Originals&#39; savings</div>\s*<div class=\"kpi-value\"[^>]*>1.3 MB</div>\s*"
                     r"<div class=\"kpi-note\">43 % of the originals&#39; 3.0 MB; 9.0 MB of the day&#39;s 20 MB "
                     r"image traffic</div>", page, re.S)
    assert re.search(r"Unused renditions</div>\s*<div class=\"kpi-value\"[^>]*>150 kB</div>\s*"
                     r"<div class=\"kpi-note\">2 files of 600 kB of renditions</div>", page, re.S)
    text = render_email_text(report)
    assert "Originals' savings        1.3 MB (43 % of 3.0 MB)" in text
    assert "  per day of traffic      9.0 MB of 20 MB sent" in text
    assert "Unused renditions         150 kB (2 of 600 kB renditions)" in text


def test_under_compressed_files_are_not_called_over_compressed(report):
    compression = ImageOpportunity("m3", "dense.jpg", "dense.jpg", "compression", 70_000, 28_800, 41_200, "estimated",
                                   "under-compressed: 0.41 bytes per pixel", 41_200)
    report = dataclasses.replace(report, images=dataclasses.replace(
        IMAGES, kinds=[ImageOpportunityKind("compression", 1, 41_200, 41_200)], top=[compression]))
    for body in (render_report_html(report, []), render_email_text(report)):
        assert "Under-compressed" in body and "ver-compressed" not in body


def test_the_email_and_text_carry_the_same_figures(report):
    assert "Images on 2026-11-23" in render_email_html(report, render_charts(report))
    text = render_email_text(report)
    assert "IMAGES ON 2026-11-23" in text
    assert "Compression ratio         12 %" in text
    assert "Duplicates                1 (250 kB reclaimable)" in text
    block = text.split("  Top opportunities:\n", 1)[1].split("\n\n", 1)[0]
    lines = block.splitlines()
    assert len(lines) == 2
    assert lines[0].split()[0] == "hero.jpg" and "Oversized (resize)" in lines[0] and "9.0 MB" in lines[0]
    assert "Convert to WebP" in lines[1] and lines[1].rstrip().endswith("–")  # no delivery data


def test_without_image_files_there_is_no_images_section():
    plain = sample_report()
    assert 'id="images"' not in render_report_html(plain, render_charts(plain))
    assert "IMAGES ON" not in render_email_text(plain)


def test_image_savings_link_to_their_own_definition_not_the_cleanup_one(report):
    from assets.images.report import IMAGE_FOOTNOTES

    report = dataclasses.replace(report, footnotes=report.footnotes + IMAGE_FOOTNOTES)
    page = render_report_html(report, [])
    number = re.search(r'Originals&#39; savings<sup class="fnref"><a href="#fn-(\d+)">', page).group(1)
    assert f'<dt id="fn-{number}"><span class="fn-number">{number}</span> Originals&#39; savings</dt>' in page
    assert re.search(r'Images read<sup class="fnref">', page)
