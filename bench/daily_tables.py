"""Every daily table of one synthetic day at scale: wall time and peak memory per asset and in
total, against the bare DuckDB lower bound and a pandas baseline, in the same run.

    .venv/bin/python -m pip install -e '.[bench]'          # pandas, for the baseline
    .venv/bin/python bench/daily_tables.py --preset quick   # ~5 min on the shared 2 cores
    nice -n 10 .venv/bin/python bench/daily_tables.py --preset default --data /work/bench-data
    nice -n 10 .venv/bin/python bench/daily_tables.py --preset quick --scales 1,5,10 --data /work/bench-data

The ×1 day is written with the sample generator (kept under --data as `<preset>-x1` and reused while
the volumes are the same). The N× day (`<preset>-x<N>`) is N copies of the ×1 day's landing files
(bench/day_copies.py): each file as it is and N-1 copies of it beside it (`2026-11-23.c1.ndjson.gz`)
whose event, session and item ids get a suffix (`m000544-c1`) and whose inventory paths and
requested paths get a folder (`/media/c1/2024/11/x.jpg`), so every table holds N× the rows of
×1; minutes of copying where generating 5× the default day took over an hour. Its marker
(volume.json) says which ×1 volumes it copies, and it is reused while they are the same; it holds
landing files only (the job runs without MEDIA_ROOT).
For each scale it then runs, each in its own process (bench/measure.py):
the product's `daily_analytics_job` for that day in process (every asset; no MEDIA_ROOT, so the
file-facts and re-encoding assets find nothing to read — bench/file_facts.py measures those), the
bare DuckDB pass (read every row of every file, one grouped count/sum per media) and the pandas
baseline (bench/pandas_baseline.py), whose tables are then compared with ours column by column.
DuckDB gets a memory limit (--memory-limit) and a temp directory, so a large day spills to disk.

The ×1 inventory: the generator's library (1,234 items with real files) plus copies under new ids and
paths, never referenced nor requested, up to the preset's row count — a large library's long tail.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from assets.shared.resources import WarehouseResource
from assets.shared.settings import load_settings
from day_copies import write_copies  # bench/ is this script's folder

DAY = date(2026, 11, 23)
HERE = Path(__file__).resolve().parent
EVENTS_PER_PLAYER_SESSION = 7.2  # what the generator's sessions average


@dataclass(frozen=True)
class Volume:
    usage_events: int
    player_events: int
    access_lines: int
    inventory_rows: int
    library_scale: float = 1.0

    def times(self, factor: int) -> Volume:
        return Volume(self.usage_events * factor, self.player_events * factor, self.access_lines * factor,
                      self.inventory_rows * factor, self.library_scale)


PRESETS = {
    "tiny": Volume(20_000, 5_000, 10_000, 500, library_scale=0.05),
    "quick": Volume(1_000_000, 200_000, 500_000, 10_000),
    "default": Volume(10_000_000, 2_000_000, 5_000_000, 100_000),
}


def write_day(folder: Path, volume: Volume) -> float:
    """The day's landing files under `folder` (kept when already written with these volumes);
    seconds spent generating."""
    marker = folder / "volume.json"
    if marker.exists() and json.loads(marker.read_text()) == asdict(volume):
        return 0.0
    from sampledata import generate  # noqa: PLC0415

    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    generate(folder / "landing", folder / "media", days=1, end=DAY, events_per_day=volume.usage_events,
             player_sessions_per_day=max(1, round(volume.player_events / EVENTS_PER_PLAYER_SESSION)),
             access_lines_per_day=volume.access_lines, library_scale=volume.library_scale)
    pad_inventory(folder / "landing" / "inventory", volume.inventory_rows)
    marker.write_text(json.dumps(asdict(volume)))
    return time.perf_counter() - started


def copy_day(folder: Path, day: Path, factor: int, volume: Volume) -> float:
    """`factor` copies under `folder` of the landing files of the ×1 day at `day`, written with
    `volume` (kept when already copied from those volumes); seconds spent copying."""
    marker = folder / "volume.json"
    wanted = {"copies": factor, "of": asdict(volume)}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return 0.0
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    write_copies(day / "landing", folder / "landing", factor, list(load_settings().media_url_prefixes))
    marker.write_text(json.dumps(wanted))
    return time.perf_counter() - started


def pad_inventory(folder: Path, rows: int) -> None:
    export = folder / "cms-export.ndjson"
    items = [json.loads(line) for line in export.read_text().splitlines()]
    with (folder / "cms-export-archive.ndjson").open("w") as out:
        for n in range(max(0, rows - len(items))):
            item = dict(items[n % len(items)])
            prefix = f"archive/{n // 1000:03d}/{n % 1000:03d}-"
            item.update(id=f"a{n:07d}", path=prefix + item["path"].rsplit("/", 1)[-1], usage_locations=[],
                        display_widths=[], deleted_at=None,
                        renditions=[dict(r, path=prefix + r["path"].rsplit("/", 1)[-1]) for r in item["renditions"]])
            out.write(json.dumps(item) + "\n")


def measure(what: str, folder: Path, memory_limit: str) -> dict:
    command = [sys.executable, str(HERE / "measure.py"), what, str(folder), DAY.isoformat(),
               "--memory-limit", memory_limit]
    log = folder / f"{what}.log"  # Dagster's event log and warnings, kept out of the figures
    with log.open("w") as errors:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=errors, text=True, check=False)
    if done.returncode:
        tail = "\n".join(log.read_text().splitlines()[-15:])
        raise SystemExit(f"{tail}\n{what} run failed (exit {done.returncode}), log in {log}: {' '.join(command)}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(folder: Path, table: str, keys: list[str]) -> tuple[int, dict[str, int]]:
    """Rows of the pandas table, and per column the rows where it differs from ours."""
    theirs = pd.read_parquet(folder / "run" / f"pandas_{table}.parquet")
    with WarehouseResource.in_folder(folder / "run" / "warehouse").connect(read_only=True) as con:
        ours = con.execute(f"SELECT {', '.join(theirs.columns)} FROM {table} WHERE day = $day",
                           {"day": DAY}).df()
    joined = ours.merge(theirs, on=keys, how="outer", suffixes=("_ours", "_pandas"), indicator=True)
    differences = {"(row only on one side)": int((joined["_merge"] != "both").sum())}
    for column in theirs.columns.difference(keys):
        a, b = joined[column + "_ours"].astype(float), joined[column + "_pandas"].astype(float)
        differences[column] = int((~np.isclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True)).sum())
    return len(theirs), {k: v for k, v in differences.items() if v}


def gib(n: int) -> str:
    return f"{n / 2**30:.2f} GiB"


def report(preset: str, factor: int, volume: Volume, figures: dict) -> list[str]:
    job, bare = figures["job"], figures["bare"]
    lines = [f"### {preset} × {factor}: {volume.usage_events:,} usage events, {volume.player_events:,} player "
             f"events, {volume.access_lines:,} access-log lines, {volume.inventory_rows:,} inventory rows", "",
             "| step | wall | peak RSS |", "|---|---:|---:|"]
    for step, s in sorted(job["steps"].items(), key=lambda kv: -kv[1]["seconds"]):
        lines.append(f"| `{step}` | {s['seconds']:.2f} s | {gib(s['peak_rss'])} |")
    lines.append(f"| **daily_analytics_job (all)** | **{job['wall_seconds']:.1f} s** | **{gib(job['peak_rss'])}** |")
    for source, s in bare["steps"].items():
        lines.append(f"| bare DuckDB: {source} | {s['seconds']:.2f} s | |")
    lines.append(f"| **bare DuckDB pass (lower bound)** | **{bare['wall_seconds']:.1f} s** | **{gib(bare['peak_rss'])}** |")
    lines += ["", f"- ours / lower bound: **{job['wall_seconds'] / bare['wall_seconds']:.1f}×** (target ≤ 3×)"]
    if "pandas" in figures:
        steps, pandas = job["steps"], figures["pandas"]
        paths = {"daily_media_usage": ["raw_usage_events", "daily_media_usage"],
                 "daily_video_engagement": ["raw_player_events", "video_watch_segments", "video_views",
                                            "daily_video_engagement"]}
        for table, ours_steps in paths.items():
            ours = sum(steps[s]["seconds"] for s in ours_steps)
            theirs = pandas["steps"][table]["seconds"]
            rows, differences = figures["equal"][table]
            verdict = "equal" if not differences else f"DIFFERENT: {differences}"
            lines.append(f"- `{table}` from the landing files: ours {ours:.1f} s ({' + '.join(ours_steps)}), "
                         f"pandas {theirs:.1f} s → **{theirs / ours:.1f}× faster** (target ≥ 5×); "
                         f"{rows:,} rows, {verdict}")
        lines.append(f"- pandas peak RSS {gib(pandas['peak_rss'])}")
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=sorted(PRESETS), default="quick")
    parser.add_argument("--scales", default="1", help="factors of the preset, e.g. 1,5,10 (default 1)")
    parser.add_argument("--data", type=Path, default=Path("var/bench"), help="where the days are written")
    parser.add_argument("--memory-limit", default="1GB", help="DuckDB memory_limit (default 1GB)")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas baseline")
    options = parser.parse_args()
    import dagster  # noqa: PLC0415

    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, duckdb "
          f"{duckdb.__version__}, dagster {dagster.__version__}, pandas {pd.__version__}, {DAY}, "
          f"DuckDB memory_limit {options.memory_limit}", flush=True)
    day = options.data.absolute() / f"{options.preset}-x1"
    for factor in (int(f) for f in options.scales.split(",")):
        volume = PRESETS[options.preset].times(factor)
        folder = options.data.absolute() / f"{options.preset}-x{factor}"
        generated = write_day(day, PRESETS[options.preset])
        if generated or factor == 1:
            print(f"{day}: generated in {generated:.0f} s" if generated else f"{day}: reused", flush=True)
        if factor > 1:
            copied = copy_day(folder, day, factor, PRESETS[options.preset])
            print(f"{folder}: {factor} copies of {day.name} in {copied:.1f} s" if copied else f"{folder}: reused",
                  flush=True)
        figures = {"job": measure("job", folder, options.memory_limit),
                   "bare": measure("bare", folder, options.memory_limit)}
        if not options.no_pandas:
            figures["pandas"] = measure("pandas", folder, options.memory_limit)
            figures["equal"] = {"daily_media_usage": compare(folder, "daily_media_usage", ["media_id", "usage_kind"]),
                                "daily_video_engagement": compare(folder, "daily_video_engagement", ["media_id"])}
        (folder / "figures.json").write_text(json.dumps(figures, indent=1))
        print("\n".join(report(options.preset, factor, volume, figures)), flush=True)
        if any(differences for _, differences in figures.get("equal", {}).values()):
            raise SystemExit("pandas' tables differ from ours: see above")


if __name__ == "__main__":
    main()
