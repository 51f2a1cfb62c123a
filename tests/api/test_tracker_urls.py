"""tracker.js recognises media by URL (issue 17): an image, a video and a document link without
data-media-id, whose URLs lie under MEDIA_URL_PREFIXES, are tracked and counted for the items their
paths map to (a rendition, a WebP variant, an escaped file name); a logo outside the prefix and a
media URL on another host send nothing. One setting decides for the browser and for the build:
the service writes MEDIA_URL_PREFIXES (here /uploads/, not the default) into the script.

The page's clock is set 24 hours back (as in test_tracker_browser.py), so the events fall on a day
that can be built.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone

from PIL import Image

from assets.shared.resources import LandingResource
from conftest import item
from tracking_service import Service, build_tracked_day, chromium, landed_lines, page_at, site, wait_until_accepted  # noqa: F401 (site: the served page's fixture)


PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Page without data-media-id</title></head>
<body style="margin:0">
<img id="logo" src="/static/logo.png" width="64" height="64">
<img id="photo" src="/uploads/2026/11/hopper-300x300.jpg?v=3" width="128" height="128">
<img id="webp" src="uploads/2026/11/flower.jpg.webp" width="128" height="128">
<img id="elsewhere" src="{other_host}/uploads/2026/11/hopper.png" width="64" height="64">
<p><a id="doc" href="/uploads/2026/11/Annual%20report.pdf#page=2" download>Annual report</a></p>
<video id="vid" src="/uploads/2026/11/rabbit.webm" width="320" height="176" muted preload="auto"></video>
<script src="{service}/tracker.js" data-endpoint="{service}"></script>
</body></html>
"""


def serve_media(root):
    """The site's files: media under /uploads/2026/11/, a logo under /static/."""
    media = root / "uploads" / "2026" / "11"
    media.mkdir(parents=True)
    (root / "static").mkdir()
    shutil.copy(root / "hopper.jpg", media / "hopper-300x300.jpg")
    Image.open(root / "flower.jpg").save(media / "flower.jpg.webp", "WEBP", quality=80)
    shutil.copy(root / "hopper.png", media / "hopper.png")
    shutil.copy(root / "report.pdf", media / "Annual report.pdf")
    shutil.copy(root / "rabbit.webm", media / "rabbit.webm")
    shutil.copy(root / "hopper.png", root / "static" / "logo.png")


def test_media_without_data_media_id_are_tracked_by_url_and_counted_for_their_items(workspace, site):  # noqa: F811
    root, site_url = site
    serve_media(root)
    yesterday = datetime.now(timezone.utc) - timedelta(days=1)
    day = yesterday.date()
    workspace.land("inventory", "export.ndjson", [
        item("img-hopper", path="2026/11/hopper.jpg", renditions=[
            {"name": "medium", "path": "2026/11/hopper-300x300.jpg", "width": 300, "height": 300, "size": 9000}]),
        item("img-flower", path="2026/11/flower.jpg"),
        item("img-png", path="2026/11/hopper.png", mime_type="image/png"),
        item("img-logo", path="static/logo.png", mime_type="image/png"),  # an item, but outside the prefix
        item("doc-report", filename="Annual report.pdf", path="2026/11/Annual report.pdf",
             mime_type="application/pdf"),
        item("vid-rabbit", filename="rabbit.webm", path="2026/11/rabbit.webm", mime_type="video/webm"),
    ])
    service = Service(workspace.landing, env={"TRACKING_ALLOWED_ORIGINS": site_url, "TRACKING_RATE_LIMIT": "0",
                                              "MEDIA_URL_PREFIXES": "/uploads/"})
    other_host = site_url.replace("127.0.0.1", "localhost")  # the same server under another host name
    (root / "index.html").write_text(PAGE.format(service=service.base, other_host=other_host))

    with chromium(autoplay=True) as browser:
        page = page_at(browser, yesterday)
        page.goto(site_url + "/index.html")
        page.wait_for_function("['logo', 'photo', 'webp', 'elsewhere'].every(id => "
                               "document.getElementById(id).complete && document.getElementById(id).naturalWidth > 0)")
        page.wait_for_timeout(1500)  # every image half-visible for over 1 s: views
        page.click("#photo")
        page.click("#logo")
        with page.expect_download():
            page.click("#doc")
        page.wait_for_function("document.getElementById('vid').readyState >= 3")
        page.evaluate("document.getElementById('vid').play()")
        page.wait_for_function("document.getElementById('vid').currentTime >= 2")
        paused_at = page.evaluate("() => { const v = document.getElementById('vid'); v.pause(); return v.currentTime; }")
        page.goto("about:blank")  # pagehide: the queued events go with sendBeacon
        wait_until_accepted(service, 15, player_events=3, usage_events=6)
    service.stop()

    sent = landed_lines(workspace.landing, "usage_events") + landed_lines(workspace.landing, "player_events")
    # What left the browser: paths as the browser requested them (escaped), never a logo or another host.
    assert {row["media_url"] for row in sent} == {
        "/uploads/2026/11/hopper-300x300.jpg", "/uploads/2026/11/flower.jpg.webp",
        "/uploads/2026/11/Annual%20report.pdf", "/uploads/2026/11/rabbit.webm"}
    assert all("media_id" not in row for row in sent)

    resources = {**workspace.resources(),
                 "landing": LandingResource(landing_dir=str(workspace.landing), media_url_prefixes=["/uploads/"])}
    build_tracked_day(day, resources)
    usage = {row[0]: row[1:] for row in workspace.query(
        "SELECT media_id, impressions, views, clicks, downloads FROM daily_media_usage "
        "WHERE day = $day AND usage_kind = 'all' ORDER BY media_id", {"day": day})}
    # The rendition and the WebP variant count for their items; the logo and the image from
    # another host for nothing (and nothing of theirs is quarantined either).
    assert usage == {"img-hopper": (1, 1, 1, 0), "img-flower": (1, 1, 0, 0), "doc-report": (0, 0, 0, 1)}
    assert workspace.query("SELECT count(*) FROM rejected_rows WHERE day = $day", {"day": day}) == [(0,)]
    assert workspace.query("SELECT DISTINCT media_id FROM raw_player_events WHERE day = $day", {"day": day}) == [
        ("vid-rabbit",)]
    segments = workspace.query(
        "SELECT media_id, segment_start, segment_end, ended_by FROM video_watch_segments WHERE day = $day", {"day": day})
    assert len(segments) == 1
    media, start, end, ended_by = segments[0]
    assert (media, ended_by) == ("vid-rabbit", "pause")
    assert abs(start - 0) <= 0.5 and abs(end - paused_at) <= 0.5


LOCAL_PAGE = """<!doctype html><html><body style="margin:0">
<img id="own" src="/files/a.jpg" width="64" height="64">
<img id="served-default" src="/uploads/b.jpg" width="64" height="64">
<img id="cdn" src="{other_host}/files/c.jpg" width="64" height="64">
<img id="lazy" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/files/d.jpg" width="64" height="64">
<script src="{service}/tracker.js" data-endpoint="{service}" data-media-prefixes=" files , /other/ "
        data-media-hosts="{other}"></script>
</body></html>"""


def test_the_script_tag_may_name_its_own_prefixes_and_media_hosts(workspace, site):  # noqa: F811
    root, site_url = site
    for folder, name in (("files", "a.jpg"), ("uploads", "b.jpg"), ("files", "c.jpg"), ("files", "d.jpg")):
        (root / folder).mkdir(exist_ok=True)
        shutil.copy(root / "hopper.jpg", root / folder / name)
    other_host = site_url.replace("127.0.0.1", "localhost")
    service = Service(workspace.landing, env={"TRACKING_ALLOWED_ORIGINS": site_url, "MEDIA_URL_PREFIXES": "/uploads/"})
    (root / "local.html").write_text(LOCAL_PAGE.format(service=service.base, other_host=other_host,
                                                       other=other_host.removeprefix("http://")))
    with chromium() as browser:
        page = browser.new_page()
        page.goto(site_url + "/local.html")
        page.wait_for_function("['own', 'served-default', 'cdn'].every(id => document.getElementById(id).complete)")
        # A lazy-loading script sets the real URL later: the element becomes media then.
        page.evaluate("const i = document.getElementById('lazy'); i.src = i.dataset.src")
        page.wait_for_function("document.getElementById('lazy').naturalWidth > 1")
        page.goto("about:blank")
        wait_until_accepted(service, 10, usage_events=3)
    service.stop()
    impressions = sorted(row["media_url"] for row in landed_lines(workspace.landing, "usage_events")
                         if row["event_type"] == "impression")
    # data-media-prefixes replaces the served /uploads/; data-media-hosts adds the CDN's host.
    assert impressions == ["/files/a.jpg", "/files/c.jpg", "/files/d.jpg"]
