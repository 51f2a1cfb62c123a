"""The day's HTML page in a real headless Chromium: every section is there, every chart loads,
nothing is logged to the console, and nothing is fetched from outside. A screenshot is kept in
test-artifacts/ for a person to look at."""

import shutil
from pathlib import Path

import dagster as dg
import pytest
from playwright.sync_api import sync_playwright

from pipelines.definitions import ASSET_MODULES

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
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


def test_the_report_page_renders_cleanly_in_chromium(landed, browser):
    assets = dg.load_assets_from_modules(ASSET_MODULES)
    for day in ("2026-11-01", "2026-11-02"):  # two days, so the page has a trend
        assert dg.materialize(assets, partition_key=day, resources=landed.resources()).success
    page_path = landed.root / "reports" / "2026-11-02" / "index.html"

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console, failed, external = [], [], []
    page.on("console", lambda message: console.append(message) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: console.append(error))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("request", lambda request: external.append(request.url) if not request.url.startswith("file:") else None)
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")

    assert console == [] and failed == [] and external == []
    for section in SECTIONS:
        assert page.locator(f"section#{section}").count() == 1, section
    images = page.eval_on_selector_all("img", "els => els.map(e => [e.getAttribute('src'), e.naturalWidth, e.alt])")
    assert len(images) >= 4
    for src, width, alt in images:
        assert width > 0, f"{src} did not load"
        assert alt, f"{src} has no alt text"
    # The hostile file name is shown as text, not run.
    assert page.get_by_text('<script>alert("x")</script>\'.png').count() >= 1
    assert page.evaluate("() => document.querySelectorAll('script').length") == 0

    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "report-2026-11-02.png"), full_page=True)
    page.close()
