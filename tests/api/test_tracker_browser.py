"""tracker.js in a real browser: headless Chromium opens a page served on loopback with images
below the fold, a PDF link and a real video; what the script caused is counted by the day's tables.

The page's clock is set 24 hours back (Playwright's clock, timers running in real time), so its
events fall on yesterday: a day that can be built, within TRACKING_MAX_AGE_HOURS.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from conftest import item
from tracking_service import Service, build_tracked_day, chromium, page_at, site, wait_until_accepted  # noqa: F401 (site: the served page's fixture)


PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Tracked page</title></head>
<body style="margin:0;font:16px sans-serif">
<img id="top" data-media-id="img-top" data-usage="featured" src="hopper.jpg" width="128" height="128">
<p><a id="pdf" data-media-id="doc-pdf" href="report.pdf" download>Annual report (PDF)</a></p>
<video id="vid" data-media-id="vid-rabbit" src="rabbit.webm" width="320" height="176" muted preload="auto"></video>
<div style="height:3000px"></div>
<img id="below" data-media-id="img-below" loading="lazy" src="flower.jpg" width="200" height="200">
<div style="height:30000px"></div>
<img id="far" data-media-id="img-far" loading="lazy" src="hopper.png" width="128" height="128">
<script src="{service}/tracker.js" data-endpoint="{service}"></script>
</body></html>
"""


def test_what_a_visitor_does_is_what_the_day_counts(workspace, site):  # noqa: F811
    root, site_url = site
    yesterday = datetime.now(timezone.utc) - timedelta(days=1)
    day = yesterday.date()
    workspace.land("inventory", "export.ndjson", [
        item("img-top", path="hopper.jpg"), item("img-below", path="flower.jpg"),
        item("img-far", path="hopper.png", mime_type="image/png"),
        item("doc-pdf", filename="report.pdf", path="report.pdf", mime_type="application/pdf"),
        item("vid-rabbit", filename="rabbit.webm", path="rabbit.webm", mime_type="video/webm"),
    ])
    service = Service(workspace.landing, env={"TRACKING_ALLOWED_ORIGINS": site_url, "TRACKING_RATE_LIMIT": "0"})
    (root / "index.html").write_text(PAGE.replace("{service}", service.base))

    with chromium(autoplay=True) as browser:
        page = page_at(browser, yesterday)
        page.goto(site_url + "/index.html")
        page.wait_for_function("document.getElementById('top').complete")
        page.wait_for_timeout(1500)  # top image half-visible for over 1 s: a view
        page.click("#top")
        with page.expect_download():
            page.click("#pdf")
        page.wait_for_function("document.getElementById('vid').readyState >= 3")
        page.evaluate("document.getElementById('vid').play()")
        page.wait_for_function("document.getElementById('vid').currentTime >= 2")
        seek_from = page.evaluate("""() => new Promise(done => {
            const v = document.getElementById('vid'), from = v.currentTime;
            v.addEventListener('seeked', () => done(from), {once: true});
            v.currentTime = 6;
        })""")
        page.wait_for_function("document.getElementById('vid').currentTime >= 7.5")
        paused_at = page.evaluate("""() => { const v = document.getElementById('vid'); v.pause();
                                             return v.currentTime; }""")
        page.evaluate("document.getElementById('below').scrollIntoView()")
        page.wait_for_function("document.getElementById('below').complete")
        page.wait_for_timeout(1500)
        far_loaded = page.evaluate("document.getElementById('far').complete && document.getElementById('far').naturalWidth > 0")
        page.goto("about:blank")  # pagehide: the queued events go with sendBeacon
        wait_until_accepted(service, 15, player_events=5)
    service.stop()  # rotates the open files into the landing zone
    assert not far_loaded, "the lazy image 30,000 px down must not load (so it must not count)"

    resources = workspace.resources()
    build_tracked_day(day, resources)
    usage = {row[0]: row[1:] for row in workspace.query(
        "SELECT media_id, impressions, views, clicks, downloads, previews FROM daily_media_usage "
        "WHERE day = $day AND usage_kind = 'all' ORDER BY media_id", {"day": day})}
    # What the script did: top image loaded, seen, clicked; the PDF link clicked; the image below the
    # fold loaded and seen after the scroll; the far lazy image never loaded.
    assert usage["img-top"] == (1, 1, 1, 0, 0)
    assert usage["img-below"] == (1, 1, 0, 0, 0)
    assert usage["doc-pdf"] == (0, 0, 0, 1, 0)
    assert "img-far" not in usage or usage["img-far"] == (0, 0, 0, 0, 0)
    assert workspace.query("SELECT count(*) FROM rejected_rows WHERE day = $day", {"day": day}) == [(0,)]

    segments = workspace.query(
        "SELECT segment_start, segment_end, ended_by FROM video_watch_segments WHERE day = $day "
        "AND media_id = 'vid-rabbit' ORDER BY segment_start", {"day": day})
    assert [s[2] for s in segments] == ["seek", "pause"]
    (start1, end1, _), (start2, end2, _) = segments
    assert abs(start1 - 0) <= 0.5 and abs(end1 - seek_from) <= 0.5
    assert abs(start2 - 6) <= 0.5 and abs(end2 - paused_at) <= 0.5
