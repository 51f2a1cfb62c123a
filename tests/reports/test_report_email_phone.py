"""The email on a phone (issue 16 item 13): at 390 CSS pixels wide, in a real headless Chromium, the
busy day's email does not scroll sideways (document.documentElement.scrollWidth <= 390), with its
charts shown as a mail client shows inline images. A screenshot is kept in test-artifacts/."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from conftest import ROOT
from reports.charts import render_charts
from reports.render import render_email_html
from test_report_email_size import busy_report

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = 390  # CSS pixels: an iPhone 12-15's viewport width


def test_the_email_does_not_scroll_sideways_at_390_pixels(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `apt-get install chromium` (.ci/run does it)")
    report = busy_report()
    charts = render_charts(report)
    html = render_email_html(report, charts, report_url="https://reports.example.org/2026-11-23/index.html")
    for chart in charts:  # the inline images, where a mail client would resolve their cid: references
        (tmp_path / chart.filename).write_bytes(chart.png)
        html = html.replace(f'src="cid:{chart.cid}"', f'src="{chart.filename}"')
    assert "cid:" not in html
    (tmp_path / "email.html").write_text(html, encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": PHONE, "height": 844})
            page.goto((tmp_path / "email.html").as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
            artifacts = ROOT / "test-artifacts"
            artifacts.mkdir(exist_ok=True)
            page.screenshot(path=str(artifacts / "email-390px.png"), full_page=True)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            # what sticks out, to say why when it fails
            wide = page.evaluate(f"""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > {PHONE} + 0.5)
                .slice(0, 5).map(e => e.tagName + '.' + (e.getAttribute('style') || '').slice(0, 60)
                                 + ' ' + (e.textContent || '').trim().slice(0, 40))""")
        finally:
            browser.close()
    assert width <= PHONE, wide
