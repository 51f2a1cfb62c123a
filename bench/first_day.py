"""The demo's first day built alone on a fresh state folder, with wall and CPU seconds per Dagster step.

    .venv/bin/python bench/first_day.py --folder /work/demo-first           # ~2 min on 2 cores
    .venv/bin/python bench/first_day.py --folder /work/demo-first --compare A B

The sample generator's 30 days (seed 42, ending 2026-12-05) are written once under --folder/sample
and copied to a fresh state folder; then `media-analytics build 2026-11-06` runs there with
MEDIA_ROOT the copy's media, PARTITIONS_START the first day and DUCKDB_THREADS=1, as the demo's
first day runs (`--jobs 2`: a worker process with cores // 2 DuckDB threads). The build's process
tree is sampled from /proc twice a second, so each step gets the CPU seconds spent while it ran
(steps that overlap share theirs). `--compare` checks that two built state folders hold the same
rows in every warehouse table (EXCEPT ALL both ways) and the same report HTML.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

FIRST, LAST = "2026-11-06", "2026-12-05"
ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float, float] | None:
    """(parent pid, own CPU seconds, reaped children's CPU seconds) of a process, None when gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS, (int(fields[13]) + int(fields[14])) / TICKS


def tree_cpu(root: int) -> float:
    """CPU seconds of `root` and every descendant, living or reaped by its parent."""
    stats = {int(p): s for p in os.listdir("/proc") if p.isdigit() and (s := _stat(int(p)))}
    members, total = {root}, 0.0
    changed = True
    while changed:
        new = {pid for pid, s in stats.items() if s[0] in members and pid not in members}
        members |= new
        changed = bool(new)
    for pid in members:  # a living process's reaped children are no longer members: count them here
        total += stats[pid][1] + stats[pid][2] if pid in stats else 0.0
    return total


def sample(process: subprocess.Popen, samples: list[tuple[float, float]]) -> None:
    while process.poll() is None:
        samples.append((time.time(), tree_cpu(process.pid)))
        time.sleep(0.5)


def steps(home: Path, day: str) -> list[tuple[str, float, float]]:
    """(step, start, end) of every step of `day`'s runs in the state folder's Dagster instance."""
    import dagster as dg

    os.environ["DAGSTER_HOME"] = str(home / "dagster")
    instance = dg.DagsterInstance.get()
    found = []
    for run in instance.get_runs(filters=dg.RunsFilter(tags={"dagster/partition": day})):
        started = {}
        for record in instance.all_logs(run.run_id):
            event = record.dagster_event
            if event is None or record.step_key is None:
                continue
            if event.event_type_value == "STEP_START":
                started[record.step_key] = record.timestamp
            elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
                found.append((record.step_key, started.get(record.step_key, record.timestamp), record.timestamp))
    return sorted(found, key=lambda s: s[1])


def cpu_between(samples: list[tuple[float, float]], start: float, end: float) -> float:
    def at(t: float) -> float:
        before = [c for s, c in samples if s <= t]
        return before[-1] if before else 0.0
    return at(end + 0.5) - at(start)


def build(folder: Path, name: str, days: int, stop_after_first: bool = False) -> Path:
    """Build the first `days` sample days (`--jobs 2`, as the demo) in a fresh copy of the sample; with
    one day, the first day alone (one run) with DUCKDB_THREADS=1, as the demo's worker processes have it."""
    sample_dir, home = folder / "sample", folder / name
    if not (sample_dir / "landing").is_dir():
        from sampledata.generate import generate

        print(generate(sample_dir / "landing", sample_dir / "media", days=30, end=LAST, seed=42).describe(), flush=True)
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(sample_dir, home)
    env = {**os.environ, "MEDIA_ANALYTICS_HOME": str(home), "MEDIA_ROOT": str(home / "media"),
           "PARTITIONS_START": FIRST, "STORAGE_QUOTA_BYTES": str(10**9),
           "IP_HASH_SALT": "bench-first-day"}  # the same client_id in every build
    last = (date.fromisoformat(FIRST) + timedelta(days=days - 1)).isoformat()
    command = [sys.executable, "-m", "pipelines.cli", "build", FIRST, last, "--jobs", "2"]
    if days == 1:
        env["DUCKDB_THREADS"] = "1"
    load = os.getloadavg()
    samples: list[tuple[float, float]] = []
    started = time.time()
    first_done = None
    with open(home / "build.log", "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True)
        watcher = threading.Thread(target=sample, args=(process, samples))
        watcher.start()
        for line in process.stdout:
            log.write(line)
            if first_done is None and line.strip().startswith(FIRST):
                first_done = time.time()
                if stop_after_first:
                    samples.append((first_done, tree_cpu(process.pid)))
                    process.send_signal(signal.SIGTERM)  # the build cancels its runs and exits
                    break
        code = process.wait()
        watcher.join()
    wall = time.time() - started
    if code and not stop_after_first:
        raise SystemExit(f"the build failed: see {home / 'build.log'}")
    cpu = samples[-1][1] if samples else 0.0
    print(f"{name}: {days} day(s) {wall:.1f} s wall, {cpu:.1f} s CPU (sampled); first day done after "
          f"{(first_done or time.time()) - started:.1f} s, {cpu_between(samples, 0, first_done or time.time()):.1f} s CPU "
          f"(every run then); load average before {' '.join(f'{x:.2f}' for x in load)}, after "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for step, start, end in steps(home, FIRST):
        print(f"  {step:45s} {start - started:6.1f} s {end - start:7.1f} s wall {cpu_between(samples, start, end):7.1f} s CPU")
    return home


EXPORT = """
import sys
from pathlib import Path
from assets.shared.settings import load_settings
from pipelines.resources import build_resources
out, home = Path(sys.argv[1]), sys.argv[2]
out.mkdir(exist_ok=True)
with build_resources(load_settings())["warehouse"].connect(read_only=True) as con:
    tables = con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                         "AND schema_name = current_schema() UNION ALL SELECT view_name FROM duckdb_views() "
                         "WHERE database_name = current_database() AND schema_name = current_schema() "
                         "AND NOT internal").fetchall()
    for (table,) in tables:
        columns = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = "
                              "current_database() AND table_name = $t ORDER BY column_index", {"t": table}).fetchall()
        select = ", ".join(f"replace({c}, $home, '<home>') AS {c}" if t == "VARCHAR" else c for c, t in columns)
        con.execute(f"COPY (SELECT {select} FROM {table}) TO '{out / table}.parquet' (FORMAT parquet)", {"home": home})
"""


def export(home: Path, out: Path) -> None:
    """Every warehouse table and view (the raw tables are views) of the state folder as Parquet under `out`, the folder's path in text
    replaced by `<home>` (a read-only connection)."""
    env = {**os.environ, "MEDIA_ANALYTICS_HOME": str(home), "PARTITIONS_START": FIRST}
    subprocess.run([sys.executable, "-c", EXPORT, str(out), str(home)], cwd=ROOT, env=env, check=True,
                   stderr=subprocess.DEVNULL)


def _figures(report: Path) -> str:
    """A report page without the time it was generated."""
    return re.sub(r'<p class="meta">Generated <time[^<]*</time></p>', "", report.read_text(encoding="utf-8"))


def compare(a: Path, b: Path) -> int:
    """Rows only in A and only in B for every table (EXCEPT ALL both ways) and, where any differ,
    the columns that make the difference; then the report HTML byte for byte."""
    import duckdb

    for home in (a, b):
        export(home, home / "tables")
    con = duckdb.connect()
    differ = 0
    for file in sorted((a / "tables").glob("*.parquet")):
        other = b / "tables" / file.name
        if not other.exists():
            print(f"  {file.stem}: only in {a}")
            differ += 1
            continue

        def only(exclude: str = "") -> list[int]:
            columns = f"* EXCLUDE ({exclude})" if exclude else "*"
            return [con.execute(f"SELECT count(*) FROM (SELECT {columns} FROM read_parquet($x) EXCEPT ALL "
                                f"SELECT {columns} FROM read_parquet($y))", {"x": str(x), "y": str(y)}).fetchone()[0]
                    for x, y in ((file, other), (other, file))]

        rows = [con.execute("SELECT count(*) FROM read_parquet($f)", {"f": str(f)}).fetchone()[0] for f in (file, other)]
        found = only()
        note = ""
        if sum(found):
            differ += 1
            names = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet($f)", {"f": str(file)}).fetchall()]
            single = [c for c in names if len(names) > 1 and not sum(only(c))]
            note = f"; differ only in {', '.join(single)}" if single else "; differ in several columns"
        print(f"  {file.stem:40s} rows A {rows[0]:9,} B {rows[1]:9,}  only in A {found[0]:,}, only in B {found[1]:,}{note}")
    for report in sorted((a / "reports").rglob("*.html")):
        other = b / "reports" / report.relative_to(a / "reports")
        same = other.exists() and _figures(other) == _figures(report)
        differ += not same
        print(f"  {report.relative_to(a)}: {'same apart from its Generated time' if same else 'DIFFERENT'}")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=Path("var/bench-first-day"))
    parser.add_argument("--name", default="build", help="the state folder's name under --folder")
    parser.add_argument("--days", type=int, default=1, help="days to build from the first (default 1: the first day alone)")
    parser.add_argument("--stop-after-first", action="store_true", help="stop the build once the first day is done")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    options = parser.parse_args()
    if options.compare:
        return compare(*options.compare)
    build(options.folder.absolute(), options.name, options.days, options.stop_after_first)
    return 0


if __name__ == "__main__":
    sys.exit(main())
