"""The 30 sample days built one run at a time and two at once, from the same files; then the data
files of the second warehouse before and after `warehouse_maintenance`.

    .venv/bin/python bench/backfill.py --folder /work/bench-backfill   # ~25 min on 2 cores

The sample generator's 30 days (seed 42) are written once under --folder/sample and copied to a
state folder per build; each build is `media-analytics build FIRST LAST --jobs N` with MEDIA_ROOT
the copy's media and PARTITIONS_START the first day. Prints wall and CPU seconds per build and the
maintenance asset's counts (its default settings).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

LAST = "2026-12-05"
ROOT = Path(__file__).resolve().parent.parent
MAINTENANCE = """
import dagster as dg
from assets.maintenance.assets import warehouse_maintenance
from assets.shared.settings import load_settings
from pipelines.resources import build_resources
result = dg.materialize([warehouse_maintenance], resources={"warehouse": build_resources(load_settings())["warehouse"]})
facts = result.asset_materializations_for_node("warehouse_maintenance")[0].metadata
print({k: v.value for k, v in facts.items()})
"""


def build(sample: Path, home: Path, first: str, jobs: int) -> None:
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(sample, home)
    env = {**os.environ, "MEDIA_ANALYTICS_HOME": str(home), "MEDIA_ROOT": str(home / "media"),
           "PARTITIONS_START": first, "STORAGE_QUOTA_BYTES": str(1 << 30)}
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    with open(home / "build.log", "w") as log:
        code = subprocess.run([sys.executable, "-m", "pipelines.cli", "build", first, LAST, "--jobs", str(jobs)],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT).returncode
    wall, after = time.monotonic() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    if code:
        raise SystemExit(f"--jobs {jobs} failed: see {home / 'build.log'}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"--jobs {jobs}: {wall:.1f} s wall, {cpu:.1f} s CPU", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=Path("var/bench-backfill"))
    parser.add_argument("--days", type=int, default=30, help="sample days ending on 2026-12-05 (default 30)")
    options = parser.parse_args()
    folder = options.folder.absolute() / f"days-{options.days}"
    first = (date.fromisoformat(LAST) - timedelta(days=options.days - 1)).isoformat()
    sample = folder / "sample"
    if not (sample / "landing").is_dir():
        from sampledata.generate import generate

        print(generate(sample / "landing", sample / "media", days=options.days, end=LAST, seed=42).describe(), flush=True)
    for jobs in (1, 2):
        build(sample, folder / f"jobs-{jobs}", first, jobs)
    home = folder / "jobs-2"
    print("Parquet files after the build:", sum(1 for _ in (home / "warehouse").rglob("*.parquet")))
    with open(home / "maintenance.log", "w") as log:  # Dagster's event log, kept out of the figures
        subprocess.run([sys.executable, "-c", MAINTENANCE], cwd=ROOT, check=True, stderr=log,
                       env={**os.environ, "MEDIA_ANALYTICS_HOME": str(home), "PARTITIONS_START": first})
    print("Parquet files after maintenance:", sum(1 for _ in (home / "warehouse").rglob("*.parquet")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
