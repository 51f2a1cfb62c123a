"""optimise_media_job: the recommended variants written to an output folder with a manifest,
originals untouched, every variant decoded again and smaller than its source."""

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest
from PIL import Image

from assets.files.assets import media_file_facts
from assets.images.assets import image_optimization_opportunities
from assets.delivery.assets import daily_media_delivery, raw_access_log
from assets.ingest.assets import media_inventory
from assets.images.optimise import write_variant
from conftest import DATA, ROOT, Workspace, item
from pipelines.definitions import defs
from pipelines.jobs import optimise_media_job

DAY = "2026-11-02"
IMAGES = DATA / "images"


def digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def optimised(tmp_path_factory):
    """flower.jpg shown at 200 px, hopper.png, a JPEG saved at quality 98, the day built, then the
    job run into an output folder."""
    base = tmp_path_factory.mktemp("optimise")
    root = base / "media"
    (root / "2026").mkdir(parents=True)
    shutil.copy(IMAGES / "flower.jpg", root / "2026" / "flower.jpg")
    shutil.copy(IMAGES / "hopper.png", root / "hopper.png")
    with Image.open(IMAGES / "flower.jpg") as image:
        image.save(root / "heavy.jpg", quality=98)
    workspace = Workspace(base / "state")
    workspace.land("inventory", "export.ndjson", [
        item("flower", path="2026/flower.jpg", display_widths=[200]),
        item("hopper", path="hopper.png", mime_type="image/png"),
        item("heavy", path="heavy.jpg"),
    ])
    resources = workspace.resources(media_root=root)
    assert dg.materialize([media_inventory, raw_access_log, daily_media_delivery, media_file_facts,
                           image_optimization_opportunities], partition_key=DAY, resources=resources).success
    before = digests(root)
    output = base / "optimised"
    result = optimise_media_job.execute_in_process(
        run_config={"ops": {"optimised_media_variants": {"config": {"day": DAY, "output_dir": str(output)}}}},
        resources=resources)
    assert result.success
    with open(output / "manifest.csv", encoding="utf-8") as handle:
        manifest = {(row["source"], row["kind"]): row for row in csv.DictReader(handle)}
    return workspace, root, output, before, manifest, result


def test_originals_are_never_touched(optimised):
    _, root, _, before, _, _ = optimised
    assert digests(root) == before


def test_every_recommended_variant_is_written_with_its_sizes(optimised):
    workspace, _, output, _, manifest, _ = optimised
    expected = workspace.query(
        "SELECT path, kind FROM image_optimization_opportunities WHERE kind IN ('resize', 'format', 'compression')")
    assert sorted(manifest) == sorted(expected)
    for row in manifest.values():
        assert row["status"] == "written"
        variant = output / row["variant"]
        assert variant.stat().st_size == int(row["bytes_after"]) < int(row["bytes_before"])
        assert int(row["bytes_saved"]) == int(row["bytes_before"]) - int(row["bytes_after"])


def test_each_variant_decodes_as_its_format_and_size(optimised):
    _, _, output, _, manifest, _ = optimised
    resize = manifest[("2026/flower.jpg", "resize")]
    assert resize["variant"] == "2026/flower-200w.jpg"
    with Image.open(output / resize["variant"]) as image:
        assert (image.format, image.size) == ("JPEG", (200, 150))  # 480 × 360 shown at 200 px
    convert = manifest[("hopper.png", "format")]
    with Image.open(output / convert["variant"]) as image:
        assert (image.format, image.size) == (convert["format"], (128, 128))
    assert convert["variant"] == f"hopper.png.{convert['format'].lower()}"
    with Image.open(output / manifest[("heavy.jpg", "compression")]["variant"]) as image:
        assert (image.format, image.size) == ("JPEG", (480, 360))


def test_the_run_reports_what_it_wrote(optimised):
    *_, manifest, result = optimised
    output = next(e for e in result.all_events if e.event_type_value == "STEP_OUTPUT")
    values = {k: v.value for k, v in output.event_specific_data.metadata.items()}
    assert (values["variants_written"], values["not_written"]) == (len(manifest), 0)
    assert values["bytes_saved"] == sum(int(r["bytes_saved"]) for r in manifest.values())


def test_a_variant_that_is_not_smaller_is_not_kept(tmp_path):
    destination = tmp_path / "out" / "hopper-64w.jpg"
    # hopper.jpg at 64 px is some hundreds of bytes: claim the source had fewer
    result = write_variant((str(IMAGES / "hopper.jpg"), "JPEG", 64, 100, str(destination)))
    assert result["status"] == "not smaller: not written" and result["bytes_after"] > 100
    assert not destination.exists() and not destination.parent.exists()


def test_a_source_that_cannot_be_decoded_is_reported(tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes((IMAGES / "flower.jpg").read_bytes()[:3000])
    result = write_variant((str(broken), "WEBP", 0, 32764, str(tmp_path / "broken.jpg.webp")))
    assert result["status"].startswith("failed: OSError")
    assert list(tmp_path.iterdir()) == [broken]


def test_an_output_folder_inside_the_media_root_is_refused(optimised):
    workspace, root, *_ = optimised
    result = optimise_media_job.execute_in_process(
        run_config={"ops": {"optimised_media_variants": {"config": {"output_dir": str(root / "out")}}}},
        resources=workspace.resources(media_root=root), raise_on_error=False)
    assert not result.success
    assert "inside MEDIA_ROOT" in str(result.failure_data_for_node("optimised_media_variants").error.message)
    assert not (root / "out").exists()


def test_the_optimise_job_is_its_own_and_the_daily_job_does_not_optimise():
    assert defs.resolve_job_def("optimise_media_job").nodes[0].name == "optimised_media_variants"
    assert "optimised_media_variants" not in {node.name for node in defs.resolve_job_def("daily_analytics_job").nodes}


def test_the_command_line_writes_the_latest_days_variants(optimised, tmp_path):
    workspace, root, _, _, written, _ = optimised
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "optimise"], cwd=ROOT,
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "MEDIA_ANALYTICS_HOME": str(tmp_path), "WAREHOUSE_CATALOG": workspace.warehouse().catalog,
             "WAREHOUSE_DATA_PATH": workspace.warehouse().data_path,
             "MEDIA_ROOT": str(root), "DAGSTER_HOME": ""})
    assert done.returncode == 0, done.stderr
    manifest = tmp_path / "optimised" / DAY / "manifest.csv"
    assert done.stdout.splitlines()[1].strip() == f"manifest: {manifest}"
    assert done.stdout.startswith(f"{len(written)} of {len(written)} variants written for {DAY}")
    assert len(list(manifest.parent.rglob("*.*"))) == len(written) + 1


def test_a_variant_of_an_absolute_inventory_path_stays_in_the_output_folder():
    from assets.images.optimise import variant_name

    assert variant_name("/uploads/hero.jpg", "format", "WEBP", None) == "uploads/hero.jpg.webp"
    assert variant_name("/uploads/hero.jpg", "resize", "JPEG", 800) == "uploads/hero-800w.jpg"
