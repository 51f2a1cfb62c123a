"""The email survives Gmail: its HTML part stays under 100 kB however long the day's lists are (Gmail
clips a message whose HTML passes ~102 kB), and its plain text wraps at 78 characters. The busy day
has every section the demo's 2026-12-04 has (whose HTML part is 81.7 kB), each list 50 rows long with
names of 70 characters, every rule of What needs attention crossed and every footnote."""

import dataclasses

from sample_report import sample_report
from test_report_attention import crossed
from test_report_documents import DOCUMENTS
from test_report_images import IMAGES
from test_report_videos import VIDEOS

from assets.documents.report import DOCUMENT_FOOTNOTES
from assets.images.report import IMAGE_FOOTNOTES
from assets.report.data import FOOTNOTES
from assets.video.report import VIDEO_FOOTNOTES
from assets.video.report_advice import VIDEO_ADVICE_FOOTNOTES
from reports.attention import ATTENTION_FOOTNOTE, attention
from reports.charts import render_charts
from reports.model import BrokenLink, CleanupCandidate, DeliveryOverview, MediaDelivery, MediaUsage, TypePage, TypeStorage, Upload
from reports.sections import DocumentAccess, DocumentFix
from reports.render import render_email_html, render_email_text

LONG = "a-rather-long-file-name-for-a-photo-of-the-annual-conference-{n:03d}.jpeg"


def busy_report():
    """Every list 50 rows long, file names of 70 characters, every section, rule and footnote."""
    base = crossed()  # every rule of What needs attention crossed, with its figure
    used = [MediaUsage(f"m-{n}", LONG.format(n=n), "image", 1000 - n, 10, 5, 1, 400, 0.01, 0.2, 50.0, 2_400_000)
            for n in range(50)]
    hungry = [MediaDelivery(f"m-{n}", LONG.format(n=n), "image", 500, 9_000_000, 0.9, 0.01, 0.5) for n in range(50)]
    candidates = [CleanupCandidate(f"m-{n}", LONG.format(n=n), "image", 3_000_000, "low", None) for n in range(50)]
    uploads = [Upload(f"m-{n}", LONG.format(n=n), "image", 3_000_000, base.generated_at) for n in range(50)]
    links = [BrokenLink(f"/media/2026/11/{LONG.format(n=n)}", 9,
                        [(f"https://www.example.org/blog/2026/11/a-long-post-about-the-conference-{n}", 3)] * 3,
                        new=True)
             for n in range(50)]
    images = dataclasses.replace(base.images, top=IMAGES.top * 25, formats=IMAGES.formats, kinds=IMAGES.kinds)
    videos = dataclasses.replace(VIDEOS, most_watched=VIDEOS.most_watched * 25)
    documents = dataclasses.replace(
        DOCUMENTS,
        fixes=[DocumentFix(f"d-{n}", LONG.format(n=n), "pdf", 50 - n, False, "image-only PDF: no text layer",
                           ["OCR this scanned PDF", "Add a title", "Add a description"]) for n in range(50)],
        most_downloaded=[DocumentAccess(f"d-{n}", LONG.format(n=n), "pdf", 50 - n, 60, 0, 0.75, 1.0, 380.0, 0.5,
                                        True, 0.6) for n in range(50)])
    delivery = DeliveryOverview(requests=31_388, bot_requests=1_973, bytes_sent=4_100_000_000, cache_hit_rate=0.75,
                                error_rate=0.022, server_time_mean_ms=85.0, load_time_mean_ms=170.0,
                                modern_format_share=0.17, mobile_share=0.51, compression_savings_bytes=1_200_000_000,
                                media_error_rate=0.002, unmatched_requests=700, unmatched_errors=620)
    pages = [TypePage(t, TypeStorage(t, 1, 1, 1.0, 0, 0), [], [], [], []) for t in ("image", "video", "audio", "document")]
    return dataclasses.replace(base, most_used=used, bandwidth_hungry=hungry, cleanup_candidates=candidates,
                               recent_uploads=uploads, broken_links=links, images=images, videos=videos,
                               documents=documents, type_pages=pages, delivery=delivery,
                               footnotes=[ATTENTION_FOOTNOTE] + FOOTNOTES + VIDEO_FOOTNOTES + IMAGE_FOOTNOTES
                               + DOCUMENT_FOOTNOTES + VIDEO_ADVICE_FOOTNOTES)


def test_the_busy_day_has_every_section_and_rule():
    report = busy_report()
    assert len(attention(report)) == 6
    assert all([report.delivery, report.broken_links, report.videos, report.images, report.documents,
                report.has_trend, report.unused_classes, report.type_pages])


def test_the_html_part_stays_under_100_kb():
    report = busy_report()
    html = render_email_html(report, render_charts(report), report_url="https://reports.example.org/2026-11-23/index.html")
    assert len(html.encode("utf-8")) < 100_000
    assert "Open the full report" in html  # the rest of every list is one click away


def test_plain_text_lines_wrap_at_78_characters():
    text = render_email_text(busy_report(), report_url="https://reports.example.org/2026-11-23/index.html")
    long = [line for line in text.splitlines() if len(line) > 78 and " " in line.strip()]
    assert long == []
