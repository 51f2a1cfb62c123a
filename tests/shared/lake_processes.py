"""Processes the lakehouse tests start (their own process groups, stopped by id):

    python lake_processes.py build ROOT DAY      build every daily asset of DAY into ROOT's warehouse
    python lake_processes.py read ROOT DAY OUT   hold a read-only session and read in a loop until
                                                 ROOT/stop-reading exists; results as JSON to OUT
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/: conftest

TABLES = ("raw_usage_events", "media_inventory", "daily_media_usage", "daily_storage", "raw_access_log",
          "daily_media_delivery", "unused_media")


def build(root: Path, day: str) -> int:
    import dagster as dg

    from assets.shared.resources import LandingResource
    from conftest import Workspace
    from pipelines.definitions import ASSET_MODULES

    workspace = Workspace(root)
    media = root / "media"
    resources = workspace.resources(media_root=media if media.is_dir() else None)
    # a fixed salt: a rebuilt warehouse must give the same client ids as the first one
    resources["landing"] = LandingResource(landing_dir=str(workspace.landing), ip_hash_salt="lake-tests")
    result = dg.materialize(dg.load_assets_from_modules(ASSET_MODULES), partition_key=day,
                            resources=resources, raise_on_error=False)
    return 0 if result.success else 1


def read(root: Path, day: str, out: Path) -> int:
    from conftest import Workspace

    counts = " UNION ALL ".join(
        f"SELECT '{t}' AS t, count(*) AS n FROM {t} WHERE day = $day" for t in TABLES)
    seen: dict[str, list[int]] = {t: [] for t in TABLES}
    failures, reads = [], 0
    with Workspace(root).connect() as con:
        con.execute("BEGIN TRANSACTION")  # an analyst's session with a transaction left open a while
        opened = time.monotonic()
        while not (root / "stop-reading").exists():
            try:
                for table, n in con.execute(counts, {"day": day}).fetchall():
                    seen[table].append(n)
                reads += 1
            except Exception:  # every failure is counted and shown, none may happen
                failures.append(traceback.format_exc(limit=1))
            if opened and time.monotonic() - opened > 10:
                con.execute("COMMIT")
                opened = None
            time.sleep(0.05)
        if opened:
            con.execute("COMMIT")
    out.write_text(json.dumps({"reads": reads, "failures": failures, "seen": seen}))
    return 0


if __name__ == "__main__":
    command, root, day = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    sys.exit(build(root, day) if command == "build" else read(root, day, Path(sys.argv[4])))
