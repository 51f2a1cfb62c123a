"""What needs attention: each rule against figures worked out by hand, nothing when nothing crossed
a rule, and a day whose data checks failed says so first."""

import dataclasses
from datetime import timedelta

from sample_report import DAY, sample_report

from reports.attention import attention
from reports.model import BrokenLink, DayMetrics
from reports.render import render_email_html, render_email_text, render_report_html
from reports.sections import ImageReport


def day(n: int, media_type: str = "all", **values) -> DayMetrics:
    base = dict(files=10, bytes=1, uploads=0, deletions=0, impressions=0, views=0, clicks=0, downloads=0, shares=0,
                previews=0, unique_users=None, click_through_rate=None, engagement_rate=None, requests=100,
                bytes_sent=1, cache_hit_rate=0.9, error_rate=0.01, video_views=None, watch_seconds=None,
                completion_rate=None, cleanup_files=5, cleanup_bytes=0)
    return DayMetrics(day=DAY - timedelta(days=n), media_type=media_type, **{**base, **values})


def crossed():
    # 7 days before at 1.0 % errors and 90 % cache hits, 5 cleanup candidates, videos 60 % complete;
    # the day: 2.5 % (+1.5 pp), 80 % (-10 pp), 8 candidates (+3), videos 45 % (-15 pp)
    history = [day(n) for n in range(1, 8)] + [day(n, "video", completion_rate=0.6) for n in range(1, 8)]
    today = [day(0, error_rate=0.025, cache_hit_rate=0.8, cleanup_files=8), day(0, "video", completion_rate=0.45)]
    images = ImageReport(images=1, bytes=1, compression_ratio=None, formats=[], kinds=[], top=[], duplicate_groups=0,
                         duplicate_reclaimable_bytes=0, new_oversized=2, new_oversized_bytes=3_400_000)
    links = [BrokenLink("/media/old.jpg", 9, [], new=False), BrokenLink("/media/gone.jpg", 4, [], new=True)]
    return dataclasses.replace(sample_report(), metrics=history + today, images=images, broken_links=links)


def test_each_rule_crossed_is_listed_with_its_figure():
    assert [(a.rule, a.text) for a in attention(crossed())] == [
        ("error_rate", "Media error rate 2.5 %, +1.5 pp against its 7-day mean of 1.0 %"),
        ("cache_hit_rate", "Cache hit rate 80 %, −10 pp against its 7-day mean of 90 %"),
        ("new_cleanup_candidates", "3 more cleanup candidates than the day before (8 in all)"),
        ("new_oversized_uploads", "2 images uploaded today are over twice the largest display width: "
                                  "resizing saves 3.4 MB"),
        ("completion_rate", "Videos: completion rate 45 %, −15 pp against its 7-day mean of 60 %"),
        ("new_broken_links", "1 new broken media link, the most requested /media/gone.jpg (4 requests)"),
    ]


def test_small_moves_are_not_listed():
    # +0.5 pp errors, -4 pp cache hits, as many candidates as the day before, no upload, no new link
    history = [day(n) for n in range(1, 8)]
    quiet = dataclasses.replace(sample_report(), metrics=history + [day(0, error_rate=0.015, cache_hit_rate=0.86)])
    assert attention(quiet) == []
    assert "Nothing crossed a rule on 2026-11-23." in render_report_html(quiet, [])


def test_attention_leads_the_overview_and_the_email():
    report = crossed()
    page = render_report_html(report, [])
    assert page.index('<section id="attention">') < page.index('<section id="storage">')
    assert '<a href="#performance">Media error rate 2.5 %' in page
    html = render_email_html(report, [], report_url="https://r.example/2026-11-23/index.html")
    assert '<a href="https://r.example/2026-11-23/images.html#images">2 images uploaded today' in html
    text = render_email_text(report)
    assert text.index("WHAT NEEDS ATTENTION") < text.index("STORAGE")
    assert "  - Cache hit rate 80 %, −10 pp against its 7-day mean of 90 %" in text


def test_a_day_whose_data_checks_failed_says_so_first():
    report = dataclasses.replace(sample_report(), failed_checks=["raw_usage_events_reject_ratio_below_threshold"])
    text = render_email_text(report)
    assert text.splitlines()[:2] == ["DATA CHECKS FAILED for 2026-11-23: the figures below may be wrong.",
                                     "Failed: raw_usage_events_reject_ratio_below_threshold."]
    html = render_email_html(report, [])
    assert html.index("Data checks failed for 2026-11-23") < html.index("<h1")
    page = render_report_html(report, [])
    assert page.index("Data checks failed for 2026-11-23") < page.index('<section id="storage">')
    assert "DATA CHECKS FAILED" not in render_email_text(sample_report())
