"""The day's HTML page in a real headless Chromium: every section is there, every chart loads,
nothing is logged to the console, and nothing is fetched from outside; on a phone (390 CSS pixels)
no page scrolls sideways (a wide table scrolls inside its section). Screenshots are kept in
test-artifacts/ for a person to look at."""

import shutil
from pathlib import Path

import dagster as dg
import pytest
from playwright.sync_api import sync_playwright

from pipelines.definitions import ASSET_MODULES
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = 390  # CSS pixels: an iPhone 12-15's viewport width
SECTIONS = ["storage", "usage", "most-used", "performance", "exports", "trend", "unused", "uploads", "data-quality", "footnotes"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `apt-get install chromium` (.ci/run does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


TYPE_SECTIONS = ["summary", "formats", "most-used", "bandwidth", "unused", "footnotes"]


def open_cleanly(browser, path: Path):
    """Open a page; assert nothing was logged, failed or fetched from outside, and every image
    loaded with alt text. Returns the open page."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console, failed, external = [], [], []
    page.on("console", lambda message: console.append(message) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: console.append(error))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("request", lambda request: external.append(request.url) if not request.url.startswith("file:") else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert console == [] and failed == [] and external == [], path.name
    images = page.eval_on_selector_all("img", "els => els.map(e => [e.getAttribute('src'), e.naturalWidth, e.alt])")
    for src, width, alt in images:
        assert width > 0, f"{src} did not load"
        assert alt, f"{src} has no alt text"
    assert page.evaluate("() => document.querySelectorAll('script').length") == 0
    return page, images


def test_the_report_pages_render_cleanly_in_chromium(landed, browser):
    assets = dg.load_assets_from_modules(ASSET_MODULES)
    for day in ("2026-11-01", "2026-11-02"):  # two days, so the page has a trend
        assert dg.materialize(assets, partition_key=day, resources=landed.resources()).success
    folder = landed.root / "reports" / "2026-11-02"
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)

    page, images = open_cleanly(browser, folder / "index.html")
    for section in SECTIONS:
        assert page.locator(f"section#{section}").count() == 1, section
    # storage by type, usage and bandwidth per day; nothing was uploaded or deleted on 11-01 or 11-02,
    # so the uploads chart is left out
    assert sorted(Path(src).stem for src, _, _ in images) == ["bandwidth_trend", "storage_by_type", "usage_trend"]
    # The hostile file name is shown as text, not run.
    assert page.get_by_text('<script>alert("x")</script>\'.png').count() >= 1
    page.screenshot(path=str(artifacts / "report-2026-11-02.png"), full_page=True)
    # The landed library has images and a document: their pages, reached from the overview.
    assert page.eval_on_selector_all("nav.pages a", "els => els.map(e => e.getAttribute('href'))") == [
        "../index.html", "images.html", "documents.html"]
    page.close()

    for name in ("images", "documents"):
        page, images = open_cleanly(browser, folder / f"{name}.html")
        for section in TYPE_SECTIONS:
            assert page.locator(f"section#{section}").count() == 1, (name, section)
        assert len(images) == 2  # the type's 30-day trend and its formats
        page.screenshot(path=str(artifacts / f"report-2026-11-02-{name}.png"), full_page=True)
        page.close()

    for name in ("index", "images", "documents"):
        page = browser.new_page(viewport={"width": PHONE, "height": 844})
        page.goto((folder / f"{name}.html").as_uri())
        page.wait_for_load_state("load")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        sticking_out = page.evaluate(f"""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > {PHONE} + 0.5 && !e.closest('table.data'))
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40))""")
        page.screenshot(path=str(artifacts / f"report-2026-11-02-{name}-390px.png"), full_page=True)
        page.close()
        assert width <= PHONE, (name, sticking_out)
