"""image_encodings: the re-encodes a day's images need, measured before the traffic is read."""

import io
import shutil
from datetime import date

import dagster as dg
from PIL import Image, ImageOps

from assets.delivery.assets import daily_media_delivery, raw_access_log
from assets.files.assets import media_file_facts
from assets.images.assets import image_encodings, image_optimization_opportunities
from assets.images.encoding import measure
from assets.ingest.assets import media_inventory
from conftest import DATA, Workspace, item

IMAGES = DATA / "images"
DAY = "2026-11-02"
OWN_DAY = [media_inventory, media_file_facts, image_encodings]
OTHER_DAYS = [raw_access_log, daily_media_delivery, image_optimization_opportunities]


def pillow_bytes(path, target: str, width: int = 0, **settings) -> int:
    with Image.open(path) as image:
        shown = ImageOps.exif_transpose(image)
        if width:
            shown = shown.resize((width, round(shown.height * width / shown.width)), Image.Resampling.LANCZOS)
        if target == "WEBP" and shown.mode not in ("RGB", "RGBA"):
            shown = shown.convert("RGB")
        buffer = io.BytesIO()
        shown.save(buffer, format=target, **settings)
        return buffer.tell()


def test_one_decode_gives_each_targets_bytes(tmp_path):
    path = str(IMAGES / "flower.jpg")  # 480 x 360
    assert measure((path, (("WEBP", 0), ("JPEG", 200)))) == [
        (pillow_bytes(path, "WEBP", quality=80, method=4), None),
        (pillow_bytes(path, "JPEG", 200, quality=85, optimize=True), None)]


def test_a_file_that_cannot_be_decoded_fails_every_target(tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes((IMAGES / "flower.jpg").read_bytes()[:200])
    found = measure((str(broken), (("WEBP", 0), ("JPEG", 200))))
    assert [size for size, _ in found] == [None, None]
    assert all(error.startswith("OSError") for _, error in found)


def site(tmp_path) -> tuple[Workspace, object]:
    root = tmp_path / "media"
    root.mkdir()
    shutil.copy(IMAGES / "flower.jpg", root / "flower.jpg")
    shutil.copy(IMAGES / "hopper.png", root / "hopper.png")
    workspace = Workspace(tmp_path / "state")
    workspace.land("inventory", "export.ndjson", [  # both created before DAY
        item("flower", path="flower.jpg", display_widths=[200]),
        item("hopper", path="hopper.png", mime_type="image/png")])
    return workspace, root


def test_a_days_first_run_measures_what_its_opportunities_need(tmp_path):
    workspace, root = site(tmp_path)
    resources = workspace.resources(media_root=root)
    first = dg.materialize(OWN_DAY, partition_key=DAY, resources=resources)
    # flower: resize, WebP, AVIF; hopper: WebP, AVIF
    assert first.asset_materializations_for_node("image_encodings")[0].metadata["encoded_now"].value == 5
    second = dg.materialize(OTHER_DAYS, partition_key=DAY, resources=resources)
    facts = second.asset_materializations_for_node("image_optimization_opportunities")[0].metadata
    assert (facts["encoded_now"].value, facts["encodings_from_cache"].value) == (0, 5)
    assert workspace.query("SELECT count(*) FROM image_optimization_opportunities") != [(0,)]


def test_an_encoding_is_dated_on_the_first_day_that_needs_it(tmp_path):
    # the later day is built first, as a day beside it may be: the encodings stay the earlier day's
    later = "2026-11-03"
    workspace, root = site(tmp_path)
    resources = workspace.resources(media_root=root)
    dg.materialize(OWN_DAY, partition_key=later, resources=resources)
    assert workspace.query("SELECT DISTINCT measured_on FROM image_encodings") == [(date(2026, 11, 3),)]
    again = dg.materialize(OWN_DAY, partition_key=DAY, resources=resources)
    assert again.asset_materializations_for_node("image_encodings")[0].metadata["encoded_now"].value == 0
    assert workspace.query("SELECT DISTINCT measured_on FROM image_encodings") == [(date(2026, 11, 2),)]
