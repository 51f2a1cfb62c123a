"""unused_rendition rows of image_optimization_opportunities: renditions no person requested in the
look-back window of access logs."""

import shutil
from pathlib import Path

import dagster as dg
import pytest

from assets.delivery.assets import daily_media_delivery, raw_access_log
from assets.files.assets import media_file_facts
from assets.images.assets import image_optimization_opportunities
from assets.ingest.assets import media_inventory
from conftest import DATA, Workspace, item

IMAGES = DATA / "images"
ASSETS = [media_inventory, raw_access_log, daily_media_delivery, media_file_facts, image_optimization_opportunities]
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def request(day: int, path: str, status: int = 200, agent: str = BROWSER) -> str:
    return (f'192.0.2.7 - - [{day:02d}/Nov/2026:10:00:00 +0000] "GET /media/{path} HTTP/1.1" {status} 900 '
            f'"-" "{agent}"\n')


def rendition(name: str, path: str) -> dict:
    return {"name": name, "path": path, "width": 128, "height": 128, "size": 1}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """flower.jpg with three renditions: the thumbnail asked for on 1 November, the medium size as
    WebP on the 2nd, the large one only by a bot and with a 404; an item uploaded on the 2nd whose
    rendition no one asked for. Logs for the 1st and 2nd, none for the 3rd."""
    base = tmp_path_factory.mktemp("renditions")
    root = base / "media"
    root.mkdir()
    shutil.copy(IMAGES / "flower.jpg", root / "flower.jpg")
    for name in ["flower-thumb.jpg", "flower-medium.jpg", "new-thumb.jpg"]:
        shutil.copy(IMAGES / "hopper.jpg", root / name)
    shutil.copy(IMAGES / "hopper.png", root / "flower-large.png")
    shutil.copy(IMAGES / "hopper.jpg", root / "new.jpg")
    workspace = Workspace(base / "state")
    workspace.land("inventory", "export.ndjson", [
        item("flower", path="flower.jpg", created_at="2026-10-01T00:00:00Z", renditions=[
            rendition("thumbnail", "flower-thumb.jpg"), rendition("medium", "flower-medium.jpg"),
            rendition("large", "flower-large.png")]),
        item("new", path="new.jpg", created_at="2026-11-02T08:00:00Z",
             renditions=[rendition("thumbnail", "new-thumb.jpg")]),
    ])
    workspace.land("access_logs", "access.log", "".join([
        request(1, "flower-thumb.jpg"), request(2, "flower-medium.jpg.webp"),
        request(2, "flower-large.png", agent=BOT), request(2, "flower-large.png", status=404),
        request(2, "flower.jpg"),
    ]))
    return workspace, root


def build(workspace: Workspace, root: Path, day: str, **metrics) -> list[tuple]:
    result = dg.materialize(ASSETS, partition_key=day, resources=workspace.resources(media_root=root, **metrics))
    assert result.success
    with workspace.connect() as con:
        return con.execute(
            "SELECT media_id, path, current_bytes, expected_bytes, bytes_saved, method, original_requests, "
            "traffic_weighted_daily_savings, recommendation FROM image_optimization_opportunities "
            "WHERE day = $day AND kind = 'unused_rendition' ORDER BY path", {"day": day}).fetchall()


def test_a_rendition_no_person_requested_in_the_window_is_an_opportunity(site):
    workspace, root = site
    build(workspace, root, "2026-11-01")
    rows = build(workspace, root, "2026-11-02")
    # thumbnail asked for on the 1st, medium as WebP on the 2nd; large only by a bot and a 404;
    # new.jpg was uploaded after the first day of logs: too new to judge
    assert [row[:8] for row in rows] == [
        ("flower", "flower-large.png", 30605, 0, 30605, "estimated", 0, 0)]
    assert rows[0][8].startswith("large rendition (128 × 128) not requested in 2 day(s) of access logs")


def test_the_report_shows_unused_renditions_apart_from_the_originals_savings(site):
    from datetime import date

    from assets.images.report import load_image_report

    workspace, root = site
    build(workspace, root, "2026-11-01")
    build(workspace, root, "2026-11-02")
    with workspace.connect() as con:
        panel = load_image_report(con, date(2026, 11, 2))
        originals = con.execute("SELECT max(bytes_saved) FROM image_optimization_opportunities "
                                "WHERE day = '2026-11-02' AND kind <> 'unused_rendition' GROUP BY path").fetchall()
    # flower-large.png (30,605 bytes) of the four renditions listed at 1 byte each;
    # four requests of 900 bytes reached image paths on the 2nd (the WebP, the bot, the 404 and the
    # original: bandwidth counts them all)
    assert (panel.unused_renditions, panel.unused_rendition_bytes, panel.rendition_bytes) == (1, 30605, 4)
    assert panel.image_bytes_sent == 4 * 900
    assert panel.potential_bytes_saved == sum(saved for (saved,) in originals)


def test_the_look_back_window_bounds_the_evidence(site):
    workspace, root = site
    rows = build(workspace, root, "2026-11-02", unused_lookback_days=1)
    assert [row[1] for row in rows] == ["flower-large.png", "flower-thumb.jpg"]


def test_a_day_without_access_logs_recommends_no_deletion(site):
    workspace, root = site
    assert build(workspace, root, "2026-11-03") == []
