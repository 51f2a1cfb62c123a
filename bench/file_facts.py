"""File-facts and re-encoding throughput on the sample media library: files per second of a first
scan and of a re-scan of the unchanged library, then the image re-encodes, first and from the cache.

    .venv/bin/python bench/file_facts.py [--folder DIR] [--workers 2]

The library is the sample generator's (one day of landing files, ~3,300 files with renditions,
real and synthetic images, PDFs, video and audio, and its traps). Peak memory is the largest
resident set of this process (ru_maxrss) and of any one worker process (/proc, sampled every 0.1 s).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import dagster as dg

from assets.delivery.assets import daily_media_delivery, raw_access_log
from assets.files.assets import media_file_facts
from assets.images.assets import image_optimization_opportunities
from assets.ingest.assets import media_inventory
from assets.shared.resources import LandingResource, MediaFilesResource, MetricsResource, WarehouseResource
from sampledata import generate

DAY = "2026-11-23"


def timed(asset, resources: dict) -> tuple[float, dict]:
    started = time.perf_counter()
    result = dg.materialize([asset], partition_key=DAY, resources=resources)
    assert result.success
    metadata = result.asset_materializations_for_node(asset.key.path[-1])[0].metadata
    return time.perf_counter() - started, {k: v.value for k, v in metadata.items() if k != "preview"}


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            found += [int(child), *_children(int(child))]
    return found


def sample_worker_rss(peak: list[int], stop: threading.Event) -> None:
    """Keep the largest resident set (KiB) seen in any child process in peak[0]."""
    while not stop.wait(0.1):
        try:
            for child in _children(os.getpid()):
                status = Path(f"/proc/{child}/status").read_text()
                rss = next((line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")), "0")
                peak[0] = max(peak[0], int(rss))
        except OSError:  # a worker that ended between the listing and the read
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, help="where to write the sample (default: a temporary folder)")
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    folder = options.folder or Path(tempfile.mkdtemp(prefix="bench-files-"))
    if not (folder / "media").exists():
        generate(folder / "landing", folder / "media", days=1, end=date.fromisoformat(DAY))
    resources = {
        "warehouse": WarehouseResource.in_folder(folder / "warehouse"),
        "landing": LandingResource(landing_dir=str(folder / "landing")),
        "metrics": MetricsResource(),
        "media": MediaFilesResource(root=str(folder / "media"), workers=options.workers),
    }
    assert dg.materialize([media_inventory, raw_access_log, daily_media_delivery], partition_key=DAY,
                          resources=resources).success
    peak, stop = [0], threading.Event()
    threading.Thread(target=sample_worker_rss, args=(peak, stop), daemon=True).start()
    print(f"{platform.python_implementation()} {platform.python_version()}, {options.workers} workers, {folder}")
    for label in ("first scan", "re-scan"):
        seconds, metadata = timed(media_file_facts, resources)
        files = metadata["dagster/row_count"]
        print(f"media_file_facts {label:10} {files:6,} files  {seconds:6.2f} s  {files / seconds:8,.0f} files/s"
              f"  opened {metadata['files_opened']:,}")
    for label in ("first", "cached"):
        seconds, metadata = timed(image_optimization_opportunities, resources)
        print(f"image_optimization_opportunities {label:6} {metadata['images']:,} images  {seconds:6.2f} s"
              f"  encoded {metadata['encoded_now']:,}, from cache {metadata['encodings_from_cache']:,}")
    stop.set()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: this process {own:,.0f} MiB, largest worker {peak[0] / 1024:,.0f} MiB")


if __name__ == "__main__":  # the worker processes are spawned: they import this module again
    main()
