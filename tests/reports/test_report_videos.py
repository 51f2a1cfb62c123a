"""The report's video and audio section: shown only with views, the same figures in the page, the
email and the text, a retention chart, and drop-off callouts in plain words."""

import dataclasses
import re
import struct

import pytest
from sample_report import HOSTILE, sample_report

from assets.video.report import VIDEO_FOOTNOTES
from reports.charts import render_charts, retention_chart
from reports.format import format_clock
from reports.sections import DropOff, RetentionCurve, VideoEngagement, VideoReport
from reports.render import render_email_html, render_email_text, render_report_html

TALK = RetentionCurve("v-1", "talk.mp4", views=50, duration=75.0, bucket_seconds=10,
                      retention=[1.0, 0.96, 0.9, 0.8, 0.38, 0.36, 0.3, 0.3])
SONG = RetentionCurve("a-1", HOSTILE, views=12, duration=30.0, bucket_seconds=10, retention=[1.0, 0.5, 0.25])
VIDEOS = VideoReport(
    views=62, unique_viewers=55, watch_seconds=3725.0, avg_view_seconds=60.1, completion_rate=0.42,
    finish_rate=0.3, buffering_rate=0.021,
    most_watched=[
        VideoEngagement("v-1", "talk.mp4", "video", 75.0, False, 50, 45, 3000.0, 60.0, 0.4, 0.28),
        VideoEngagement("a-1", HOSTILE, "audio", 30.0, True, 12, 10, 725.0, 60.4, 0.5, 0.4),
    ],
    retention_curves=[TALK, SONG],
    dropoffs=[DropOff("v-1", "talk.mp4", 40.0, 50.0, 0.42, 21), DropOff("a-1", HOSTILE, 10.0, 20.0, 0.25, 3)],
)


@pytest.fixture(scope="module")
def report():
    return dataclasses.replace(sample_report(), videos=VIDEOS)


@pytest.fixture(scope="module")
def charts(report):
    return render_charts(report)


@pytest.mark.parametrize("seconds, expected", [(0, "0:00"), (40, "0:40"), (125.4, "2:05"), (59.6, "1:00"),
                                               (3725, "1:02:05"), (None, "–")])
def test_positions_read_like_a_player(seconds, expected):
    assert format_clock(seconds) == expected


def test_the_retention_chart_follows_the_other_charts(charts):
    assert charts[-1].name == "video_retention"
    assert struct.unpack(">II", charts[-1].png[16:24]) == (1280, 640)  # 640 x 320 at 2x


def test_the_retention_alt_text_names_each_curve_with_its_first_and_last_share():
    alt = retention_chart([TALK]).alt
    assert alt == ("Step chart of the share of views that watched each part of the timeline: "
                   "talk.mp4 (50 views) 100 % at 0:00, 30 % at 1:10.")


def test_the_page_has_the_section_with_most_watched_chart_and_callouts(report, charts):
    page = render_report_html(report, charts)
    assert '<section id="videos">' in page
    assert "Video and audio on 2026-11-23" in page
    assert 'src="video_retention.png"' in page
    assert ('<span class="figure">21</span> viewers of <span class="filename">talk.mp4</span> '
            '(<span class="figure">42 %</span>) left between 0:40 and 0:50.') in page
    assert "1 h 2 min" in page  # watch time
    assert "<script>" not in page


def test_the_email_carries_the_section_and_the_chart_inline(report, charts):
    html = render_email_html(report, charts)
    assert "Video and audio on 2026-11-23" in html
    assert 'src="cid:video_retention@media-analytics"' in html
    text = render_email_text(report)
    assert "VIDEO AND AUDIO ON 2026-11-23" in text
    assert "21 viewers of talk.mp4 (42 %) left between 0:40 and 0:50." in text
    assert "Completion rate (edX)     42 %" in text


def test_without_views_there_is_no_video_section():
    plain = sample_report()
    assert "video_retention" not in [c.name for c in render_charts(plain)]
    assert 'id="videos"' not in render_report_html(plain, render_charts(plain))
    assert "VIDEO AND AUDIO" not in render_email_text(plain)


def test_each_type_page_charts_its_own_items_retention():
    from reports.model import TypePage, TypeStorage
    from reports.render import render_type_page_html
    from reports.type_charts import render_type_charts

    only = lambda kind, curve, media_id: dataclasses.replace(  # noqa: E731
        VIDEOS, most_watched=[m for m in VIDEOS.most_watched if m.media_id == media_id],
        retention_curves=[curve], dropoffs=[d for d in VIDEOS.dropoffs if d.media_id == media_id])
    pages = [TypePage(kind, TypeStorage(kind, 1, 1, 1.0, 0, 0), [], [], [], [], videos=only(kind, curve, media_id))
             for kind, curve, media_id in (("video", TALK, "v-1"), ("audio", SONG, "a-1"))]
    report = dataclasses.replace(sample_report(), videos=VIDEOS, type_pages=pages)
    charts = [*render_charts(report), *render_type_charts(report)]
    by_name = {c.name: c for c in charts}
    # the overview's chart has both; the videos page's only talk.mp4, the audio page's only the song
    assert "talk.mp4" in by_name["video_retention"].alt and "(12 views)" in by_name["video_retention"].alt
    assert "talk.mp4" in by_name["video_retention_video"].alt and "(12 views)" not in by_name["video_retention_video"].alt
    assert "talk.mp4" not in by_name["video_retention_audio"].alt
    videos = render_type_page_html(report, pages[0], charts)
    audio = render_type_page_html(report, pages[1], charts)
    assert 'src="video_retention_video.png"' in videos and 'src="video_retention.png"' not in videos
    assert 'src="video_retention_audio.png"' in audio and 'src="video_retention.png"' not in audio


def test_views_without_a_curve_say_why_there_is_no_chart(report):
    """Views of items too short for two stretches of the timeline (or of unknown duration) have no
    curve: the section says so, with the footnote that says which items are charted, instead of
    leaving the chart out without a word."""
    short = dataclasses.replace(report, videos=dataclasses.replace(VIDEOS, retention_curves=[], dropoffs=[]))
    page = render_report_html(short, render_charts(short))
    assert "video_retention" not in page
    assert "No retention curve" in page and "has a timeline of two stretches or more" in page
    retention = next(f.definition for f in VIDEO_FOOTNOTES if f.term == "Retention")
    assert "Charted for the 5 most viewed items whose timeline has two stretches or more" in retention
    with_curves = render_report_html(report, render_charts(report))
    assert "No retention curve" not in with_curves


def test_the_audio_page_names_page_views_and_playback_views_apart_and_defines_each_once():
    """Issue 16 item 6: an item's page views (the player shown on a page) and its playback views
    (plays of 1 s or more) are two figures with two names, each defined once on the page; the audio
    page's playback is not headed "Video views"."""
    from assets.report.data import FOOTNOTES
    from reports.model import MediaUsage, TypePage, TypeStorage
    from reports.render import render_type_page_html

    song = [m for m in VIDEOS.most_watched if m.media_id == "a-1"]
    used = [MediaUsage("a-1", "song.mp3", "audio", 85, 3, 0, 0, 40, 0.035, 0.05, 100.0, 1_200_000)]
    page = TypePage("audio", TypeStorage("audio", 1, 1_200_000, 1.0, 0, 0), [], used, [], [],
                    videos=dataclasses.replace(VIDEOS, views=216, most_watched=song, retention_curves=[SONG],
                                               dropoffs=[]))
    report = dataclasses.replace(sample_report(), videos=VIDEOS, type_pages=[page],
                                 footnotes=FOOTNOTES + VIDEO_FOOTNOTES)
    html = render_type_page_html(report, page, [])
    assert "Video views" not in html and "Video and audio on" not in html
    assert "<h2>Playback on 2026-11-23</h2>" in html
    # the two figures side by side under their own names: 85 page views, 216 playback views
    assert ">Page views<" in html and ">85<" in html
    assert ">Playback views<" in html and ">216<" in html
    # each defined once, and the definitions tell them apart
    terms = [re.sub(r"<[^>]+>|\d", "", t).strip() for t in re.findall(r"<dt[^>]*>(.*?)</dt>", html, re.S)]
    assert len(terms) == len(set(terms))
    assert terms.count("Page views") == 1 and terms.count("Playback views") == 1
    page_views = next(f.definition for f in FOOTNOTES if f.term == "Page views")
    playback = next(f.definition for f in VIDEO_FOOTNOTES if f.term == "Playback views")
    assert "Not playback" in page_views and "Not page views" in playback
