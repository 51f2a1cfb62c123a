"""tracker.js sends nothing without consent when the page asks for it, and nothing at all under the
Global Privacy Control signal (headless Chromium, the service on loopback)."""

from __future__ import annotations

from tracking_service import Service, chromium, landed_lines, site, wait_until_accepted  # noqa: F401 (site: the served page's fixture)


PAGE = """<!doctype html><html><body>
<img id="pic" data-media-id="{media}" src="hopper.jpg" width="128" height="128">
<script src="{service}/tracker.js" data-endpoint="{service}" {consent}></script>
</body></html>"""


def visit(browser, url: str, gpc: bool, consent_call: bool) -> None:
    context = browser.new_context()
    if gpc:
        context.add_init_script("Object.defineProperty(navigator, 'globalPrivacyControl', {value: true})")
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("document.getElementById('pic').complete")
    page.wait_for_timeout(1300)  # long enough for a view
    if consent_call:
        page.evaluate("mediaAnalytics.consent(true)")
    page.click("#pic")
    page.goto("about:blank")
    context.close()


def test_consent_and_global_privacy_control(site):  # noqa: F811
    root, site_url = site
    service = Service(root.parent / "landing", env={"TRACKING_ALLOWED_ORIGINS": site_url})
    pages = {"consent.html": ("asks-consent", "data-require-consent"),
             "gpc.html": ("gpc", ""), "gpc-consent.html": ("gpc-consent", "data-require-consent")}
    for name, (media, consent) in pages.items():
        (root / name).write_text(PAGE.format(media=media, service=service.base, consent=consent))
    with chromium() as browser:
        visit(browser, site_url + "/consent.html", gpc=False, consent_call=True)
        visit(browser, site_url + "/gpc.html", gpc=True, consent_call=False)
        visit(browser, site_url + "/gpc-consent.html", gpc=True, consent_call=True)
        wait_until_accepted(service, 10, settle=1, usage_events=1)
    service.stop()
    rows = [(r["media_id"], r["event_type"]) for r in landed_lines(service.landing, "usage_events")]
    # Before consent the image loaded and was seen: not sent. After it, the click is.
    # Under GPC nothing is sent, consent or not.
    assert rows == [("asks-consent", "click")]
