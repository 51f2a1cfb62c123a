"""The Optimise action (the seed's Optimize button): write the recommended image variants of a day
to an output folder with a manifest. Originals are only read; every variant is decoded again and
kept only when it is smaller than its source."""

import csv
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import dagster as dg
from PIL import Image

from assets.images.encoding import EXTENSION, PIXEL_BUDGET, SAVE_FORMAT, variant
from assets.files.scan import resolve_inside
from assets.shared.resources import MediaFilesResource, WarehouseResource
from assets.shared.sqlfiles import fetch_dicts

VARIANT_KINDS = ("resize", "format", "compression")
MANIFEST_FIELDS = ("media_id", "source", "kind", "variant", "format", "width", "height",
                   "bytes_before", "bytes_after", "bytes_saved", "status")


class OptimiseConfig(dg.Config):
    """Which day's recommendations to write, and where."""

    day: str = ""  # YYYY-MM-DD; empty: the latest day with image opportunities
    output_dir: str = ""  # empty: <MEDIA_ANALYTICS_HOME>/optimised/<day>
    kinds: list[str] = list(VARIANT_KINDS)


def variant_name(source: str, kind: str, target_format: str, width: int | None) -> str:
    """Where a variant goes, relative to the output folder: beside the source's relative path,
    `hero-800w.jpg` (resize), `hero.jpg.avif` (format), `hero.recompressed.jpg` (compression)."""
    path = Path(source.lstrip("/"))
    extension = EXTENSION.get(target_format, target_format.lower())
    if kind == "resize":
        return str(path.with_name(f"{path.stem}-{width}w.{extension}"))
    if kind == "format":
        return str(path.with_name(f"{path.name}.{extension}"))
    return str(path.with_name(f"{path.stem}.recompressed.{extension}"))


def write_variant(task: tuple[str, str, str, int, str]) -> dict:
    """Encode one variant (runs in a worker): task = (source file, target format, width or 0,
    bytes of the source, variant file). The file is written under a temporary name, decoded again,
    and kept under its name only when it decodes and is smaller than the source."""
    source, target_format, width, bytes_before, destination = task
    temporary = f"{destination}.partial"
    try:
        data = variant(source, target_format, width)
        if len(data) >= bytes_before:
            return {"bytes_after": len(data), "status": "not smaller: not written"}
        Path(destination).parent.mkdir(parents=True, exist_ok=True)
        Path(temporary).write_bytes(data)
        with Image.open(temporary) as image:
            image.load()
            decoded = (image.format, image.width, image.height)
        if decoded[0] != SAVE_FORMAT.get(target_format, target_format) or (width and decoded[1] != width):
            os.remove(temporary)
            return {"bytes_after": len(data), "status": f"decodes as {decoded}: not written"}
        os.replace(temporary, destination)
        return {"bytes_after": len(data), "width": decoded[1], "height": decoded[2], "status": "written"}
    except Exception as exc:  # a source that changed or broke since it was measured
        if os.path.exists(temporary):
            os.remove(temporary)
        return {"status": f"failed: {type(exc).__name__}: {exc}"}


@dg.op(out=dg.Out(dg.Nothing))
def optimised_media_variants(
    context: dg.OpExecutionContext, config: OptimiseConfig, warehouse: WarehouseResource,
    media: MediaFilesResource,
) -> None:
    """Write the resize/format/compression variants that image_optimization_opportunities
    recommends for a day, and `manifest.csv` (source, variant, bytes before/after, status)."""
    if not media.root:
        raise dg.Failure("MEDIA_ROOT is not set: there are no files to optimise.")
    with warehouse.connect() as con:
        day = date.fromisoformat(config.day) if config.day else con.execute(
            "SELECT max(day) FROM image_optimization_opportunities").fetchone()[0]
        if day is None:
            raise dg.Failure("No image opportunities have been built yet: build a day first.")
        planned = fetch_dicts(con, "optimise_variants",
                              {"day": day, "kinds": config.kinds, "pixel_budget": PIXEL_BUDGET})
    output = Path(config.output_dir or Path(media.optimised_dir or "optimised") / day.isoformat()).absolute()
    root = Path(os.path.realpath(media.root))
    if os.path.commonpath([root, os.path.realpath(output)]) == str(root):
        raise dg.Failure(f"The output folder {output} is inside MEDIA_ROOT ({root}): choose another, "
                         "originals are never written next to.")
    tasks, refused = {}, {}
    for n, row in enumerate(planned):
        source, error = resolve_inside(root, row["path"])
        row["variant"] = variant_name(row["path"], row["kind"], row["target_format"], row["target_width"])
        destination = os.path.normpath(output / row["variant"])
        if error is None and os.path.commonpath([output, destination]) != str(output):
            error = "variant path outside the output folder"
        if error:
            refused[n] = {"status": f"refused: {error}"}
        else:
            tasks[n] = (str(source), row["target_format"], row["target_width"] or 0, row["bytes_before"],
                        destination)
    context.log.info(f"Writing {len(tasks)} variants of {day} to {output}")
    with ProcessPoolExecutor(max_workers=media.workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        written = dict(zip(tasks, pool.map(write_variant, tasks.values(), chunksize=4)))
    results = [written.get(n) or refused[n] for n in range(len(planned))]
    manifest = [_manifest_row(row, result) for row, result in zip(planned, results)]
    output.mkdir(parents=True, exist_ok=True)
    with open(output / "manifest.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=MANIFEST_FIELDS)
        writer.writeheader()
        writer.writerows(manifest)
    written = [m for m in manifest if m["status"] == "written"]
    context.add_output_metadata({
        "day": day.isoformat(), "output_dir": str(output), "variants_planned": len(manifest),
        "variants_written": len(written), "bytes_saved": sum(m["bytes_saved"] for m in written),
        "not_written": len(manifest) - len(written),
    })


def _manifest_row(row: dict, result: dict) -> dict:
    after = result.get("bytes_after")
    return {
        "media_id": row["media_id"], "source": row["path"], "kind": row["kind"],
        "variant": row["variant"] if result["status"] == "written" else "",
        "format": row["target_format"], "width": result.get("width"), "height": result.get("height"),
        "bytes_before": row["bytes_before"], "bytes_after": after,
        "bytes_saved": row["bytes_before"] - after if after is not None else None, "status": result["status"],
    }
