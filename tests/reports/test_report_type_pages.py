"""The media-type pages (images, videos, audio, documents): what each shows, the links between the
day's pages, and their charts."""

import dataclasses
from datetime import timedelta

import pytest

from reports.model import FormatShare, MediaDelivery, MediaUsage, TypePage, TypeStorage
from reports.render import render_report_html, render_type_page_html
from reports.type_charts import render_type_charts
from sample_report import DAY, HOSTILE, sample_report
from test_report_comparisons import day_metrics

IMAGES = TypePage(
    media_type="image",
    storage=TypeStorage("image", 1000, 400_000_000, 400_000.0, 2, 1),
    formats=[FormatShare("jpeg", 700, 300_000_000), FormatShare("png", 300, 100_000_000)],
    most_used=[MediaUsage("m-2", HOSTILE, "image", 1200, 0, 40, 2, 400, 0.0, 0.035, 87.25)],
    bandwidth_hungry=[MediaDelivery("m-2", HOSTILE, "image", 900, 45_000_000, 0.9, 0.01, 0.5)],
    cleanup_candidates=[],
)
DOCUMENTS = TypePage("document", TypeStorage("document", 200, 100_000_000, 500_000.0, 0, 0),
                     [FormatShare("pdf", 200, 100_000_000)], [], [], [])


@pytest.fixture
def report():
    # 10 days of image metrics: views 100, 110, … 190 (the day); 190 against 180 is +5.6 %.
    metrics = [day_metrics(DAY - timedelta(days=n), "image", files=1000, bytes=400_000_000,
                           views=190 - 10 * n, requests=None if n == 1 else 50, bytes_sent=1_000_000)
               for n in range(10)]
    return dataclasses.replace(sample_report(), type_pages=[IMAGES, DOCUMENTS], metrics=metrics)


def test_a_type_page_has_its_sections_and_numbers(report):
    html = render_type_page_html(report, IMAGES, render_type_charts(report), index_href="../index.html")
    for section in ("summary", "formats", "most-used", "unused", "footnotes"):
        assert f'<section id="{section}">' in html
    assert "<h1>Images — 2026-11-23</h1>" in html
    assert "+5.6 %</span> vs previous day" in html  # views 190 against 180
    # requests: the day before had no access log, so there is nothing to compare with that day
    assert "–</span> vs previous day" in html
    assert '<td class="text">jpeg</td><td class="num">700</td><td class="num" title="70 %">70 %</td>' in html
    assert 'src="trend_image.png"' in html and 'src="formats_image.png"' in html
    assert "No images are cleanup candidates." in html


def test_a_type_page_escapes_file_names(report):
    html = render_type_page_html(report, IMAGES, [])
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#39;.jpg" in html


def test_every_page_links_to_the_others_and_marks_itself(report):
    overview = render_report_html(report, [], index_href="../index.html")
    documents = render_type_page_html(report, DOCUMENTS, [], index_href="../index.html")
    for html in (overview, documents):
        assert '<a href="../index.html">All reports</a>' in html
        assert '<a href="images.html">Images</a>' in html
    assert '<strong aria-current="page">Overview</strong>' in overview
    assert '<strong aria-current="page">Documents</strong>' in documents
    assert '<a href="index.html">Overview</a>' in documents
    # the storage table's type names lead to their pages; video has no page in this report
    assert '<a href="documents.html">Document</a>' in overview
    assert '<td class="text">Video</td>' in overview


def test_type_charts_need_two_days_and_describe_themselves(report):
    charts = {c.name: c for c in render_type_charts(report)}
    assert set(charts) == {"trend_image", "formats_image", "formats_document"}  # documents: no metrics
    assert charts["formats_image"].alt == ("Horizontal bar chart of images storage by format: jpeg 300 MB "
                                          "(700 files); png 100 MB (300 files).")
    assert "views 1,450 in total" in charts["trend_image"].alt  # 100 + 110 + … + 190
    assert charts["trend_image"].png.startswith(b"\x89PNG")
