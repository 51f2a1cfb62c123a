"""The videos page's encoding and delivery advice: each row shows the measured figure that
triggered it against its limit; only the videos page has it; file names are escaped."""

import dataclasses

from sample_report import HOSTILE, sample_report

from reports.model import TypePage, TypeStorage
from reports.sections import VideoAdvice
from reports.render import render_report_html, render_type_page_html

VIDEOS = TypePage("video", TypeStorage("video", 2, 900_000_000, 450_000_000.0, 0, 0), [], [], [], [])
IMAGES = TypePage("image", TypeStorage("image", 2, 9_000_000, 4_500_000.0, 0, 0), [], [], [], [])
ADVICE = [
    VideoAdvice("v1", "talk.mp4", "reencode", "bits_per_pixel", 0.5234, 0.28, 600_000_000, 30_000_000,
                "h264 at 0.523 bits per pixel per frame, 3.7× the 0.14 reference: re-encode"),
    VideoAdvice("v2", HOSTILE, "caching", "cache_hit_rate", 0.2, 0.8, None, 17_500,
                "cache hit rate 20 % over 25 requests: cache it at the CDN"),
]


def report():
    return dataclasses.replace(sample_report(), type_pages=[VIDEOS, IMAGES], video_advice=ADVICE)


def test_the_videos_page_shows_each_advice_with_its_measured_figure():
    html = render_type_page_html(report(), VIDEOS, [])
    assert '<section id="video-advice">' in html
    assert "bits per pixel\n 0.523 (over 0.28)" in html
    assert "cache hit rate\n 20 % (under 80 %)" in html
    assert "re-encode" in html and "Re-encode" in html and "CDN caching" in html
    assert HOSTILE not in html and "&lt;script&gt;" in html


def test_only_the_videos_page_has_the_advice():
    assert '<section id="video-advice">' not in render_type_page_html(report(), IMAGES, [])
    assert '<section id="video-advice">' not in render_report_html(report(), [])
    no_advice = dataclasses.replace(report(), video_advice=[])
    assert '<section id="video-advice">' not in render_type_page_html(no_advice, VIDEOS, [])
