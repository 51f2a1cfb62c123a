"""Access-log parse throughput: lines per second of the combined format through the product's own
staging step (read + split + validate + hash the client IP), on one DuckDB thread and on all.

    .venv/bin/python bench/access_log_parse.py [--lines 1000000]

The log is one day of the sample generator's nginx log (realistic agents, referrers, ~1 % malformed
lines). Each stage is timed apart so the cost of validation shows beside the bare split.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb

from assets.readers import line_rows, read_bytes
from assets.sqlfiles import bind, load_sql, schema_sql
from sampledata import generate


def sample_log(folder: Path, lines: int) -> Path:
    generate(folder / "landing", folder / "media", days=1, end=date(2026, 11, 23), events_per_day=100,
             player_sessions_per_day=1, access_lines_per_day=lines, library_scale=0.2)
    return next((folder / "landing" / "access_logs").rglob("*.log.gz"))


def measure(path: Path, threads: int) -> dict[str, float]:
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    for statements in schema_sql():
        con.execute(statements)
    con.execute(load_sql("macros"))
    started = time.perf_counter()
    data = read_bytes(path)
    lines = line_rows(data)
    read = time.perf_counter() - started
    con.register("lines", lines.to_arrow())
    started = time.perf_counter()
    con.execute("CREATE TEMP TABLE split AS SELECT line, string_split(raw, '\"') AS p FROM lines")
    split = time.perf_counter() - started
    sql = load_sql("staged_access_log")
    started = time.perf_counter()
    con.execute(f"CREATE TEMP TABLE staged AS {sql}", bind(sql, {"file_sha256": "bench", "salt": "bench"}))
    parse = time.perf_counter() - started
    rejected = con.execute("SELECT count(*) FROM staged WHERE reject_reason IS NOT NULL").fetchone()[0]
    return {"lines": lines.height, "read_s": read, "split_s": split, "parse_s": parse, "rejected": rejected}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = sample_log(Path(scratch), args.lines)
        print(f"{platform.node()} · {os.cpu_count()} cores · duckdb {duckdb.__version__} · {path.stat().st_size:,} bytes gz")
        print("| threads | lines | read+gunzip s | split only (lines/s) | parse+validate s | lines/s | rejected |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for threads in (1, os.cpu_count() or 1):
            r = measure(path, threads)
            print(f"| {threads} | {r['lines']:,} | {r['read_s']:.2f} | {r['lines'] / r['split_s']:,.0f} | "
                  f"{r['parse_s']:.2f} | {r['lines'] / r['parse_s']:,.0f} | {r['rejected']:,} |")


if __name__ == "__main__":
    main()
