"""The three measured runs of `bench/daily_tables.py`, each in its own process so that each peak
resident set is its own: `job` (the product's daily_analytics_job, in process, as `media-analytics
build` runs it), `bare` (the lower bound: one DuckDB pass over the same files) and `pandas`.

    .venv/bin/python bench/measure.py {job|bare|pandas} FOLDER DAY [--memory-limit 1GB]

FOLDER holds `landing/` (written by daily_tables.py); runs write under FOLDER/run. The last line
printed is a JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import threading
import time
from datetime import date
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


class RssSampler:
    """This process's resident set every 20 ms, with the time of each sample (for peaks per step)."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with open("/proc/self/statm") as statm:
            while not self._stop.wait(0.02):
                statm.seek(0)
                self.samples.append((time.time(), int(statm.read().split()[1]) * PAGE))

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()

    def peak_between(self, start: float, end: float) -> int:
        """The largest sample from `start` to `end`, widened by one interval for a short step."""
        return max((rss for t, rss in self.samples if start - 0.02 <= t <= end + 0.02), default=0)


def peak_rss() -> int:
    """The largest resident set of this process so far, bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run_job(folder: Path, day: date, memory_limit: str) -> dict:
    """Build every asset of daily_analytics_job for `day`; wall time and peak RSS per step."""
    run = folder / "run"
    shutil.rmtree(run, ignore_errors=True)
    (run / "duckdb-tmp").mkdir(parents=True)
    os.environ.update({
        "MEDIA_ANALYTICS_HOME": str(run), "LANDING_DIR": str(folder / "landing"), "MEDIA_ROOT": "",
        "PARTITIONS_START": (day.replace(day=1)).isoformat(), "DUCKDB_MEMORY_LIMIT": memory_limit,
        "DUCKDB_TEMP_DIRECTORY": str(run / "duckdb-tmp"), "IP_HASH_SALT": "bench",
    })
    import dagster as dg  # noqa: PLC0415 — the settings are read from the environment at import

    from pipelines.definitions import defs  # noqa: PLC0415

    job = defs.resolve_job_def("daily_analytics_job")
    instance = dg.DagsterInstance.ephemeral()
    with RssSampler() as sampler:
        started = time.time()
        result = job.execute_in_process(partition_key=day.isoformat(), instance=instance)
        wall = time.time() - started
    if not result.success:
        raise SystemExit("daily_analytics_job failed: see the log above")
    begun, steps = {}, {}
    for entry in instance.all_logs(result.run_id):
        event = entry.dagster_event
        if event is None or not entry.step_key:
            continue
        if event.event_type_value == "STEP_START":
            begun[entry.step_key] = entry.timestamp
        elif event.event_type_value == "STEP_SUCCESS":
            start = begun[entry.step_key]
            steps[entry.step_key] = {"seconds": entry.timestamp - start,
                                     "peak_rss": sampler.peak_between(start, entry.timestamp)}
    return {"wall_seconds": wall, "peak_rss": peak_rss(), "steps": steps}


BARE_QUERIES = {
    # One grouped count/sum per media over every row of each source: the least any build must do.
    "usage_events": """
        SELECT media_id, count(*), sum(bytes) FROM (
            SELECT media_id, bytes FROM read_json('{landing}/usage_events/**/*.ndjson.gz', format = 'newline_delimited',
                ignore_errors = true, columns = {{media_id: 'VARCHAR', bytes: 'DOUBLE'}})
            UNION ALL
            SELECT media_id, TRY_CAST(bytes AS DOUBLE) FROM read_csv('{landing}/usage_events/**/*.csv',
                all_varchar = true, ignore_errors = true, null_padding = true)
            UNION ALL
            SELECT media_id, TRY_CAST(bytes AS DOUBLE) FROM read_parquet('{landing}/usage_events/**/*.parquet'))
        GROUP BY media_id""",
    "player_events": """
        SELECT media_id, count(*), sum(position) FROM read_json('{landing}/player_events/**/*.ndjson.gz',
            format = 'newline_delimited', ignore_errors = true, columns = {{media_id: 'VARCHAR', position: 'DOUBLE'}})
        GROUP BY media_id""",
    "access_logs": """
        SELECT split_part(split_part(line, '"', 2), ' ', 2) AS path, count(*),
               sum(TRY_CAST(split_part(split_part(line, '"', 3), ' ', 3) AS BIGINT))
        FROM read_csv('{landing}/access_logs/**/*.log.gz', columns = {{line: 'VARCHAR'}}, delim = '\x01',
                      quote = '', escape = '', header = false, auto_detect = false)
        GROUP BY path""",
    "inventory": """
        SELECT id, count(*), sum(size) FROM read_json('{landing}/inventory/*.ndjson', format = 'newline_delimited',
            columns = {{id: 'VARCHAR', size: 'BIGINT'}})
        GROUP BY id""",
}


def run_bare(folder: Path, memory_limit: str) -> dict:
    import duckdb  # noqa: PLC0415

    tmp = folder / "run" / "bare-tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET temp_directory = '{tmp}'")
    steps = {}
    started = time.perf_counter()
    for source, sql in BARE_QUERIES.items():
        began = time.perf_counter()
        groups = len(con.execute(sql.format(landing=folder / "landing")).fetchall())
        steps[source] = {"seconds": time.perf_counter() - began, "groups": groups}
    return {"wall_seconds": time.perf_counter() - started, "peak_rss": peak_rss(), "steps": steps}


def run_pandas(folder: Path, day: date) -> dict:
    import pandas_baseline  # noqa: PLC0415 — bench/ is this script's folder

    out = folder / "run"
    steps = {}
    for name, build, source in (("daily_media_usage", pandas_baseline.usage_table, "usage_events"),
                                ("daily_video_engagement", pandas_baseline.video_table, "player_events")):
        began = time.perf_counter()
        table = build(folder / "landing" / source, day)
        steps[name] = {"seconds": time.perf_counter() - began, "rows": len(table)}
        table.to_parquet(out / f"pandas_{name}.parquet")
    return {"wall_seconds": sum(s["seconds"] for s in steps.values()), "peak_rss": peak_rss(), "steps": steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("job", "bare", "pandas"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("day", type=date.fromisoformat)
    parser.add_argument("--memory-limit", default="1GB")
    options = parser.parse_args()
    if options.what == "job":
        figures = run_job(options.folder, options.day, options.memory_limit)
    elif options.what == "bare":
        figures = run_bare(options.folder, options.memory_limit)
    else:
        figures = run_pandas(options.folder, options.day)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
