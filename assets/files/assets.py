"""Facts read from the media files under MEDIA_ROOT (the files win over the CMS export)."""

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import dagster as dg
import polars as pl

from assets.ingest.assets import media_inventory
from assets.files.scan import FACTS_VERSION, FIELDS, inspect_file, stat_file
from assets.shared.checks import WAREHOUSE_POOL, daily_table_result, partition_day, unique_keys_spec
from assets.shared.resources import MediaFilesResource, WarehouseResource
from assets.shared.sqlfiles import fetch_dicts, replace_day, run_sql
from assets.shared.warehouse import transaction, write
from assets.shared.partitions import daily_partitions

FACT_KEYS = ("day", "path")
DUPLICATE_KEYS = ("day", "media_id")
PROGRESS_EVERY_SECONDS = 10.0
PROGRESS_EVERY_FILES = 500


@dg.asset(
    partitions_def=daily_partitions,
    group_name="files",
    kinds={"duckdb", "pillow"},
    pool=WAREHOUSE_POOL,
    deps=[media_inventory],
    check_specs=[
        unique_keys_spec("media_file_facts", FACT_KEYS),
        dg.AssetCheckSpec("media_file_facts_agree_with_inventory", asset="media_file_facts",
                          description="The CMS export's sizes and dimensions match the files (a warning: "
                                      "the files' facts win)."),
    ],
)
def media_file_facts(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, media: MediaFilesResource
):
    """One row per day and file under MEDIA_ROOT that the day's inventory references (originals and
    renditions): size, mtime, SHA-256, the real format by content (and whether the extension
    disagrees), displayed width/height after EXIF orientation, mode, frames, ICC/EXIF bytes, PDF
    pages/text layer/title/encryption, and an `error` saying why a hostile file (missing, empty,
    truncated, decompression bomb, symlink out of the root) could not be read. Partitioned by day
    like the inventory it follows, so the daily job builds it and a day's opportunities join that
    day's files; a file whose path, size and mtime match an earlier scan is not opened again, so
    a day costs a stat per file once the library is known. Files are read by a pool of worker
    processes (MediaFilesResource.workers)."""
    day = partition_day(context)
    with warehouse.connect() as con:
        if not media.root:
            write(con, [("DELETE FROM media_file_facts WHERE day = $day", {"day": day})])
            return daily_table_result(
                con, "media_file_facts", day, FACT_KEYS, "path", 0,
                extra_metadata={"media_root": "MEDIA_ROOT is not set: no file facts were read"},
                extra_checks=[_agreement_check({"size_disagreements": 0, "dimension_disagreements": 0,
                                                "first_size_disagreement": None})],
            )
        wanted = run_sql(con, "media_file_paths", {"day": day}).fetchall()
        known = {row["path"]: row for row in fetch_dicts(con, "media_file_facts_known", {})}

        root = Path(media.root)
        rows, to_open, carried = [], [], 0
        for path, media_id, role in wanted:
            facts, target = stat_file(root, path)
            previous = known.get(path)
            row = {"day": day, "media_id": media_id, "path": path, "role": role}
            if target is not None and previous and (previous["size_bytes"], previous["mtime_ns"],
                                                    previous["facts_version"]) == (
                facts["size_bytes"], facts["mtime_ns"], FACTS_VERSION):
                rows.append(row | {k: previous[k] for k in FIELDS} | {"opened_on_day": previous["opened_on_day"]})
                carried += 1
            elif target is None:
                rows.append(row | facts | {"opened_on_day": day})
            else:
                to_open.append(row)
        started = time.monotonic()
        rows += _read_files(context, root, to_open, media.workers, day)
        elapsed = time.monotonic() - started

        with transaction(con):
            con.execute("DELETE FROM media_file_facts WHERE day = $day", {"day": day})
            if rows:
                frame = pl.DataFrame(rows, infer_schema_length=None)  # noqa: F841 (read by DuckDB)
                con.execute("INSERT INTO media_file_facts BY NAME SELECT * FROM frame")
        agreement = fetch_dicts(con, "media_file_disagreements", {"day": day})[0]
        errors = fetch_dicts(con, "media_file_facts_summary", {"day": day})[0]
        return daily_table_result(
            con, "media_file_facts", day, FACT_KEYS, "path", len(rows),
            extra_metadata={
                "media_root": str(root), "files_opened": len(to_open),
                "files_carried_over": carried, **errors, "read_seconds": round(elapsed, 2),
            },
            extra_checks=[_agreement_check(agreement)],
        )



@dg.asset(
    partitions_def=daily_partitions,
    group_name="files",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[media_file_facts, media_inventory],
    check_specs=[unique_keys_spec("media_duplicates", DUPLICATE_KEYS)],
)
def media_duplicates(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One row per day and live media item whose original file has exactly the same content
    (SHA-256 from media_file_facts) as another live item's: the copies, the one to keep (most
    live references, then oldest upload, then smallest id), the references to move and the bytes
    removing each other copy would free. Empty when MEDIA_ROOT is not set."""
    day = partition_day(context)
    with warehouse.connect() as con:
        rows = replace_day(con, "media_duplicates", day, {})
        summary = fetch_dicts(con, "media_duplicates_summary", {"day": day})[0]
        return daily_table_result(
            con, "media_duplicates", day, DUPLICATE_KEYS, "reclaimable_bytes DESC, sha256, media_id", rows,
            extra_metadata={"duplicate_groups": summary["duplicate_groups"],
                            "reclaimable_bytes": int(summary["reclaimable_bytes"])},
        )

def _agreement_check(agreement: dict) -> dg.AssetCheckResult:
    disagreements = agreement["size_disagreements"] + agreement["dimension_disagreements"]
    return dg.AssetCheckResult(
        check_name="media_file_facts_agree_with_inventory", passed=disagreements == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={k: v for k, v in agreement.items() if v is not None},
    )


def _read_files(context, root: Path, rows: list[dict], workers: int, day) -> list[dict]:
    """Open every file of `rows` in `workers` processes, logging progress on long scans."""
    if not rows:
        return []
    done, out = 0, []
    started = last_log = time.monotonic()
    # spawn, not fork: the Dagster process has threads, and forking those can deadlock
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        tasks = [(str(root), row["path"]) for row in rows]
        for row, facts in zip(rows, pool.map(inspect_file, tasks, chunksize=8)):
            out.append(row | facts | {"opened_on_day": day})
            done += 1
            now = time.monotonic()
            if done == len(rows) or done % PROGRESS_EVERY_FILES == 0 or now - last_log > PROGRESS_EVERY_SECONDS:
                context.log.info(f"Read {done}/{len(rows)} media files ({done / max(now - started, 1e-9):.0f} files/s)")
                last_log = now
    return out
