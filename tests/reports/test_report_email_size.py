"""The email survives Gmail: its HTML part stays under 100 kB however long the day's lists are (Gmail
clips a message whose HTML passes ~102 kB), and its plain text wraps at 78 characters."""

import dataclasses

from sample_report import sample_report
from test_report_images import IMAGES
from test_report_videos import VIDEOS

from assets.report.data import FOOTNOTES
from assets.images.report import IMAGE_FOOTNOTES
from assets.video.report import VIDEO_FOOTNOTES
from reports.charts import render_charts
from reports.model import BrokenLink, CleanupCandidate, MediaDelivery, MediaUsage, Upload
from reports.render import render_email_html, render_email_text

LONG = "a-rather-long-file-name-for-a-photo-of-the-annual-conference-{n:03d}.jpeg"


def busy_report():
    """Every list 50 rows long, file names of 70 characters, every footnote."""
    base = sample_report()
    used = [MediaUsage(f"m-{n}", LONG.format(n=n), "image", 1000 - n, 10, 5, 1, 400, 0.01, 0.2, 50.0, 2_400_000)
            for n in range(50)]
    hungry = [MediaDelivery(f"m-{n}", LONG.format(n=n), "image", 500, 9_000_000, 0.9, 0.01, 0.5) for n in range(50)]
    candidates = [CleanupCandidate(f"m-{n}", LONG.format(n=n), "image", 3_000_000, "low", None) for n in range(50)]
    uploads = [Upload(f"m-{n}", LONG.format(n=n), "image", 3_000_000, base.generated_at) for n in range(50)]
    links = [BrokenLink(f"/media/2026/11/{LONG.format(n=n)}", 9, [("https://example.org/blog/post-" + str(n), 9)])
             for n in range(50)]
    images = dataclasses.replace(IMAGES, top=IMAGES.top * 25)
    videos = dataclasses.replace(VIDEOS, most_watched=VIDEOS.most_watched * 25)
    return dataclasses.replace(base, most_used=used, bandwidth_hungry=hungry, cleanup_candidates=candidates,
                               recent_uploads=uploads, broken_links=links, images=images, videos=videos,
                               footnotes=FOOTNOTES + VIDEO_FOOTNOTES + IMAGE_FOOTNOTES)


def test_the_html_part_stays_under_100_kb():
    report = busy_report()
    html = render_email_html(report, render_charts(report), report_url="https://reports.example.org/2026-11-23/index.html")
    assert len(html.encode("utf-8")) < 100_000
    assert "Open the full report" in html  # the rest of every list is one click away


def test_plain_text_lines_wrap_at_78_characters():
    text = render_email_text(busy_report(), report_url="https://reports.example.org/2026-11-23/index.html")
    long = [line for line in text.splitlines() if len(line) > 78 and " " in line.strip()]
    assert long == []
