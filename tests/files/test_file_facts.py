"""media_file_facts on real images (tests/data/images) and hostile files, checked against Pillow."""

import hashlib
import os
import shutil
import struct
import zlib
from pathlib import Path

import dagster as dg
import pytest
from PIL import Image, ImageOps
from pypdf import PdfWriter

from assets.files.assets import media_duplicates, media_file_facts
from assets.ingest.assets import media_inventory
from conftest import DATA, Workspace, item

DAY = "2026-11-02"
IMAGES = DATA / "images"
REAL = ["hopper.jpg", "hopper.png", "hopper.gif", "hopper.bmp", "hopper.webp", "hopper.tif",
        "iss634.gif", "flower.jpg"]


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height pixels (no pixel data worth the name)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b""))


def build(workspace: Workspace, media_root: Path | None):
    result = dg.materialize([media_inventory, media_file_facts], partition_key=DAY,
                            resources=workspace.resources(media_root=media_root))
    assert result.success
    return result.asset_materializations_for_node("media_file_facts")[0].metadata


def facts(workspace: Workspace) -> dict[str, dict]:
    with workspace.connect() as con:
        cursor = con.execute("SELECT * FROM media_file_facts")
        columns = [d[0] for d in cursor.description]
        return {row[2]: dict(zip(columns, row)) for row in cursor.fetchall()}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """A media root with the real images, a rotated copy, a PNG named .jpg, hostile files and two
    PDFs, an inventory naming them all, and one scan of it."""
    base = tmp_path_factory.mktemp("facts")
    root = base / "media"
    (root / "img").mkdir(parents=True)
    for name in REAL:
        shutil.copy(IMAGES / name, root / "img" / name)
    with Image.open(IMAGES / "flower.jpg") as image:
        exif = image.getexif()
        exif[0x0112] = 6  # rotate 90° clockwise for display
        image.save(root / "img" / "rotated.jpg", exif=exif)
    shutil.copy(IMAGES / "hopper.png", root / "img" / "really-a-png.jpg")
    (root / "img" / "truncated.jpg").write_bytes((IMAGES / "flower.jpg").read_bytes()[:5000])
    (root / "img" / "empty.jpg").write_bytes(b"")
    (root / "img" / "bomb.png").write_bytes(png_header_only(20_000, 20_000))
    (base / "secret.jpg").write_bytes((IMAGES / "hopper.jpg").read_bytes())
    (root / "img" / "escape.jpg").symlink_to(base / "secret.jpg")
    (root / "img" / "inside-link.jpg").symlink_to(root / "img" / "hopper.jpg")
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": "Annual report"})
    writer.write(root / "report.pdf")
    writer.encrypt("s3cret")
    writer.write(root / "locked.pdf")

    names = [*REAL, "rotated.jpg", "really-a-png.jpg", "truncated.jpg", "empty.jpg", "bomb.png",
             "escape.jpg", "inside-link.jpg"]
    rows = [item(f"m{i}", path=f"img/{name}") for i, name in enumerate(names)]
    rows[0]["renditions"] = [{"name": "thumbnail", "path": "img/hopper.webp", "width": 128, "height": 128, "size": 1}]
    rows += [item("doc", path="report.pdf", mime_type="application/pdf"),
             item("locked", path="locked.pdf", mime_type="application/pdf"),
             item("gone", path="img/missing.jpg"), item("climber", path="../secret.jpg")]
    workspace = Workspace(base / "state")
    workspace.land("inventory", "export.ndjson", rows)
    metadata = build(workspace, root)
    return workspace, root, metadata


@pytest.mark.parametrize("name", [*REAL, "rotated.jpg"])
def test_facts_match_what_pillow_reports(library, name):
    workspace, root, _ = library
    row = facts(workspace)[f"img/{name}"]
    path = root / "img" / name
    with Image.open(path) as image:
        expected = {
            "detected_format": image.format, "mode": image.mode,
            "frame_count": getattr(image, "n_frames", 1), "is_animated": getattr(image, "is_animated", False),
            "icc_profile_bytes": len(image.info.get("icc_profile") or b""),
            "exif_bytes": len(image.info.get("exif") or b""),
        }
        expected["width"], expected["height"] = ImageOps.exif_transpose(image).size
    expected |= {"size_bytes": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                 "extension_mismatch": False, "error": None}
    assert {key: row[key] for key in expected} == expected


def test_a_rotated_photo_is_measured_as_displayed(library):
    row = facts(library[0])["img/rotated.jpg"]
    assert (row["orientation"], row["width"], row["height"]) == (6, 360, 480)  # flower.jpg is 480 × 360


def test_the_same_picture_in_several_formats_orders_by_compression(library):
    rows = facts(library[0])
    size = {fmt: rows[f"img/hopper.{fmt}"]["size_bytes"] for fmt in ["webp", "jpg", "gif", "png", "bmp"]}
    # lossy < 256-colour palette < lossless truecolour < uncompressed (128 × 128 × 3 bytes + header)
    assert size["webp"] < size["jpg"] < size["gif"] < size["png"] < size["bmp"]
    assert size["bmp"] >= 128 * 128 * 3


def test_an_animated_gif_is_recognised(library):
    rows = facts(library[0])
    assert (rows["img/iss634.gif"]["is_animated"], rows["img/iss634.gif"]["frame_count"] > 1) == (True, True)
    assert rows["img/hopper.gif"]["is_animated"] is False


def test_a_png_named_jpg_is_reported(library):
    row = facts(library[0])["img/really-a-png.jpg"]
    assert (row["detected_format"], row["extension_mismatch"], row["error"]) == ("PNG", True, None)


def test_hostile_files_get_error_rows_and_the_scan_goes_on(library):
    rows = facts(library[0])
    assert rows["img/truncated.jpg"]["error"].startswith("cannot decode")
    assert rows["img/empty.jpg"]["error"] == "empty file (0 bytes)"
    assert rows["img/empty.jpg"]["size_bytes"] == 0
    assert rows["img/bomb.png"]["error"].startswith("decompression bomb")
    assert rows["img/missing.jpg"]["error"] == "missing"
    assert rows["locked.pdf"]["pdf_encrypted"] is True
    assert rows["locked.pdf"]["error"] == "encrypted PDF (needs a password)"


def test_a_symlink_outside_the_root_is_not_followed(library):
    rows = facts(library[0])
    escape = rows["img/escape.jpg"]
    assert escape["error"] == "symlink pointing outside MEDIA_ROOT (not followed)"
    assert (escape["sha256"], escape["size_bytes"]) == (None, None)
    assert rows["../secret.jpg"]["error"] == "path outside MEDIA_ROOT"
    # a link that stays inside the root is read like the file it points at
    assert rows["img/inside-link.jpg"]["sha256"] == rows["img/hopper.jpg"]["sha256"]


def test_pdf_pages_title_and_text_layer(library):
    row = facts(library[0])["report.pdf"]
    assert (row["detected_format"], row["pdf_page_count"], row["pdf_title"], row["pdf_text_chars"],
            row["pdf_encrypted"], row["error"]) == ("PDF", 3, "Annual report", 0, False, None)


def test_renditions_are_scanned_with_their_role(library):
    assert facts(library[0])["img/hopper.webp"]["role"] == "thumbnail"


def test_a_rescan_of_unchanged_files_opens_none_of_them(library, tmp_path):
    workspace, root, first = library
    copy = Workspace(tmp_path)
    copy.landing = workspace.landing
    shutil.copytree(workspace.warehouse_dir, copy.warehouse_dir)
    # Same size and mtime but other bytes: only a file that is opened again can notice.
    target = root / "img" / "hopper.png"
    before = target.stat()
    target.write_bytes(bytes(before.st_size))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    try:
        metadata = build(copy, root)
        assert metadata["files_opened"].value == 0
        assert metadata["files_carried_over"].value == first["files_carried_over"].value + first["files_opened"].value
        assert facts(copy)["img/hopper.png"]["sha256"] == hashlib.sha256((IMAGES / "hopper.png").read_bytes()).hexdigest()
        os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        assert build(copy, root)["files_opened"].value == 1
        assert facts(copy)["img/hopper.png"]["error"] == "not an image Pillow can identify"
    finally:
        shutil.copy(IMAGES / "hopper.png", target)


def test_without_media_root_nothing_is_written(workspace):
    workspace.land("inventory", "export.ndjson", [item("m1")])
    metadata = build(workspace, None)
    assert metadata["dagster/row_count"].value == 0
    assert "not set" in metadata["media_root"].value
    assert workspace.query("SELECT count(*) FROM media_file_facts") == [(0,)]


def test_every_file_facts_column_is_documented(library):
    assert library[0].query("SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND comment IS NULL "
                            "AND table_name = 'media_file_facts'") == []


def test_identical_content_under_different_ids_is_a_duplicate(tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    for name in ["a.jpg", "b.jpg", "c.jpg"]:
        shutil.copy(IMAGES / "hopper.jpg", root / name)
    shutil.copy(IMAGES / "flower.jpg", root / "d.jpg")
    shutil.copy(IMAGES / "hopper.webp", root / "b-thumb.webp")
    workspace = Workspace(tmp_path / "state")
    published = [{"type": "post", "id": "1", "status": "publish"}]
    workspace.land("inventory", "export.ndjson", [
        item("a", path="a.jpg", created_at="2026-01-01T00:00:00Z"),
        item("b", path="b.jpg", created_at="2026-02-01T00:00:00Z", usage_locations=published,
             renditions=[{"name": "thumbnail", "path": "b-thumb.webp", "width": 128, "height": 128, "size": 1}]),
        item("c", path="c.jpg", created_at="2026-03-01T00:00:00Z", deleted_at="2026-10-01T00:00:00Z"),
        item("d", path="d.jpg"),
        item("d-again", path="d.jpg"),  # two items naming one file: removing one frees nothing
    ])
    result = dg.materialize([media_inventory, media_file_facts, media_duplicates], partition_key=DAY,
                            resources=workspace.resources(media_root=root))
    assert result.success
    hopper = hashlib.sha256((IMAGES / "hopper.jpg").read_bytes()).hexdigest()
    # b is kept (the only one referenced); c was deleted before the day and is not a live copy
    assert workspace.query(
        "SELECT media_id, sha256 = $h, copies, keep_media_id, is_kept, reclaimable_bytes FROM media_duplicates "
        "ORDER BY media_id", {"h": hopper}) == [
        ("a", True, 2, "b", False, 6412),
        ("b", True, 2, "b", True, 0),
        ("d", False, 2, "d", True, 0),
        ("d-again", False, 2, "d", False, 0),
    ]


def test_disagreements_with_the_export_are_reported_as_a_warning(tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    shutil.copy(IMAGES / "hopper.jpg", root / "right.jpg")
    shutil.copy(IMAGES / "flower.jpg", root / "wrong.jpg")
    workspace = Workspace(tmp_path / "state")
    workspace.land("inventory", "export.ndjson", [
        item("right", path="right.jpg", size=6412, width=128, height=128),
        item("wrong", path="wrong.jpg", size=30000, width=360, height=480),  # really 32,764 bytes, 480 x 360
    ])
    result = dg.materialize([media_inventory, media_file_facts], partition_key=DAY,
                            resources=workspace.resources(media_root=root))
    check = next(e for e in result.get_asset_check_evaluations()
                 if e.check_name == "media_file_facts_agree_with_inventory")
    assert (check.passed, check.severity) == (False, dg.AssetCheckSeverity.WARN)
    assert {k: v.value for k, v in check.metadata.items()} == {
        "size_disagreements": 1, "dimension_disagreements": 1, "first_size_disagreement": "wrong.jpg"}


def test_a_docx_with_corrupt_compressed_data_gets_an_error_row_not_a_failed_scan(tmp_path):
    import io
    import zipfile

    from assets.files.scan import inspect_file

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "text " * 2000 + "</w:document>")
    data = bytearray(buffer.getvalue())
    start = data.index(b"word/document.xml") + len("word/document.xml") + 20  # inside its deflate stream
    data[start:start + 40] = bytes(range(40))  # the zip headers stay intact, the stream does not
    (tmp_path / "plan.docx").write_bytes(bytes(data))
    facts = inspect_file((str(tmp_path), "plan.docx"))
    assert facts["error"].startswith("cannot read: error: Error -3 while decompressing data")
    assert facts["sha256"] == hashlib.sha256(bytes(data)).hexdigest()
