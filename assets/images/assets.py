"""Image optimisation opportunities, measured on the files by re-encoding them (DESIGN.md "Images")."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import date

import dagster as dg
import polars as pl

from assets.delivery.assets import daily_media_delivery, raw_access_log
from assets.files.assets import media_file_facts
from assets.images.encoding import (
    PIXEL_BUDGET, SAVE_FORMAT, SAVE_SETTINGS, TARGET_BYTES_PER_PIXEL, measure, modern_formats,
    settings_key, video_savings_share,
)
from assets.ingest.assets import media_inventory
from assets.files.scan import resolve_inside
from assets.shared.checks import WAREHOUSE_POOL, daily_table_result, partition_day, unique_keys_spec
from assets.shared.resources import MediaFilesResource, MetricsResource, WarehouseResource
from assets.shared.sqlfiles import fetch_dicts, load_sql, run_sql
from assets.shared.warehouse import transaction
from assets.shared.partitions import LOOKBACK_DAYS, daily_partitions, days_ending_on_the_day

OPPORTUNITY_KEYS = ("day", "path", "kind")
SAVINGS_CHECK = "image_optimization_opportunities_savings_within_bytes_sent"
KIB = 1024  # thresholds are Lighthouse's, in KiB; what the report shows is decimal (kB)
MIN_FORMAT_SAVINGS = 8 * KIB        # Lighthouse ignores smaller modern-format savings
MIN_COMPRESSION_SAVINGS = 4 * KIB   # Lighthouse's threshold for uses-optimized-images
ANIMATED_GIF_MIN_BYTES = 100 * KIB  # Lighthouse's efficient-animated-content threshold
WEBP_SOURCES = {"JPEG", "PNG", "GIF", "BMP", "TIFF", "MPO"}
COMPRESSED_FORMATS = {"JPEG", "WEBP", "AVIF", "MPO"}
_NAMES = {"WEBP": "WebP", "AVIF": "AVIF"}


@dg.asset(
    partitions_def=daily_partitions,
    group_name="images",
    kinds={"duckdb", "pillow"},
    pool=WAREHOUSE_POOL,
    deps=[media_file_facts, media_inventory],
)
def image_encodings(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, media: MediaFilesResource,
):
    """One row per original image content (SHA-256), kind (`resize` at the largest display width,
    `format` as WebP and AVIF), width and encoder settings: the bytes of the re-encode, or why it
    failed, and the first day that needed it. A cache across days that the day's images add to:
    only content not measured before is encoded, in the pool of `media.workers` processes. It reads
    only the files and the inventory, so a range's first day measures its images before any
    traffic is read, while nothing else runs; image_optimization_opportunities takes its sizes
    from here."""
    day = partition_day(context)
    with warehouse.connect() as con:
        candidates = fetch_dicts(con, "image_candidates", {"day": day})
        measured = _measurements(context, con, media, [row for c in candidates for row in plan(c)], day)
    return dg.MaterializeResult(metadata={
        "media_root": media.root or "MEDIA_ROOT is not set: no files to measure", "images": len(candidates),
        "encoded_now": measured["encoded_now"], "encodings_from_cache": measured["from_cache"]})


@dg.asset(
    partitions_def=daily_partitions,
    group_name="images",
    kinds={"duckdb", "pillow"},
    pool=WAREHOUSE_POOL,
    deps=[media_file_facts, media_inventory, daily_media_delivery, image_encodings,
          # unused renditions: requests of the look-back window
          dg.AssetDep(raw_access_log, partition_mapping=days_ending_on_the_day(LOOKBACK_DAYS))],
    check_specs=[unique_keys_spec("image_optimization_opportunities", OPPORTUNITY_KEYS),
                 dg.AssetCheckSpec(
                     SAVINGS_CHECK, asset="image_optimization_opportunities",
                     description="No row's traffic-weighted daily savings exceed the bytes the day sent "
                                 "as that original file: a day's saving can only come from bytes sent.")],
)
def image_optimization_opportunities(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, media: MediaFilesResource,
    metrics: MetricsResource,
):
    """One row per day, original image and kind of saving: `resize` (wider than 2 x the largest
    display width: re-encoded at that width in the same format), `format` (JPEG/PNG/GIF/BMP/TIFF
    encoded as WebP quality 80 and AVIF quality 50, the smaller kept; >= 8,192 bytes), `compression` (JPEG/WebP/AVIF above 2/12 bytes
    per pixel; >= 4,096 bytes), `gif_to_video` (animated GIF over 102,400 bytes) and `unused_rendition` (a
    rendition no person requested in the UNUSED_LOOKBACK_DAYS window of access logs; only when the
    day has access logs) — with current and expected bytes, how they were found (`reencoded`, or
    `estimated` for files over 16 MP and the estimates), and bytes saved x the day's requests for
    the original file, the rank's order. Re-encodings come from the `image_encodings` cache (by
    content hash: an unchanged file is encoded once); any it lacks are encoded here."""
    day = partition_day(context)
    with warehouse.connect() as con:
        candidates = fetch_dicts(con, "image_candidates", {"day": day})
        planned = [row for candidate in candidates for row in plan(candidate)]
        measured = _measurements(context, con, media, planned, day)
        rows = [row for row in (finish(p, measured) for p in planned) if row]
        rows += fetch_dicts(con, "unused_renditions", {"day": day, "lookback_days": metrics.unused_lookback_days})

        with transaction(con):
            con.execute("DELETE FROM image_optimization_opportunities WHERE day = $day", {"day": day})
            if rows:
                opportunity_rows = pl.DataFrame(rows, infer_schema_length=None)  # noqa: F841 (read by DuckDB)
                con.execute("INSERT INTO image_optimization_opportunities BY NAME "
                            + load_sql("image_optimization_opportunities"), {"day": day})
        totals = fetch_dicts(con, "image_optimization_opportunities_summary", {"day": day})
        metadata = {"media_root": media.root or "MEDIA_ROOT is not set: no files to measure",
                    "images": len(candidates), "encoded_now": measured["encoded_now"],
                    "encodings_from_cache": measured["from_cache"]}
        metadata |= {f"{t['kind']}_bytes_saved": int(t["bytes_saved"]) for t in totals}
        metadata |= {f"{t['kind']}_files": t["files"] for t in totals}
        return daily_table_result(con, "image_optimization_opportunities", day, OPPORTUNITY_KEYS,
                                  "rank", len(rows), extra_metadata=metadata,
                                  extra_checks=[savings_within_bytes_sent_check(con, day)])


def savings_within_bytes_sent_check(con, day: date) -> dg.AssetCheckResult:
    """Passes when no row of `day` claims more traffic-weighted savings than the bytes sent as its
    original file that day."""
    found = fetch_dicts(con, "image_savings_over_bytes_sent", {"day": day})[0]
    over, worst = found["rows_over"], found["worst"]
    return dg.AssetCheckResult(check_name=SAVINGS_CHECK, passed=over == 0,
                               metadata={"rows_over_bytes_sent": over, "worst": worst or ""})


def plan(image: dict) -> list[dict]:
    """The opportunities to look at for one image: each either a re-encode to measure (`task`) or
    an estimate (`expected_bytes`)."""
    fmt, size, width, height = image["detected_format"], image["size_bytes"], image["width"], image["height"]
    pixels = width * height
    base = {"media_id": image["media_id"], "path": image["path"], "sha256": image["sha256"],
            "image_format": fmt, "width": width, "height": height, "current_bytes": size}
    if image["is_animated"]:
        if fmt == "GIF" and size > ANIMATED_GIF_MIN_BYTES:
            return [base | {"kind": "gif_to_video", "method": "estimated", "target_format": "MP4",
                            "expected_bytes": round(size * (1 - video_savings_share(size))),
                            "recommendation": f"animated GIF of {_kb(size)}: serve it as MP4/WebM video"}]
        return []
    out = []
    display = image["max_display_width"]
    same = SAVE_FORMAT.get(fmt, fmt)
    if display and width > 2 * display:
        note = f"{width} px wide, shown at most {display} px: resize to {display} px"
        if pixels <= PIXEL_BUDGET:
            out.append(base | {"kind": "resize", "target_width": display, "targets": [fmt],
                               "target_format": same, "recommendation": note})
        else:
            target_pixels = display * max(1, round(height * display / width))
            out.append(base | {"kind": "resize", "method": "estimated", "recommendation": note, "target_width": display,
                               "target_format": same, "expected_bytes": round(size * target_pixels / pixels)})
    if fmt in WEBP_SOURCES:
        if pixels <= PIXEL_BUDGET:
            out.append(base | {"kind": "format", "target_width": 0, "targets": list(modern_formats())})
        else:
            out.append(base | {"kind": "format", "method": "estimated", "target_format": "WEBP",
                               "recommendation": f"{fmt} → WebP or AVIF (estimated at 2/12 bytes per pixel)",
                               "expected_bytes": round(pixels * TARGET_BYTES_PER_PIXEL)})
    if fmt in COMPRESSED_FORMATS and size / pixels > TARGET_BYTES_PER_PIXEL:
        expected = round(pixels * TARGET_BYTES_PER_PIXEL)
        out.append(base | {"kind": "compression", "method": "estimated", "target_format": same,
                           "expected_bytes": expected,
                           "recommendation": f"under-compressed: {size / pixels:.2f} bytes per pixel, above the "
                                             f"0.17 (2/12) target: recompress to about {_kb(expected)}"})
    return out


def _kb(n: int) -> str:
    """Bytes in the report's unit (decimal kB, 1 kB = 1,000 B), one decimal: 12,345 -> "12.3 kB"."""
    return f"{n / 1000:,.1f} kB"


def finish(planned: dict, measured: dict) -> dict | None:
    """The row of a planned opportunity, or None when it saves too little to be worth reporting. A
    conversion measured in several formats keeps the smallest; its recommendation lists them all."""
    row = {k: v for k, v in planned.items() if k not in ("sha256", "targets")}
    row["target_width"] = planned.get("target_width") if row["kind"] == "resize" else None
    if "targets" in planned:
        sizes = {t: measured["bytes"].get(_cache_key(planned, t)) for t in planned["targets"]}
        sizes = {t: n for t, n in sizes.items() if n is not None}
        if not sizes:
            return None
        best = min(sizes, key=lambda t: (sizes[t], t))
        row |= {"method": "reencoded", "expected_bytes": sizes[best]}
        if row["kind"] == "format":
            row["target_format"] = best
            row["recommendation"] = f"{row['image_format']} → " + "; ".join(
                f"{_NAMES[t]} (quality {SAVE_SETTINGS[t]['quality']}) {_kb(sizes[t])}"
                for t in sorted(sizes, key=lambda t: (sizes[t], t)))
    saved = row["current_bytes"] - row["expected_bytes"]
    minimum = {"format": MIN_FORMAT_SAVINGS, "compression": MIN_COMPRESSION_SAVINGS}.get(row["kind"], 1)
    return row if saved >= minimum else None


def _cache_key(planned: dict, target: str) -> tuple[str, str, int, str]:
    return planned["sha256"], planned["kind"], planned["target_width"], settings_key(target)


def _measurements(context, con, media: MediaFilesResource, planned: list[dict], day: date) -> dict:
    """Encoded sizes of every planned re-encode: from the cache, else encoded now in the pool, each
    file decoded once for all its encodes, the largest files first so that both workers finish
    together. Encodings the cache holds from a later day's build are marked as this day's: the
    first day that needs an encoding is its `measured_on`, whichever build beside it measured it."""
    wanted = {_cache_key(p, t): (p, t) for p in planned for t in p.get("targets", ())}
    known = {tuple(row[:4]): row[4:] for row in run_sql(con, "image_encodings_known", {}).fetchall()}
    missing = [(key, p) for key, p in wanted.items() if key not in known]
    later = [key for key in wanted if key in known and known[key][1] > day]
    cached = {key: found[0] for key, found in known.items()}
    results = {}
    if missing:
        files = {}
        for key, (p, target_format) in missing:
            target, error = resolve_inside(media.root, p["path"])
            if error:
                results[key] = (None, error)
            else:
                pixels = p["width"] * p["height"]
                files.setdefault(str(target), (pixels, []))[1].append((key, target_format))
        order = sorted(files, key=lambda path: -files[path][0])
        tasks = [(path, tuple((t, key[2]) for key, t in files[path][1])) for path in order]
        context.log.info(f"Re-encoding {len(files)} images, {len(missing) - len(results)} encodings "
                         f"({len(wanted) - len(missing)} from the cache)")
        with ProcessPoolExecutor(max_workers=media.workers,
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            for path, measured in zip(order, pool.map(measure, tasks)):
                results |= {key: found for (key, _), found in zip(files[path][1], measured)}
        cached |= {key: results[key][0] for key, _ in missing}
    if missing or later:
        _store(con, results, list(wanted), day)
    return {"bytes": cached, "encoded_now": len(missing), "from_cache": len(wanted) - len(missing)}


ENCODING_KEY = {"sha256": pl.String, "kind": pl.String, "target_width": pl.Int64, "settings": pl.String}


def _store(con, results: dict, wanted: list[tuple], day: date) -> None:
    """Add the encodings measured now to the cache and mark every encoding the day needs as first
    needed on this day when the cache has it from a later day: two days built side by side may
    both measure an image new to them, and which of them stores it first must not show."""
    fresh = pl.DataFrame(  # noqa: F841 (read by DuckDB)
        [{"sha256": k[0], "kind": k[1], "target_width": k[2], "settings": k[3], "encoded_bytes": size,
          "error": error, "measured_on": day} for k, (size, error) in results.items()],
        schema=ENCODING_KEY | {"encoded_bytes": pl.Int64, "error": pl.String, "measured_on": pl.Date})
    needed = pl.DataFrame([dict(zip(ENCODING_KEY, k)) for k in wanted], schema=ENCODING_KEY)
    con.register("needed_encodings", needed)
    try:
        with transaction(con):  # a run of another day may have measured the same content meanwhile
            con.execute("INSERT INTO image_encodings BY NAME SELECT * FROM fresh ANTI JOIN image_encodings "
                        "USING (sha256, kind, target_width, settings)")
            run_sql(con, "image_encodings_first_needed", {"day": day})
    finally:
        con.unregister("needed_encodings")
